/**
 * The product's account-level churn features, the ledger-only heuristic, monthly snapshot days and the
 * time-based holdout used by the risk module. Pure functions (no I/O).
 */
import { heuristicRiskFromHealth } from './heuristic';
import { FeatureRow, FeatureSpec } from './types';

/** Numeric features of one account as of a day t (only data strictly before t); segment one-hot. */
export const ACCOUNT_NUMERIC_FEATURES = [
  'activeDays30',
  'activeDays90',
  'usageTrend',
  'daysSinceLastActivity',
  'featureBreadth',
  'seatChange90',
  'npsLatest',
  'npsAvg',
  'detractor',
  'negativeTickets90',
  'paymentFailures90',
  'mrr',
  'mrrChange90',
  'tenureDays',
  'daysToRenewal',
  'healthScore',
] as const;
export type AccountNumericFeature = (typeof ACCOUNT_NUMERIC_FEATURES)[number];

/**
 * Feature sources and the features they feed. A source is observed from its first record in the book
 * (`observed-since`); a snapshot at t uses a source's features only when the source was observed for the whole
 * window before t (`SOURCE_WINDOW_DAYS`), otherwise they are missing and the group's indicator says so.
 */
export const ACCOUNT_MISSING_GROUPS = {
  signals: [
    'activeDays30',
    'activeDays90',
    'usageTrend',
    'daysSinceLastActivity',
    'featureBreadth',
    'negativeTickets90',
    'paymentFailures90',
  ],
  seats: ['seatChange90'],
  nps: ['npsLatest', 'npsAvg', 'detractor'],
  health: ['healthScore'],
} as const satisfies Record<string, readonly AccountNumericFeature[]>;
export type AccountFeatureGroup = keyof typeof ACCOUNT_MISSING_GROUPS;

export type FeatureSource = 'signals' | 'feedback' | 'health';
/** Which source feeds each group. */
export const GROUP_SOURCE: Record<AccountFeatureGroup, FeatureSource> = {
  signals: 'signals',
  seats: 'signals',
  nps: 'feedback',
  health: 'health',
};
/** How long before t a source must have been observed for its features to count at t (the longest window). */
export const SOURCE_WINDOW_DAYS: Record<FeatureSource, number> = { signals: 90, feedback: 90, health: 1 };

/**
 * Known directions (common sense; a fitted coefficient against one is dropped with a warning, see
 * directions.ts): +1 raises risk, −1 lowers it. Ledger size and timing (MRR, tenure, days to renewal) and the
 * segment have no documented direction.
 */
export const ACCOUNT_FEATURE_DIRECTIONS: Readonly<Partial<Record<AccountNumericFeature, 1 | -1>>> = {
  daysSinceLastActivity: 1,
  negativeTickets90: 1,
  paymentFailures90: 1,
  detractor: 1,
  activeDays30: -1,
  activeDays90: -1,
  usageTrend: -1,
  featureBreadth: -1,
  seatChange90: -1,
  npsLatest: -1,
  npsAvg: -1,
  healthScore: -1,
  mrrChange90: -1,
};

/** Counts and amounts modelled on a log scale (ln(1 + x)), after clipping. */
export const ACCOUNT_LOG_FEATURES: AccountNumericFeature[] = [
  'daysSinceLastActivity',
  'negativeTickets90',
  'paymentFailures90',
  'mrr',
  'tenureDays',
];

export const ACCOUNT_FEATURE_SPEC: FeatureSpec = {
  numeric: [...ACCOUNT_NUMERIC_FEATURES],
  categorical: ['segment'],
  log: [...ACCOUNT_LOG_FEATURES],
  clip: { lower: 0.01, upper: 0.99 },
  missingGroups: Object.fromEntries(Object.entries(ACCOUNT_MISSING_GROUPS).map(([g, f]) => [g, [...f]])),
};

export interface HeuristicDriver {
  feature: string;
  value: number | null;
  /** Points of (proxy) health removed by this feature, so > 0 raises risk. */
  contribution: number;
}

export interface AccountHeuristic {
  probability: number;
  /** The health score used: the real one when present, else the ledger/activity proxy. */
  healthScore: number;
  source: 'HEALTH' | 'PROXY';
  drivers: HeuristicDriver[];
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * Heuristic churn risk of one account (used when there are too few churn events to fit the model):
 * p = heuristicRiskFromHealth(s). s is the account's health score when it has one; otherwise a proxy
 * health score from the MRR ledger and whatever activity data exist:
 *
 *   s = 70                                              (neutral start)
 *     + 60 · clamp(r, −0.5, 0.25)                       r = mrrChange90 / (mrr − mrrChange90), MRR trend over 90 days
 *     + 40 · (activeDays30 / 30 − 0.5)                  only when activity is known
 *     − 15 if daysSinceLastActivity > 30
 *     − 10 if paymentFailures90 > 0
 *     − 10 if detractor (latest NPS ≤ 6)
 *     − 5 · min(negativeTickets90, 3)
 *   clamped to [0, 100].
 *
 * An account with flat MRR and nothing else known scores s = 70 → p = 0.131 (LOW). Drivers are the
 * adjustments, sign-flipped (health points removed), largest first; zero adjustments are not listed.
 */
export function accountHeuristic(row: FeatureRow): AccountHeuristic {
  const health = num(row.healthScore);
  if (health !== null) {
    const h = heuristicRiskFromHealth(health);
    return {
      probability: h.probability,
      healthScore: h.healthScore,
      source: 'HEALTH',
      drivers: [{ feature: 'healthScore', value: health, contribution: 50 - h.healthScore }],
    };
  }
  const drivers: HeuristicDriver[] = [];
  let s = 70;
  const adjust = (feature: string, value: number | null, points: number) => {
    if (points === 0) return;
    s += points;
    drivers.push({ feature, value, contribution: -points });
  };
  const mrr = num(row.mrr);
  const change = num(row.mrrChange90);
  if (mrr !== null && change !== null) {
    const before = mrr - change;
    const r = before > 0 ? change / before : change > 0 ? 0.25 : 0;
    adjust('mrrChange90', change, 60 * Math.min(0.25, Math.max(-0.5, r)));
  }
  const active30 = num(row.activeDays30);
  if (active30 !== null) adjust('activeDays30', active30, 40 * (Math.min(30, Math.max(0, active30)) / 30 - 0.5));
  const since = num(row.daysSinceLastActivity);
  if (since !== null && since > 30) adjust('daysSinceLastActivity', since, -15);
  const failures = num(row.paymentFailures90);
  if (failures !== null && failures > 0) adjust('paymentFailures90', failures, -10);
  const detractor = num(row.detractor);
  if (detractor !== null && detractor > 0) adjust('detractor', detractor, -10);
  const tickets = num(row.negativeTickets90);
  if (tickets !== null && tickets > 0) adjust('negativeTickets90', tickets, -5 * Math.min(3, tickets));
  const h = heuristicRiskFromHealth(Math.min(100, Math.max(0, s)));
  drivers.sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution));
  return { probability: h.probability, healthScore: h.healthScore, source: 'PROXY', drivers };
}

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` of a UTC instant. */
export function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/**
 * Monthly as-of snapshot days: the 1st of every month strictly after the month of `first` up to and
 * including the 1st of the month of `until`. (The first month has no history before it.)
 */
export function monthlySnapshotDays(first: Date, until: Date): string[] {
  const days: string[] = [];
  let y = first.getUTCFullYear();
  let m = first.getUTCMonth() + 1;
  for (;;) {
    const d = new Date(Date.UTC(y, m, 1));
    if (d.getTime() > until.getTime()) break;
    days.push(isoDay(d));
    m++;
    if (m > 11) {
      m = 0;
      y++;
    }
  }
  return days;
}

/** Snapshot days whose label window [t, t + horizon) has ended by `now`. */
export function completeSnapshotDays(days: readonly string[], horizonDays: number, now: Date): string[] {
  return days.filter((d) => Date.parse(`${d}T00:00:00Z`) + horizonDays * DAY_MS <= now.getTime());
}

export interface SnapshotHoldout {
  /** Snapshot days to fit the evaluation model on: t + horizon ≤ the first test day (labels known by then). */
  trainDays: string[];
  /** The latest `testCount` complete snapshot days. */
  testDays: string[];
}

/**
 * Time-based holdout over complete snapshot days: test on the latest `testCount` days; train on the days
 * whose whole label window ends at or before the first test day, so no training label was observed
 * after the test period starts. Null when that leaves no training day.
 */
export function snapshotHoldout(
  completeDays: readonly string[],
  horizonDays: number,
  testCount = 3,
): SnapshotHoldout | null {
  const sorted = [...new Set(completeDays)].sort();
  if (sorted.length < 2) return null;
  const k = Math.max(1, Math.min(testCount, sorted.length - 1));
  const testDays = sorted.slice(sorted.length - k);
  const firstTest = Date.parse(`${testDays[0]}T00:00:00Z`);
  const trainDays = sorted.filter((d) => Date.parse(`${d}T00:00:00Z`) + horizonDays * DAY_MS <= firstTest);
  return trainDays.length ? { trainDays, testDays } : null;
}
