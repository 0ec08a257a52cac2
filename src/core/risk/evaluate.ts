import { Fold, stratifiedKFold } from './folds';
import { brierScore, meanAndStd, prAuc, rocAuc } from './metrics';
import { Label, fitRiskModel, predictRiskBatch } from './model';
import { FeatureRow, FeatureSpec } from './types';

export interface FoldResult {
  fold: number;
  auc: number;
  prAuc: number;
  brier: number;
  n: number;
  positives: number;
}

export interface CrossValidationResult {
  auc: number;
  /** Population std (divide by k) of the per-fold AUCs. */
  aucStd: number;
  brier: number;
  prAuc: number;
  n: number;
  positives: number;
  folds: FoldResult[];
}

export interface CrossValidateOptions {
  folds: number;
  seed?: number;
  l2?: number;
}

/**
 * Stratified k-fold cross-validation of the risk model. Everything fitted (means, stds, categories,
 * coefficients) is fitted on the training part of each fold only; metrics are means over folds.
 */
export function crossValidateRiskModel(
  rows: readonly FeatureRow[],
  labels: readonly Label[],
  spec: FeatureSpec,
  options: CrossValidateOptions,
): CrossValidationResult {
  const y: number[] = labels.map((l) => (l === true || l === 1 ? 1 : 0));
  const folds: Fold[] = stratifiedKFold(y, options.folds, options.seed ?? 42);
  const results: FoldResult[] = folds.map((f, k) => {
    const model = fitRiskModel(
      f.train.map((i) => rows[i]),
      f.train.map((i) => y[i]),
      spec,
      { l2: options.l2 },
    );
    const p = predictRiskBatch(
      model,
      f.test.map((i) => rows[i]),
    );
    const yt = f.test.map((i) => y[i]);
    return {
      fold: k + 1,
      auc: rocAuc(p, yt),
      prAuc: prAuc(p, yt),
      brier: brierScore(p, yt),
      n: yt.length,
      positives: yt.reduce((a, b) => a + b, 0),
    };
  });
  const auc = meanAndStd(results.map((r) => r.auc));
  return {
    auc: auc.mean,
    aucStd: auc.std,
    brier: meanAndStd(results.map((r) => r.brier)).mean,
    prAuc: meanAndStd(results.map((r) => r.prAuc)).mean,
    n: y.length,
    positives: y.reduce((a, b) => a + b, 0),
    folds: results,
  };
}
