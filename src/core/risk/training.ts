/**
 * The pure training pipeline of the account churn model: from labelled monthly snapshots to an evaluated model
 * (or the heuristic, with a note). No I/O: the risk module gathers the snapshots and stores the outcome.
 *
 *   snapshots → coverage per feature → groups with too little labelled history left out
 *             → time-based holdout → fit with known directions on the training part → holdout metrics
 *             → the deployed model refitted on every snapshot with the same features and policy
 */
import {
  ACCOUNT_FEATURE_DIRECTIONS,
  ACCOUNT_FEATURE_SPEC,
  ACCOUNT_MISSING_GROUPS,
  accountHeuristic,
  snapshotHoldout,
} from './account-features';
import { FeatureDirection, fitWithDirections, withoutFeatures } from './directions';
import { numericValue } from './features';
import { MIN_EVENTS_FOR_MODEL, shouldUseHeuristic } from './heuristic';
import { brierScore, calibrationTable, CalibrationBin, prAuc, rocAuc } from './metrics';
import { predictRiskBatch } from './model';
import { FeatureRow, FeatureSpec, RiskModel } from './types';

export interface TrainingSnapshot {
  /** Snapshot day, `YYYY-MM-DD`. */
  day: string;
  row: FeatureRow;
  /** The CHURN movement in [day, day + horizon), or null. */
  churnEvent: string | null;
  accountId: string;
}

/** How many training rows had each feature (observed, not missing), and how many of them churned. */
export interface FeatureCoverage {
  feature: string;
  rows: number;
  positives: number;
  /** Whether the model uses it (false: its source had too little labelled history, or its direction failed). */
  used: boolean;
}

export interface TrainingEvaluation {
  testRows: number;
  testPositives: number;
  testDays: string[];
  trainDays: string[];
  /** Churn rate of the training part: the no-skill forecast the Brier skill score is measured against. */
  baseRate: number | null;
  /** Brier of always forecasting the base rate, on the test rows. */
  baseBrier: number | null;
  /** 1 − Brier / baseBrier: > 0 beats the base rate, 1 is perfect. */
  brierSkill: number | null;
  coverage: FeatureCoverage[];
  /** Direction and coverage warnings, in words. */
  warnings: string[];
}

export interface TrainingOutcome {
  method: 'LOGISTIC' | 'HEURISTIC';
  trainingRows: number;
  positives: number;
  churnEvents: number;
  auc: number | null;
  prAuc: number | null;
  brier: number | null;
  calibration: CalibrationBin[];
  evaluation: TrainingEvaluation;
  model: RiskModel | null;
  note: string | null;
}

export interface TrainingOptions {
  horizonDays: number;
  /** The complete snapshot days, ascending. */
  days: readonly string[];
  l2?: number;
  minEvents?: number;
  testDays?: number;
  spec?: FeatureSpec;
  directions?: Readonly<Record<string, FeatureDirection>>;
  groups?: Readonly<Record<string, readonly string[]>>;
}

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** Rows (and positives) with each numeric feature present. */
export function featureCoverage(
  rows: readonly FeatureRow[],
  labels: readonly number[],
  features: readonly string[],
): Array<{ feature: string; rows: number; positives: number }> {
  return features.map((feature) => {
    let n = 0;
    let pos = 0;
    rows.forEach((r, i) => {
      if (numericValue(r[feature]) !== null) {
        n++;
        pos += labels[i];
      }
    });
    return { feature, rows: n, positives: pos };
  });
}

/**
 * The groups whose source has too little labelled history: fewer than `minEvents` positive or negative rows
 * where the group was observed. Their features are left out of the model.
 */
export function thinGroups(
  rows: readonly FeatureRow[],
  labels: readonly number[],
  groups: Readonly<Record<string, readonly string[]>>,
  minEvents: number,
): Array<{ group: string; rows: number; positives: number }> {
  const out: Array<{ group: string; rows: number; positives: number }> = [];
  for (const [group, fields] of Object.entries(groups)) {
    let n = 0;
    let pos = 0;
    rows.forEach((r, i) => {
      if (fields.some((f) => numericValue(r[f]) !== null)) {
        n++;
        pos += labels[i];
      }
    });
    if (pos < minEvents || n - pos < minEvents) out.push({ group, rows: n, positives: pos });
  }
  return out;
}

/** Brier skill score against a constant forecast of `baseRate`. */
export function brierSkillScore(
  p: readonly number[],
  y: readonly number[],
  baseRate: number,
): { brier: number; baseBrier: number; skill: number | null } {
  const brier = brierScore(p, y);
  const baseBrier = brierScore(
    y.map(() => baseRate),
    y,
  );
  return { brier, baseBrier, skill: baseBrier > 0 ? 1 - brier / baseBrier : null };
}

/** Trains the account churn model on labelled snapshots (see the file comment). Deterministic. */
export function trainChurnModel(snapshots: readonly TrainingSnapshot[], opts: TrainingOptions): TrainingOutcome {
  const minEvents = opts.minEvents ?? MIN_EVENTS_FOR_MODEL;
  const l2 = opts.l2 ?? 1;
  const baseSpec = opts.spec ?? ACCOUNT_FEATURE_SPEC;
  const directions = opts.directions ?? ACCOUNT_FEATURE_DIRECTIONS;
  const groups: Readonly<Record<string, readonly string[]>> = opts.groups ?? ACCOUNT_MISSING_GROUPS;
  const rows = snapshots.map((s) => s.row);
  const labels = snapshots.map((s) => (s.churnEvent ? 1 : 0));
  const events = new Set(snapshots.filter((s) => s.churnEvent).map((s) => `${s.accountId}|${s.churnEvent}`));
  const positives = sum(labels);
  const base = { trainingRows: rows.length, positives, churnEvents: events.size };
  const coverageOf = (used: ReadonlySet<string>): FeatureCoverage[] =>
    featureCoverage(rows, labels, baseSpec.numeric).map((c) => ({ ...c, used: used.has(c.feature) }));
  const emptyEvaluation = (warnings: string[]): TrainingEvaluation => ({
    testRows: 0,
    testPositives: 0,
    testDays: [],
    trainDays: [],
    baseRate: rows.length ? positives / rows.length : null,
    baseBrier: null,
    brierSkill: null,
    coverage: coverageOf(new Set()),
    warnings,
  });

  const heuristic = (note: string, warnings: string[] = []): TrainingOutcome => {
    const both = positives > 0 && positives < rows.length;
    const p = rows.map((r) => accountHeuristic(r).probability);
    const evaluation = emptyEvaluation(warnings);
    if (rows.length && evaluation.baseRate !== null) {
      const b = brierSkillScore(p, labels, evaluation.baseRate);
      evaluation.baseBrier = b.baseBrier;
      evaluation.brierSkill = b.skill;
    }
    return {
      method: 'HEURISTIC',
      ...base,
      auc: both ? finite(rocAuc(p, labels)) : null,
      prAuc: both ? finite(prAuc(p, labels)) : null,
      brier: rows.length ? brierScore(p, labels) : null,
      calibration: rows.length ? calibrationTable(p, labels, 10) : [],
      evaluation,
      model: null,
      note,
    };
  };

  if (events.size < minEvents || shouldUseHeuristic(labels, minEvents)) {
    return heuristic(
      `${events.size} churn events (${positives} positive of ${rows.length} rows over ${opts.days.length} snapshots): at least ${minEvents} churn events and ${minEvents} non-events are needed; metrics are of the heuristic on all labelled rows`,
    );
  }

  const holdout = snapshotHoldout(opts.days, opts.horizonDays, opts.testDays ?? 3);
  const trainIdx: number[] = [];
  const testIdx: number[] = [];
  if (holdout) {
    const tr = new Set(holdout.trainDays);
    const te = new Set(holdout.testDays);
    snapshots.forEach((s, i) => {
      if (tr.has(s.day)) trainIdx.push(i);
      if (te.has(s.day)) testIdx.push(i);
    });
  }
  const pick = <T>(xs: readonly T[], idx: readonly number[]) => idx.map((i) => xs[i]);
  const trainRows = pick(rows, trainIdx);
  const trainLabels = pick(labels, trainIdx);
  const testLabels = pick(labels, testIdx);
  const testPos = sum(testLabels);
  if (!holdout || sum(trainLabels) === 0 || testPos === 0 || testPos === testLabels.length) {
    return heuristic(
      'the time-based holdout has no churn event in its training part or test part; the model cannot be evaluated',
    );
  }

  // A source observed for too little labelled history (in the part the evaluation model learns from) is left out.
  const warnings: string[] = [];
  const thin = thinGroups(trainRows, trainLabels, groups, minEvents);
  const thinFeatures = thin.flatMap((g) => [...groups[g.group]]);
  for (const g of thin)
    warnings.push(
      `${g.group}: observed on ${g.rows} training rows with ${g.positives} churned (at least ${minEvents} of each are needed); its features (${groups[g.group].join(', ')}) are not used`,
    );
  const spec = withoutFeatures(baseSpec, thinFeatures);

  const evalFit = fitWithDirections(trainRows, trainLabels, spec, directions, { l2 });
  const p = predictRiskBatch(evalFit.model, pick(rows, testIdx));
  const baseRate = sum(trainLabels) / trainLabels.length;
  const skill = brierSkillScore(p, testLabels, baseRate);
  // The deployed model: every labelled snapshot, the same features (directions checked again on all rows).
  const finalFit = fitWithDirections(rows, labels, withoutFeatures(spec, evalFit.dropped), directions, { l2 });
  for (const w of [...evalFit.warnings, ...finalFit.warnings]) warnings.push(w.message);
  const used = new Set(finalFit.model.spec.numeric);

  return {
    method: 'LOGISTIC',
    ...base,
    auc: finite(rocAuc(p, testLabels)),
    prAuc: finite(prAuc(p, testLabels)),
    brier: skill.brier,
    calibration: calibrationTable(p, testLabels, 10),
    evaluation: {
      testRows: testIdx.length,
      testPositives: testPos,
      testDays: holdout.testDays,
      trainDays: holdout.trainDays,
      baseRate,
      baseBrier: skill.baseBrier,
      brierSkill: skill.skill,
      coverage: coverageOf(used),
      warnings,
    },
    model: finalFit.model,
    note: null,
  };
}
