/**
 * The reference health engine over plain per-account data (scorecard defaults, one account's health, trend from
 * a score history). A test oracle for the set-based SQL path, not used by the service.
 */
import {
  HealthScoreResult,
  HealthTrend,
  healthTrend,
  MeasureDefinition,
  scoreAccount,
  ScorecardDefinition,
} from '../scorecard-scoring';
import { AccountHealthData, asOfDayNumber, computeRawMeasures, toDayNumber } from '../raw-measures';

/** A measure of a scorecard (the spec's name). */
export type Measure = MeasureDefinition;

/** A stored scorecard: a definition with its id and version. `segment` null = the default scorecard. */
export interface Scorecard extends ScorecardDefinition {
  id: string;
  version: number;
}

/** The thresholds a scorecard gets when it gives none. */
export const SCORECARD_DEFAULTS = { redBelow: 40, greenAtOrAbove: 70, minCoverage: 0.5 } as const;

export type ScorecardDraft = Omit<ScorecardDefinition, 'redBelow' | 'greenAtOrAbove' | 'minCoverage' | 'segment'> &
  Partial<Pick<ScorecardDefinition, 'redBelow' | 'greenAtOrAbove' | 'minCoverage' | 'segment'>>;

/** Fills in the defaults (redBelow 40, greenAtOrAbove 70, minCoverage 0.5, segment null). */
export function withScorecardDefaults(draft: ScorecardDraft): ScorecardDefinition {
  return {
    ...draft,
    segment: draft.segment ?? null,
    redBelow: draft.redBelow ?? SCORECARD_DEFAULTS.redBelow,
    greenAtOrAbove: draft.greenAtOrAbove ?? SCORECARD_DEFAULTS.greenAtOrAbove,
    minCoverage: draft.minCoverage ?? SCORECARD_DEFAULTS.minCoverage,
  };
}

/**
 * Health of one account from plain data as of a day: raw values by the reference implementation, then
 * scoring. A test oracle: the service computes health (also the what-if preview) with one SQL statement over
 * the daily rollups (modules/health/health-computer.service.ts), and the e2e tests compare the two.
 */
export function computeHealth(
  card: ScorecardDefinition,
  data: AccountHealthData,
  asOf: string | Date,
): HealthScoreResult {
  return scoreAccount(card, computeRawMeasures(card.measures, data, asOf));
}

/** One point of an account's score history. */
export interface ScoreHistoryPoint {
  day: string;
  score: number | null;
}

/**
 * How far back a missing history day may be replaced by an earlier point (a nightly run that did not
 * happen): the score 7 days ago is the point of day D − 7, else the latest one in [D − 7 − 3, D − 7].
 */
export const TREND_LOOKBACK_TOLERANCE_DAYS = 3;

/** The score of the history point on `target`, else the latest within the tolerance before it; undefined when none. */
export function scoreOnOrBefore(
  history: readonly ScoreHistoryPoint[],
  target: number,
  tolerance = TREND_LOOKBACK_TOLERANCE_DAYS,
): number | null | undefined {
  let best: { d: number; score: number | null } | undefined;
  for (const p of history) {
    const d = toDayNumber(p.day);
    if (d > target || d < target - tolerance) continue;
    if (!best || d >= best.d) best = { d, score: p.score };
  }
  return best?.score;
}

/**
 * The trend as of a day from the score history: delta vs the score 7 and 30 days before (null when there
 * is no such point, or either score is null); direction from delta7d with a dead band of 2 points.
 * `current` defaults to the history point of the as-of day itself.
 */
export function trendFromHistory(
  history: readonly ScoreHistoryPoint[],
  asOf: string | Date,
  current?: number | null,
): HealthTrend {
  const D = asOfDayNumber(asOf);
  const now = current !== undefined ? current : (scoreOnOrBefore(history, D, 0) ?? null);
  return healthTrend(now, scoreOnOrBefore(history, D - 7), scoreOnOrBefore(history, D - 30));
}
