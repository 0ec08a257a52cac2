/**
 * Shared types of the churn-risk model. Everything here is plain data: a fitted
 * {@link RiskModel} round-trips through `JSON.stringify` / `JSON.parse` unchanged.
 */

/** Which input fields the model uses, and how. */
export interface FeatureSpec {
  /** Numeric fields: standardised with the training mean / std; null, undefined, NaN → training mean. */
  numeric: string[];
  /** Categorical fields: one-hot encoded on the categories seen in training; unseen or missing → all zeros. */
  categorical: string[];
  /** Numeric fields that are counts or amounts (≥ 0): modelled as ln(1 + x) after clipping. */
  log?: string[];
  /**
   * Clip every numeric field to these quantiles of its training values before transforming (no extrapolation:
   * a value beyond anything seen in training counts as the edge of the training range). E.g. 0.01 / 0.99.
   */
  clip?: { lower: number; upper: number };
  /**
   * Explicit missingness: one 0/1 design column per group, 1 when every field of the group is missing in the
   * row (e.g. `signals` before the book sent any usage data). The group's numerics are then at the training
   * mean (z = 0), so the indicator alone carries what "not observed" says about risk.
   */
  missingGroups?: Record<string, string[]>;
}

/** One input row, e.g. one account as of a snapshot day. Extra fields are ignored. */
export type FeatureValue = number | string | boolean | null | undefined;
export type FeatureRow = Readonly<Record<string, FeatureValue>>;

/** One column of the design matrix. */
export type DesignColumn =
  | { kind: 'numeric'; name: string; source: string }
  | { kind: 'onehot'; name: string; source: string; value: string }
  | { kind: 'missing'; name: string; source: string; group: string[] };

/** The fitted feature pipeline: everything needed to turn a row into a design vector. */
export interface FeaturePipeline {
  spec: FeatureSpec;
  /** Training mean of each numeric field (0 when the field was missing on every training row). */
  means: Record<string, number>;
  /** Training population std (divide by n) of each numeric field; 0 means "centred only". */
  stds: Record<string, number>;
  /** Categories of each categorical field seen in training, sorted (code-unit order). */
  categories: Record<string, string[]>;
  /** Clip bounds of each numeric field in raw units (training quantiles), when `spec.clip` is set. */
  clipLow?: Record<string, number>;
  clipHigh?: Record<string, number>;
  /** The design columns, in coefficient order: numerics (spec order) then one-hot columns. */
  columns: DesignColumn[];
}

export type RiskMethod = 'LOGISTIC' | 'HEURISTIC';

/** A fitted L2-regularised logistic regression on the pipeline's design columns. JSON-serialisable. */
export interface RiskModel extends FeaturePipeline {
  version: 1;
  method: 'LOGISTIC';
  /** Readable design-column names (`tenure`, `Contract=Month-to-month`), same order as `coefficients`. */
  featureNames: string[];
  coefficients: number[];
  intercept: number;
  /** Penalty weight: objective = Σ log-loss + l2/2 · Σ coefficient² (intercept not penalised). */
  l2: number;
  iterations: number;
  converged: boolean;
  trainingRows: number;
  trainingPositives: number;
}

export interface RiskDriver {
  /** `tenure` or `Contract=Month-to-month`. */
  feature: string;
  /** The input field behind it. */
  source: string;
  /** The raw input value (null when missing and imputed). */
  value: FeatureValue;
  /** The value the model used after clipping to the training range (raw units); equals `value` when not clipped. */
  clippedValue: number | null;
  /** The design value: standardised numeric, or 1 for an active one-hot column. */
  designValue: number;
  coefficient: number;
  /** coefficient × designValue, on the log-odds scale; > 0 pushes risk up. */
  contribution: number;
}

export interface RiskExplanation {
  probability: number;
  method: 'LOGISTIC';
  /** Log-odds = intercept + Σ contributions over all columns. */
  logOdds: number;
  intercept: number;
  drivers: RiskDriver[];
}

export const RISK_BANDS = ['LOW', 'MEDIUM', 'HIGH'] as const;
export type RiskBand = (typeof RISK_BANDS)[number];

/** p < low → LOW; p < high → MEDIUM; else HIGH. */
export interface RiskCutoffs {
  low: number;
  high: number;
}
