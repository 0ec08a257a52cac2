/**
 * The retention screen's periods: a calendar month, quarter or year, or a custom half-open [from, to) of days
 * (UTC), and the previous period of the same length it is compared with. Pure functions (tested beside).
 */
export type PeriodKind = 'month' | 'quarter' | 'year' | 'custom';
export type TrendUnit = 'month' | 'quarter';

export interface Period {
  /** First day, YYYY-MM-DD (00:00 UTC). */
  from: string;
  /** Exclusive end day, YYYY-MM-DD. */
  to: string;
}

const MONTHS: Record<Exclude<PeriodKind, 'custom'>, number> = { month: 1, quarter: 3, year: 12 };
const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

export function isDay(v: unknown): v is string {
  return typeof v === 'string' && DAY_RE.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`));
}

export function day(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function parse(dayStr: string): Date {
  return new Date(`${dayStr}T00:00:00Z`);
}

function addMonths(d: Date, n: number): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1));
}

/** The calendar unit containing `at` (its first day). */
export function unitStart(kind: Exclude<PeriodKind, 'custom'>, at: Date): Date {
  const y = at.getUTCFullYear();
  const m = at.getUTCMonth();
  if (kind === 'year') return new Date(Date.UTC(y, 0, 1));
  if (kind === 'quarter') return new Date(Date.UTC(y, m - (m % 3), 1));
  return new Date(Date.UTC(y, m, 1));
}

/** The period a calendar kind starting on `start` covers. */
export function calendarPeriod(kind: Exclude<PeriodKind, 'custom'>, start: string): Period {
  const s = unitStart(kind, parse(start));
  return { from: day(s), to: day(addMonths(s, MONTHS[kind])) };
}

/** The previous period of the same length: the previous calendar unit, or for a custom range the same number of days before it. */
export function previousPeriod(kind: PeriodKind, p: Period): Period {
  if (kind !== 'custom') return calendarPeriod(kind, day(addMonths(parse(p.from), -MONTHS[kind])));
  const len = parse(p.to).getTime() - parse(p.from).getTime();
  return { from: day(new Date(parse(p.from).getTime() - len)), to: p.from };
}

/** The default: the last complete unit before `now` (a quarter unless said otherwise). */
export function lastComplete(kind: Exclude<PeriodKind, 'custom'>, now: Date): Period {
  return calendarPeriod(kind, day(addMonths(unitStart(kind, now), -MONTHS[kind])));
}

/** The choices of a calendar picker: the current (partial) unit first, then `count` earlier ones. */
export function recentStarts(kind: Exclude<PeriodKind, 'custom'>, now: Date, count: number): string[] {
  const s = unitStart(kind, now);
  return Array.from({ length: count }, (_, i) => day(addMonths(s, -MONTHS[kind] * i)));
}

/** The trend buckets ending with the period's unit: 12 months or 8 quarters, oldest first. */
export function trendPeriods(unit: TrendUnit, endingBefore: string): Period[] {
  const months = unit === 'month' ? 1 : 3;
  const count = unit === 'month' ? 12 : 8;
  const last = unitStart(unit, new Date(parse(endingBefore).getTime() - 86_400_000));
  return Array.from({ length: count }, (_, i) => {
    const s = addMonths(last, -months * (count - 1 - i));
    return { from: day(s), to: day(addMonths(s, months)) };
  });
}

/** "Q3 2025", "March 2025", "2025", or "1 Jan 2025 – 15 Feb 2025" (the end shown inclusive). */
export function periodLabel(kind: PeriodKind, p: Period): string {
  const s = parse(p.from);
  if (kind === 'year') return String(s.getUTCFullYear());
  if (kind === 'quarter') return `Q${Math.floor(s.getUTCMonth() / 3) + 1} ${s.getUTCFullYear()}`;
  if (kind === 'month') return s.toLocaleDateString('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const last = new Date(parse(p.to).getTime() - 86_400_000);
  const f = (d: Date) => d.toLocaleDateString('en-US', { dateStyle: 'medium', timeZone: 'UTC' });
  return `${f(s)} – ${f(last)}`;
}

export function unitLabel(unit: TrendUnit, p: Period): string {
  return periodLabel(unit, p);
}
