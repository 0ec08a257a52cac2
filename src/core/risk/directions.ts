/**
 * Known directions: features whose effect on churn risk is common sense. A fitted coefficient against its
 * documented direction is not believed: the feature is dropped and the model refitted, and a warning is
 * recorded on the model (policy "drop", docs/models-risk.md §3).
 */
import { fitRiskModel, FitRiskModelOptions, Label } from './model';
import { FeatureRow, FeatureSpec, RiskModel } from './types';

/** +1: a higher value raises risk; −1: a higher value lowers it. */
export type FeatureDirection = 1 | -1;

export interface DirectionWarning {
  feature: string;
  /** The documented direction. */
  expected: 'RAISES_RISK' | 'LOWERS_RISK';
  /** The fitted coefficient that contradicted it (log-odds per training std). */
  coefficient: number;
  action: 'DROPPED';
  message: string;
}

export interface DirectedFit {
  model: RiskModel;
  warnings: DirectionWarning[];
  /** Features left out because their coefficient contradicted the documented direction. */
  dropped: string[];
}

/** Coefficients smaller than this are noise, not a contradiction. */
const TOLERANCE = 1e-6;

/** The numeric features whose fitted coefficient contradicts their documented direction, worst first. */
export function contradictions(
  model: RiskModel,
  directions: Readonly<Record<string, FeatureDirection>>,
): Array<{ feature: string; coefficient: number; direction: FeatureDirection }> {
  const out: Array<{ feature: string; coefficient: number; direction: FeatureDirection }> = [];
  model.columns.forEach((c, j) => {
    const direction = directions[c.source];
    if (c.kind !== 'numeric' || direction === undefined) return;
    const b = model.coefficients[j];
    if (b * direction < -TOLERANCE) out.push({ feature: c.source, coefficient: b, direction });
  });
  return out.sort((a, b) => Math.abs(b.coefficient) - Math.abs(a.coefficient));
}

/** The spec without some numeric features (and without them in log lists and missing-data groups). */
export function withoutFeatures(spec: FeatureSpec, drop: readonly string[]): FeatureSpec {
  const gone = new Set(drop);
  const groups = spec.missingGroups
    ? Object.fromEntries(
        Object.entries(spec.missingGroups)
          .map(([g, fields]) => [g, fields.filter((f) => !gone.has(f))] as const)
          .filter(([, fields]) => fields.length > 0),
      )
    : undefined;
  return {
    ...spec,
    numeric: spec.numeric.filter((f) => !gone.has(f)),
    categorical: spec.categorical.filter((f) => !gone.has(f)),
    ...(spec.log ? { log: spec.log.filter((f) => !gone.has(f)) } : {}),
    ...(groups ? { missingGroups: groups } : {}),
  };
}

/**
 * Fits the model and enforces the documented directions: while some coefficient contradicts its direction,
 * the worst offender is dropped and the model refitted (one at a time, because correlated features often
 * flip sign only together with another). The result never contradicts a documented direction.
 */
export function fitWithDirections(
  rows: readonly FeatureRow[],
  labels: readonly Label[],
  spec: FeatureSpec,
  directions: Readonly<Record<string, FeatureDirection>>,
  options: FitRiskModelOptions = {},
): DirectedFit {
  const dropped: string[] = [];
  const warnings: DirectionWarning[] = [];
  let current = spec;
  for (;;) {
    const model = fitRiskModel(rows, labels, current, options);
    const [worst] = contradictions(model, directions);
    if (!worst) return { model, warnings, dropped };
    const expected = worst.direction > 0 ? 'RAISES_RISK' : 'LOWERS_RISK';
    dropped.push(worst.feature);
    warnings.push({
      feature: worst.feature,
      expected,
      coefficient: worst.coefficient,
      action: 'DROPPED',
      message: `${worst.feature}: fitted coefficient ${worst.coefficient.toFixed(3)} ${worst.coefficient > 0 ? 'raises' : 'lowers'} risk, against its documented direction (${expected === 'RAISES_RISK' ? 'raises' : 'lowers'} risk); dropped and refitted`,
    });
    current = withoutFeatures(current, [worst.feature]);
  }
}
