import { MeasureDefinition, MeasureMetric } from './scorecard-scoring';

/**
 * The reference implementation of every measure's raw value over plain per-account data, as of a day.
 * It is the oracle the set-based SQL over the daily rollups is tested against (the service, the what-if
 * preview included, runs that SQL), and it owns the measure windows the SQL reads. Every rule (windows, "missing", activity) is documented in docs/health.md.
 *
 * Time: all days are UTC calendar days 'YYYY-MM-DD'. "As of day D" sees rollup days ≤ D and instants before
 * D + 1 day 00:00 UTC. A window of w days is the w days ending with D: day in (D − w, D]; an instant is in
 * the window when its UTC day is.
 */

const DAY_MS = 86_400_000;

/** One row of the daily rollup (one per account, UTC day and signal type). */
export interface DailyRollup {
  day: string;
  type: string;
  /** Number of signals that day. */
  count: number;
  /** Sum of the signals' quantities (1 each unless given). */
  quantity: number;
  /** feature_used rows: the distinct features used that day. */
  features?: readonly string[];
  /**
   * support_ticket rows: how many of the day's `count` tickets had each sentiment (tickets without a
   * sentiment are in `count` only).
   */
  sentiment?: { positive?: number; neutral?: number; negative?: number };
}

export interface NpsResponse {
  /** 0..10 */
  score: number;
  respondedAt: Date | string;
}

export interface CsatResponse {
  /** 1..5 */
  score: number;
  respondedAt: Date | string;
}

export type MrrMovementType = 'NEW' | 'EXPANSION' | 'CONTRACTION' | 'CHURN' | 'REACTIVATION';

/** A movement of the MRR ledger (cents). Order: effectiveAt, then seq, then input order. */
export interface MrrMovementRecord {
  type: MrrMovementType;
  effectiveAt: Date | string;
  mrrBeforeCents: number;
  mrrAfterCents: number;
  seq?: number;
}

/** Everything the health engine reads about one account. */
export interface AccountHealthData {
  rollups: readonly DailyRollup[];
  nps?: readonly NpsResponse[];
  csat?: readonly CsatResponse[];
  mrrMovements?: readonly MrrMovementRecord[];
  /** 'YYYY-MM-DD' or null. */
  renewalDate?: string | null;
  customerSince?: Date | string | null;
}

/**
 * Signal types that are not the customer using the product. They are left out of "any activity" (an
 * ACTIVE_DAYS / EVENT_COUNT / QUANTITY_SUM / USAGE_TREND / DAYS_SINCE_LAST_ACTIVITY measure without a
 * signalType, DORMANT and USAGE_DROP) — the same list the churn-risk features use. A measure with an
 * explicit signalType reads exactly that type, whatever it is.
 */
export const NON_ACTIVITY_SIGNAL_TYPES: readonly string[] = [
  'support_ticket',
  'email_opened',
  'email_ignored',
  'payment_failed',
  'seats',
];
const NON_ACTIVITY = new Set(NON_ACTIVITY_SIGNAL_TYPES);

/** Whether a rollup type counts as product activity. */
export function isActivityType(type: string): boolean {
  return !NON_ACTIVITY.has(type);
}

/** The window of a metric when a measure gives none (days). Metrics not listed use no window. */
export const DEFAULT_WINDOW_DAYS: Readonly<Partial<Record<MeasureMetric, number>>> = {
  ACTIVE_DAYS: 30,
  EVENT_COUNT: 30,
  QUANTITY_SUM: 30,
  USAGE_TREND: 30,
  DISTINCT_FEATURES: 30,
  NPS_AVERAGE: 365,
  CSAT_AVERAGE: 90,
  NEGATIVE_TICKET_SHARE: 90,
  PAYMENT_FAILURES: 90,
  MRR_CHANGE_PCT: 90,
};

/** Metrics whose value does not depend on a window (windowDays is ignored). */
export const WINDOWLESS_METRICS: ReadonlySet<MeasureMetric> = new Set<MeasureMetric>([
  'DAYS_SINCE_LAST_ACTIVITY',
  'NPS_LATEST',
  'DAYS_TO_RENEWAL',
  'TENURE_DAYS',
]);

/** The window of a measure in days: its own, else the metric's default (30 for unlisted windowed metrics). */
export function measureWindowDays(m: Pick<MeasureDefinition, 'metric' | 'windowDays'>): number {
  return m.windowDays ?? DEFAULT_WINDOW_DAYS[m.metric] ?? 30;
}

/** Day number (days since 1970-01-01) of a 'YYYY-MM-DD' day. */
export function toDayNumber(day: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new RangeError(`not a day: ${day}`);
  const t = Date.parse(`${day}T00:00:00Z`);
  if (!Number.isFinite(t)) throw new RangeError(`not a day: ${day}`);
  return Math.floor(t / DAY_MS);
}

/** 'YYYY-MM-DD' of a day number. */
export function fromDayNumber(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** The UTC day number of an instant (a Date, an ISO timestamp, or a bare 'YYYY-MM-DD' = that day). */
export function instantDayNumber(x: Date | string): number {
  if (typeof x === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(x)) return toDayNumber(x);
  const t = x instanceof Date ? x.getTime() : Date.parse(x);
  if (!Number.isFinite(t)) throw new RangeError(`not an instant: ${String(x)}`);
  return Math.floor(t / DAY_MS);
}

/** An as-of value (a day string or an instant) as a day number. */
export function asOfDayNumber(asOf: string | Date): number {
  return instantDayNumber(asOf);
}

/** Adds n days to a 'YYYY-MM-DD' day. */
export function addDays(day: string, n: number): string {
  return fromDayNumber(toDayNumber(day) + n);
}

interface PreparedRollup {
  d: number;
  row: DailyRollup;
}

/** Rollups up to and including the as-of day, with their day numbers. */
function prepare(rollups: readonly DailyRollup[], asOf: number): PreparedRollup[] {
  const out: PreparedRollup[] = [];
  for (const row of rollups) {
    const d = toDayNumber(row.day);
    if (d <= asOf) out.push({ d, row });
  }
  return out;
}

function matches(row: DailyRollup, signalType: string | null | undefined): boolean {
  return signalType ? row.type === signalType : isActivityType(row.type);
}

/** Distinct days with a matching signal in the days (from, to] (day numbers). */
function activeDaysIn(
  rows: readonly PreparedRollup[],
  signalType: string | null | undefined,
  from: number,
  to: number,
): number {
  const days = new Set<number>();
  for (const r of rows) if (r.d > from && r.d <= to && r.row.count > 0 && matches(r.row, signalType)) days.add(r.d);
  return days.size;
}

/**
 * The days on which the account was active (any activity type, count > 0), up to the as-of day, newest
 * first, at most `limit` of them (however old).
 */
export function recentActiveDays(rollups: readonly DailyRollup[], asOf: string | Date, limit = 12): string[] {
  const d = asOfDayNumber(asOf);
  const days = new Set<number>();
  for (const r of prepare(rollups, d)) if (r.row.count > 0 && isActivityType(r.row.type)) days.add(r.d);
  return [...days]
    .sort((a, b) => b - a)
    .slice(0, limit)
    .map(fromDayNumber);
}

/** Distinct active days (any activity type) in the days (asOf − from, asOf − to]. */
export function activityDaysBetween(
  rollups: readonly DailyRollup[],
  asOf: string | Date,
  from: number,
  to: number,
): number {
  const d = asOfDayNumber(asOf);
  return activeDaysIn(prepare(rollups, d), null, d - from, d - to);
}

function mean(xs: readonly number[]): number | null {
  return xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : null;
}

/**
 * The MRR (cents) after the last movement effective on or before the day (0 before any movement). Order:
 * effectiveAt, then seq, then input order.
 */
export function mrrAsOfDay(movements: readonly MrrMovementRecord[], day: number): number {
  let mrr = 0;
  let bestT = -Infinity;
  let bestSeq = -Infinity;
  for (const m of movements) {
    if (instantDayNumber(m.effectiveAt) > day) continue;
    const t = m.effectiveAt instanceof Date ? m.effectiveAt.getTime() : Date.parse(m.effectiveAt);
    const seq = m.seq ?? 0;
    if (t > bestT || (t === bestT && seq >= bestSeq)) {
      bestT = t;
      bestSeq = seq;
      mrr = m.mrrAfterCents;
    }
  }
  return mrr;
}

/**
 * The raw value of one measure as of a day; null = the measure has no data ("missing"). See
 * docs/health.md for each metric's definition and missing rule.
 */
export function computeRawMeasure(
  m: Pick<MeasureDefinition, 'metric' | 'signalType' | 'windowDays'>,
  data: AccountHealthData,
  asOf: string | Date,
): number | null {
  const D = asOfDayNumber(asOf);
  const w = measureWindowDays(m);
  const rows = prepare(data.rollups, D);
  const inWindow = (d: number) => d > D - w && d <= D;
  switch (m.metric) {
    case 'ACTIVE_DAYS':
      return activeDaysIn(rows, m.signalType, D - w, D);
    case 'EVENT_COUNT':
      return rows.filter((r) => inWindow(r.d) && matches(r.row, m.signalType)).reduce((s, r) => s + r.row.count, 0);
    case 'QUANTITY_SUM':
      return rows.filter((r) => inWindow(r.d) && matches(r.row, m.signalType)).reduce((s, r) => s + r.row.quantity, 0);
    case 'USAGE_TREND': {
      const cur = activeDaysIn(rows, m.signalType, D - w, D);
      const prev = activeDaysIn(rows, m.signalType, D - 2 * w, D - w);
      return prev > 0 ? ((cur - prev) / prev) * 100 : null;
    }
    case 'DAYS_SINCE_LAST_ACTIVITY': {
      let last: number | null = null;
      for (const r of rows)
        if (r.row.count > 0 && matches(r.row, m.signalType) && (last === null || r.d > last)) last = r.d;
      return last === null ? null : D - last;
    }
    case 'DISTINCT_FEATURES': {
      const features = new Set<string>();
      for (const r of rows)
        if (inWindow(r.d) && r.row.type === 'feature_used') for (const f of r.row.features ?? []) features.add(f);
      return features.size;
    }
    case 'NPS_LATEST': {
      let best: { t: number; score: number } | null = null;
      for (const n of data.nps ?? []) {
        if (instantDayNumber(n.respondedAt) > D) continue;
        const t = n.respondedAt instanceof Date ? n.respondedAt.getTime() : Date.parse(n.respondedAt);
        if (!best || t >= best.t) best = { t, score: n.score };
      }
      return best ? best.score : null;
    }
    case 'NPS_AVERAGE':
      return mean((data.nps ?? []).filter((n) => inWindow(instantDayNumber(n.respondedAt))).map((n) => n.score));
    case 'CSAT_AVERAGE':
      return mean((data.csat ?? []).filter((n) => inWindow(instantDayNumber(n.respondedAt))).map((n) => n.score));
    case 'NEGATIVE_TICKET_SHARE': {
      let all = 0;
      let negative = 0;
      for (const r of rows) {
        if (!inWindow(r.d) || r.row.type !== 'support_ticket') continue;
        all += r.row.count;
        negative += r.row.sentiment?.negative ?? 0;
      }
      return all > 0 ? negative / all : null;
    }
    case 'PAYMENT_FAILURES':
      return rows.filter((r) => inWindow(r.d) && r.row.type === 'payment_failed').reduce((s, r) => s + r.row.count, 0);
    case 'MRR_CHANGE_PCT': {
      const movements = data.mrrMovements ?? [];
      const now = mrrAsOfDay(movements, D);
      const then = mrrAsOfDay(movements, D - w);
      return then > 0 ? ((now - then) / then) * 100 : null;
    }
    case 'DAYS_TO_RENEWAL':
      return data.renewalDate ? toDayNumber(data.renewalDate) - D : null;
    case 'TENURE_DAYS':
      return data.customerSince ? D - instantDayNumber(data.customerSince) : null;
    default:
      throw new Error(`unknown metric ${String((m as { metric: string }).metric)}`);
  }
}

/**
 * The raw values of a scorecard's measures for one account as of a day, keyed by measure key (null =
 * missing). Feed the result to `scoreAccount`.
 */
export function computeRawMeasures(
  measures: ReadonlyArray<Pick<MeasureDefinition, 'key' | 'metric' | 'signalType' | 'windowDays'>>,
  data: AccountHealthData,
  asOf: string | Date,
): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const m of measures) out[m.key] = computeRawMeasure(m, data, asOf);
  return out;
}
