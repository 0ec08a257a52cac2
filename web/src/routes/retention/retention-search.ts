import {
  calendarPeriod,
  isDay,
  lastComplete,
  previousPeriod,
  type Period,
  type PeriodKind,
  type TrendUnit,
} from './retention-period';

/** The screen's URL state: the period, the filters and the chart choices, so a view can be shared. */
export interface RetentionSearch {
  period?: PeriodKind;
  /** A calendar period's first day. */
  start?: string;
  /** A custom period [from, to). */
  from?: string;
  to?: string;
  segment?: string;
  owner?: string;
  trend?: TrendUnit;
  cohort?: 'logo' | 'mrr';
}

const KINDS: PeriodKind[] = ['month', 'quarter', 'year', 'custom'];
const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

export function validateRetentionSearch(s: Record<string, unknown>): RetentionSearch {
  return {
    period: KINDS.includes(s.period as PeriodKind) ? (s.period as PeriodKind) : undefined,
    start: isDay(s.start) ? s.start : undefined,
    from: isDay(s.from) ? s.from : undefined,
    to: isDay(s.to) ? s.to : undefined,
    segment: text(s.segment),
    owner: text(s.owner),
    trend: s.trend === 'quarter' ? 'quarter' : undefined,
    cohort: s.cohort === 'mrr' ? 'mrr' : undefined,
  };
}

/** The period the URL asks for (a bad or missing one falls back to the last complete quarter), and its predecessor. */
export function resolvePeriod(s: RetentionSearch, now: Date): { kind: PeriodKind; period: Period; previous: Period } {
  const kind = s.period ?? 'quarter';
  let period: Period;
  if (kind === 'custom') {
    period = s.from && s.to && s.from < s.to ? { from: s.from, to: s.to } : lastComplete('quarter', now);
  } else {
    period = s.start ? calendarPeriod(kind, s.start) : lastComplete(kind, now);
  }
  return { kind, period, previous: previousPeriod(kind, period) };
}
