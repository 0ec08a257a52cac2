import { clipValue, fitFeaturePipeline, numericValue, transformRow } from './features';
import { fitLogistic, sigmoid } from './logistic';
import { FeatureRow, FeatureSpec, RiskDriver, RiskExplanation, RiskModel } from './types';

export interface FitRiskModelOptions {
  /** L2 penalty weight (sum-of-losses scale, intercept not penalised). Default 1. */
  l2?: number;
  maxIterations?: number;
}

/** Labels may be 0/1 numbers or booleans (true = churned). */
export type Label = number | boolean;

/**
 * Fit the churn-risk model: learn the feature pipeline on `rows` (means, stds, categories), then an
 * L2-regularised logistic regression on the standardised design. Returns plain JSON-able data.
 */
export function fitRiskModel(
  rows: readonly FeatureRow[],
  labels: readonly Label[],
  spec: FeatureSpec,
  options: FitRiskModelOptions = {},
): RiskModel {
  if (rows.length !== labels.length) throw new Error(`${rows.length} rows but ${labels.length} labels`);
  if (rows.length === 0) throw new Error('cannot fit a risk model on zero rows');
  const y: number[] = labels.map((l, i) => {
    const v = typeof l === 'boolean' ? (l ? 1 : 0) : l;
    if (v !== 0 && v !== 1) throw new Error(`label ${i} is ${String(l)}, expected 0/1 or a boolean`);
    return v;
  });
  const l2 = options.l2 ?? 1;
  const pipeline = fitFeaturePipeline(rows, spec);
  const X = rows.map((r) => transformRow(pipeline, r));
  const fit = fitLogistic(X, y, { l2, maxIterations: options.maxIterations });
  return {
    version: 1,
    method: 'LOGISTIC',
    ...pipeline,
    featureNames: pipeline.columns.map((c) => c.name),
    coefficients: fit.coefficients,
    intercept: fit.intercept,
    l2,
    iterations: fit.iterations,
    converged: fit.converged,
    trainingRows: rows.length,
    trainingPositives: y.reduce((a, b) => a + b, 0),
  };
}

function logOdds(model: RiskModel, x: Float64Array): number {
  let eta = model.intercept;
  for (let j = 0; j < x.length; j++) eta += model.coefficients[j] * x[j];
  return eta;
}

/** Predicted churn probability of one row. */
export function predictRisk(model: RiskModel, row: FeatureRow): number {
  return sigmoid(logOdds(model, transformRow(model, row)));
}

/** Predicted churn probabilities of many rows. */
export function predictRiskBatch(model: RiskModel, rows: readonly FeatureRow[]): number[] {
  const x = new Float64Array(model.columns.length);
  return rows.map((r) => sigmoid(logOdds(model, transformRow(model, r, x))));
}

/**
 * Why is this account at risk: the k design columns with the largest |coefficient × design value|,
 * with their signed contribution to the log-odds (> 0 raises risk). Inactive one-hot columns and
 * imputed (missing) numerics contribute exactly 0 and are never listed; a missing-data group that is
 * missing is listed as `missing:<group>`. Each numeric driver has its raw value and the clipped value the
 * model used. Ties keep column order.
 */
export function explainRisk(model: RiskModel, row: FeatureRow, k = 5): RiskExplanation {
  const x = transformRow(model, row);
  const eta = logOdds(model, x);
  const drivers: RiskDriver[] = [];
  model.columns.forEach((col, j) => {
    const contribution = model.coefficients[j] * x[j];
    if (contribution === 0) return;
    const raw = col.kind === 'missing' ? null : row[col.source];
    const v = col.kind === 'numeric' ? numericValue(raw) : null;
    drivers.push({
      feature: col.name,
      source: col.source,
      value: col.kind === 'numeric' ? v : col.kind === 'onehot' ? col.value : null,
      clippedValue: v === null ? null : clipValue(model, col.source, v),
      designValue: x[j],
      coefficient: model.coefficients[j],
      contribution,
    });
  });
  const ranked = drivers
    .map((d, i) => ({ d, i }))
    .sort((a, b) => Math.abs(b.d.contribution) - Math.abs(a.d.contribution) || a.i - b.i)
    .slice(0, Math.max(0, k))
    .map((e) => e.d);
  return { probability: sigmoid(eta), method: 'LOGISTIC', logOdds: eta, intercept: model.intercept, drivers: ranked };
}
