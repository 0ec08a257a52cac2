/**
 * Health scores that explain themselves: each measure's raw value is mapped to 0..100 by a piecewise-linear
 * scale, weighted, and the weights of measures without data are redistributed over the others. Below the
 * scorecard's minimum coverage there is no score at all (band UNKNOWN) — never a fake 50.
 */

export type MeasureMetric =
  | 'ACTIVE_DAYS'
  | 'EVENT_COUNT'
  | 'QUANTITY_SUM'
  | 'USAGE_TREND'
  | 'DAYS_SINCE_LAST_ACTIVITY'
  | 'DISTINCT_FEATURES'
  | 'NPS_LATEST'
  | 'NPS_AVERAGE'
  | 'CSAT_AVERAGE'
  | 'NEGATIVE_TICKET_SHARE'
  | 'PAYMENT_FAILURES'
  | 'MRR_CHANGE_PCT'
  | 'DAYS_TO_RENEWAL'
  | 'TENURE_DAYS';

export const MEASURE_METRICS: readonly MeasureMetric[] = [
  'ACTIVE_DAYS',
  'EVENT_COUNT',
  'QUANTITY_SUM',
  'USAGE_TREND',
  'DAYS_SINCE_LAST_ACTIVITY',
  'DISTINCT_FEATURES',
  'NPS_LATEST',
  'NPS_AVERAGE',
  'CSAT_AVERAGE',
  'NEGATIVE_TICKET_SHARE',
  'PAYMENT_FAILURES',
  'MRR_CHANGE_PCT',
  'DAYS_TO_RENEWAL',
  'TENURE_DAYS',
];

/** Metrics that read a signal type (others ignore `signalType`). */
export const SIGNAL_METRICS: ReadonlySet<MeasureMetric> = new Set([
  'ACTIVE_DAYS',
  'EVENT_COUNT',
  'QUANTITY_SUM',
  'USAGE_TREND',
  'DAYS_SINCE_LAST_ACTIVITY',
]);

export const HEALTH_BANDS = ['GREEN', 'YELLOW', 'RED', 'UNKNOWN'] as const;
export type HealthBand = (typeof HEALTH_BANDS)[number];

/** Where the 7-day health trend points (healthTrend). */
export const TREND_DIRECTIONS = ['UP', 'DOWN', 'FLAT'] as const;
export type TrendDirection = (typeof TREND_DIRECTIONS)[number];

export interface ScalePoint {
  value: number;
  score: number;
}

export interface MeasureDefinition {
  key: string;
  label: string;
  metric: MeasureMetric;
  signalType?: string | null;
  windowDays?: number | null;
  weight: number;
  points: ScalePoint[];
}

export interface ScorecardDefinition {
  name: string;
  segment: string | null;
  measures: MeasureDefinition[];
  redBelow: number;
  greenAtOrAbove: number;
  minCoverage: number;
}

export interface HealthComponentResult {
  key: string;
  label: string;
  rawValue: number | null;
  score: number | null;
  weight: number;
  effectiveWeight: number;
  contribution: number;
  missing: boolean;
}

export interface HealthScoreResult {
  score: number | null;
  band: HealthBand;
  coverage: number;
  components: HealthComponentResult[];
}

/** Piecewise-linear map of a raw value to a score, clamped at the ends. Points are sorted by value. */
export function scaleScore(points: readonly ScalePoint[], value: number): number {
  if (points.length === 0) throw new RangeError('a scale needs at least one point');
  if (value <= points[0].value) return points[0].score;
  const last = points[points.length - 1];
  if (value >= last.value) return last.score;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1];
    const b = points[i];
    if (value <= b.value) {
      return a.score + ((value - a.value) / (b.value - a.value)) * (b.score - a.score);
    }
  }
  return last.score;
}

/** RED below `redBelow`, GREEN at or above `greenAtOrAbove`, else YELLOW; null score → UNKNOWN. */
export function bandFor(
  score: number | null,
  card: Pick<ScorecardDefinition, 'redBelow' | 'greenAtOrAbove'>,
): HealthBand {
  if (score === null) return 'UNKNOWN';
  if (score < card.redBelow) return 'RED';
  if (score >= card.greenAtOrAbove) return 'GREEN';
  return 'YELLOW';
}

/**
 * Scores one account from the raw values of the scorecard's measures (keyed by measure key; null or
 * absent = no data). Contributions (effectiveWeight × score) add up to the score.
 */
export function scoreAccount(
  card: ScorecardDefinition,
  raw: Readonly<Record<string, number | null | undefined>>,
): HealthScoreResult {
  const total = card.measures.reduce((s, m) => s + m.weight, 0);
  const withData = card.measures.filter((m) => isPresent(raw[m.key]));
  const covered = withData.reduce((s, m) => s + m.weight, 0);
  const coverage = total > 0 ? covered / total : 0;
  const enough = covered > 0 && coverage >= card.minCoverage - 1e-12;
  const components = card.measures.map((m): HealthComponentResult => {
    const value = raw[m.key];
    if (!isPresent(value)) {
      return {
        key: m.key,
        label: m.label,
        rawValue: null,
        score: null,
        weight: m.weight,
        effectiveWeight: 0,
        contribution: 0,
        missing: true,
      };
    }
    const score = scaleScore(m.points, value);
    const effectiveWeight = enough ? m.weight / covered : 0;
    return {
      key: m.key,
      label: m.label,
      rawValue: value,
      score,
      weight: m.weight,
      effectiveWeight,
      contribution: effectiveWeight * score,
      missing: false,
    };
  });
  if (!enough) return { score: null, band: 'UNKNOWN', coverage, components };
  const score = components.reduce((s, c) => s + c.contribution, 0);
  return { score, band: bandFor(score, card), coverage, components };
}

function isPresent(v: number | null | undefined): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

export interface HealthTrend {
  delta7d: number | null;
  delta30d: number | null;
  direction: TrendDirection;
}

/** Points within ±2 of the score a week ago count as FLAT. */
export const TREND_DEAD_BAND = 2;

/** The change against the scores 7 and 30 days ago (null when either side has no score). */
export function healthTrend(
  now: number | null,
  sevenDaysAgo: number | null | undefined,
  thirtyDaysAgo: number | null | undefined,
): HealthTrend {
  const d7 = now !== null && typeof sevenDaysAgo === 'number' ? now - sevenDaysAgo : null;
  const d30 = now !== null && typeof thirtyDaysAgo === 'number' ? now - thirtyDaysAgo : null;
  const direction = d7 === null || Math.abs(d7) < TREND_DEAD_BAND ? 'FLAT' : d7 > 0 ? 'UP' : 'DOWN';
  return { delta7d: d7, delta30d: d30, direction };
}

export interface FieldProblem {
  field: string;
  message: string;
}

/** Validates a scorecard before it is saved; every problem is reported with its field path. */
export function validateScorecard(card: ScorecardDefinition): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });
  if (!card.name || !card.name.trim() || card.name.length > 200) add('name', 'must be 1..200 characters');
  if (card.segment !== null && (!card.segment.trim() || card.segment.length > 100))
    add('segment', 'must be 1..100 characters or null');
  if (!Number.isFinite(card.redBelow) || card.redBelow < 0 || card.redBelow > 100)
    add('redBelow', 'must be between 0 and 100');
  if (!Number.isFinite(card.greenAtOrAbove) || card.greenAtOrAbove < 0 || card.greenAtOrAbove > 100)
    add('greenAtOrAbove', 'must be between 0 and 100');
  if (card.redBelow > card.greenAtOrAbove) add('greenAtOrAbove', 'must be at least redBelow');
  if (!Number.isFinite(card.minCoverage) || card.minCoverage <= 0 || card.minCoverage > 1)
    add('minCoverage', 'must be in (0, 1]');
  if (!card.measures.length) add('measures', 'needs at least one measure');
  if (card.measures.length > 50) add('measures', 'at most 50 measures');
  const keys = new Set<string>();
  card.measures.forEach((m, i) => {
    const f = `measures[${i}]`;
    if (!/^[a-z][a-z0-9_]{0,63}$/.test(m.key ?? '')) add(`${f}.key`, 'must match ^[a-z][a-z0-9_]{0,63}$');
    else if (keys.has(m.key)) add(`${f}.key`, `duplicate key ${m.key}`);
    keys.add(m.key);
    if (!m.label || !m.label.trim() || m.label.length > 200) add(`${f}.label`, 'must be 1..200 characters');
    if (!MEASURE_METRICS.includes(m.metric)) add(`${f}.metric`, 'unknown metric');
    if (!(Number.isFinite(m.weight) && m.weight > 0 && m.weight <= 1000))
      add(`${f}.weight`, 'must be > 0 (and ≤ 1000)');
    if (
      m.windowDays !== null &&
      m.windowDays !== undefined &&
      !(Number.isInteger(m.windowDays) && m.windowDays >= 1 && m.windowDays <= 365)
    ) {
      add(`${f}.windowDays`, 'must be an integer between 1 and 365');
    }
    if (m.signalType !== null && m.signalType !== undefined) {
      if (!/^[a-z][a-z0-9_.]{0,63}$/.test(m.signalType)) add(`${f}.signalType`, 'must match ^[a-z][a-z0-9_.]{0,63}$');
      else if (!SIGNAL_METRICS.has(m.metric)) add(`${f}.signalType`, `is not used by ${m.metric}`);
    }
    if (!m.points?.length) add(`${f}.points`, 'needs at least one point');
    else if (m.points.length > 20) add(`${f}.points`, 'at most 20 points');
    else {
      for (let j = 0; j < m.points.length; j++) {
        const p = m.points[j];
        if (!Number.isFinite(p.value) || !Number.isFinite(p.score) || p.score < 0 || p.score > 100) {
          add(`${f}.points[${j}]`, 'value must be finite and score between 0 and 100');
        } else if (j > 0 && !(p.value > m.points[j - 1].value)) {
          add(`${f}.points[${j}]`, 'points must be sorted by strictly increasing value');
        }
      }
    }
  });
  return problems;
}

/** The scorecard for a segment: the one for that segment, else the default (segment null). */
export function selectScorecard<T extends { segment: string | null }>(
  cards: readonly T[],
  segment: string | null | undefined,
): T | null {
  return (
    cards.find((c) => c.segment !== null && c.segment === segment) ?? cards.find((c) => c.segment === null) ?? null
  );
}

/**
 * The default scorecard that ships with Vitals. Weights favour behaviour (usage, breadth, recency) over
 * single survey answers; every scale is documented in docs/health.md.
 */
export const DEFAULT_SCORECARD: ScorecardDefinition = {
  name: 'Default health',
  segment: null,
  redBelow: 40,
  greenAtOrAbove: 70,
  minCoverage: 0.5,
  measures: [
    {
      key: 'login_frequency',
      label: 'Login days (30 d)',
      metric: 'ACTIVE_DAYS',
      signalType: 'login',
      windowDays: 30,
      weight: 20,
      points: [
        { value: 0, score: 0 },
        { value: 4, score: 40 },
        { value: 12, score: 80 },
        { value: 20, score: 100 },
      ],
    },
    {
      key: 'usage_trend',
      label: 'Usage trend (30 d vs 30 d before, %)',
      metric: 'USAGE_TREND',
      windowDays: 30,
      weight: 15,
      points: [
        { value: -50, score: 0 },
        { value: -20, score: 40 },
        { value: 0, score: 70 },
        { value: 20, score: 100 },
      ],
    },
    {
      key: 'feature_breadth',
      label: 'Distinct features used (30 d)',
      metric: 'DISTINCT_FEATURES',
      windowDays: 30,
      weight: 15,
      points: [
        { value: 0, score: 0 },
        { value: 2, score: 40 },
        { value: 5, score: 80 },
        { value: 8, score: 100 },
      ],
    },
    {
      key: 'nps_latest',
      label: 'Latest NPS answer',
      metric: 'NPS_LATEST',
      weight: 10,
      points: [
        { value: 0, score: 0 },
        { value: 6, score: 30 },
        { value: 8, score: 70 },
        { value: 10, score: 100 },
      ],
    },
    {
      key: 'negative_tickets',
      label: 'Negative share of tickets (90 d)',
      metric: 'NEGATIVE_TICKET_SHARE',
      windowDays: 90,
      weight: 10,
      points: [
        { value: 0, score: 100 },
        { value: 0.25, score: 60 },
        { value: 0.5, score: 20 },
        { value: 1, score: 0 },
      ],
    },
    {
      key: 'payment_failures',
      label: 'Failed payments (90 d)',
      metric: 'PAYMENT_FAILURES',
      windowDays: 90,
      weight: 10,
      points: [
        { value: 0, score: 100 },
        { value: 1, score: 50 },
        { value: 3, score: 0 },
      ],
    },
    {
      key: 'mrr_change',
      label: 'MRR change (90 d, %)',
      metric: 'MRR_CHANGE_PCT',
      windowDays: 90,
      weight: 10,
      points: [
        { value: -50, score: 0 },
        { value: -10, score: 40 },
        { value: 0, score: 70 },
        { value: 20, score: 100 },
      ],
    },
    {
      key: 'recency',
      label: 'Days since last activity',
      metric: 'DAYS_SINCE_LAST_ACTIVITY',
      weight: 10,
      points: [
        { value: 0, score: 100 },
        { value: 3, score: 90 },
        { value: 14, score: 40 },
        { value: 30, score: 0 },
      ],
    },
  ],
};
