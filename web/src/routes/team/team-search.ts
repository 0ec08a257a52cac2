/** The CSM scorecard's period: a calendar month, quarter or year (UTC), this one or up to 8 back. */
export type PeriodUnit = 'month' | 'quarter' | 'year';
export const PERIOD_UNITS: PeriodUnit[] = ['month', 'quarter', 'year'];
export const MAX_BACK = 8;

export interface TeamSearch {
  period?: PeriodUnit;
  /** 0 = the current period, 1 = the one before, … */
  back?: number;
}

export function validateTeamSearch(search: Record<string, unknown>): TeamSearch {
  const back = Number(search.back);
  return {
    period: PERIOD_UNITS.includes(search.period as PeriodUnit) ? (search.period as PeriodUnit) : undefined,
    back: Number.isInteger(back) && back > 0 && back <= MAX_BACK ? back : undefined,
  };
}

const day = (d: Date) => d.toISOString().slice(0, 10);
const months: Record<PeriodUnit, number> = { month: 1, quarter: 3, year: 12 };

/** [from, to) of the period `back` units before the one holding `now`, as API dates. */
export function periodRange(unit: PeriodUnit, back: number, now: Date = new Date()): { from: string; to: string } {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  const startMonth = unit === 'year' ? 0 : unit === 'quarter' ? m - (m % 3) : m;
  const n = months[unit];
  const from = new Date(Date.UTC(y, startMonth - back * n, 1));
  const to = new Date(Date.UTC(y, startMonth - back * n + n, 1));
  return { from: day(from), to: day(to) };
}

/** The last `count` calendar months up to and including the current one, oldest first (the CSM page's trends). */
export function lastMonths(count: number, now: Date = new Date()): Array<{ from: string; to: string }> {
  return Array.from({ length: count }, (_, i) => periodRange('month', count - 1 - i, now));
}

export function periodLabel(unit: PeriodUnit, back: number): string {
  if (back === 0) return `This ${unit}`;
  if (back === 1) return `Last ${unit}`;
  return `${back} ${unit}s ago`;
}
