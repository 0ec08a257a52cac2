import { addDays, isoDay } from '@/lib/dates';

/** Effectiveness windows offered (runs started in the last N days, today included). */
export const PERIOD_DAYS = [30, 90, 365] as const;
export type PeriodDays = (typeof PERIOD_DAYS)[number];
export const DEFAULT_PERIOD_DAYS: PeriodDays = 90;

export function readPeriodDays(v: unknown): PeriodDays | undefined {
  const n = Number(v);
  return (PERIOD_DAYS as readonly number[]).includes(n) ? (n as PeriodDays) : undefined;
}

/** The half-open UTC period [today − (days − 1), tomorrow): the last `days` calendar days including today. */
export function periodOf(days: number, now: Date = new Date()): { from: string; to: string } {
  const tomorrow = addDays(new Date(`${isoDay(now)}T00:00:00Z`), 1);
  return { from: isoDay(addDays(tomorrow, -days)), to: isoDay(tomorrow) };
}

/** A `…Pct` figure of the API (0–100) as a percentage. */
export function pct(v: number | null | undefined): number | null {
  return v === null || v === undefined ? null : v / 100;
}
