/**
 * UTC calendar period helpers and the MRR waterfall.
 */
import { factsFromMovements } from './facts';
import { growthPct } from './formulas';
import { sumMovements } from './retention';
import { CustomerPeriodFacts, MrrMovementLike } from './types';

export type PeriodUnit = 'month' | 'quarter' | 'year';

const MONTHS_PER_UNIT: Record<PeriodUnit, number> = { month: 1, quarter: 3, year: 12 };

/** Start (UTC midnight, first day) of the calendar month/quarter/year containing `d`. */
export function startOfUtcPeriod(d: Date, unit: PeriodUnit): Date {
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  const month = unit === 'month' ? m : unit === 'quarter' ? m - (m % 3) : 0;
  return new Date(Date.UTC(y, month, 1));
}

/**
 * Adds n calendar months/quarters/years. Only defined for calendar period starts (first day of a
 * month, 00:00 UTC), so there is no end-of-month clamping question.
 */
export function addUtcPeriods(periodStart: Date, unit: PeriodUnit, n: number): Date {
  if (startOfUtcPeriod(periodStart, 'month').getTime() !== periodStart.getTime()) {
    throw new RangeError('addUtcPeriods expects the first instant of a UTC month');
  }
  return new Date(Date.UTC(periodStart.getUTCFullYear(), periodStart.getUTCMonth() + n * MONTHS_PER_UNIT[unit], 1));
}

/** The calendar month/quarter/year starts s with from <= s < to, ascending. */
export function periodStarts(from: Date, to: Date, unit: PeriodUnit): Date[] {
  const out: Date[] = [];
  let s = startOfUtcPeriod(from, unit);
  if (s.getTime() < from.getTime()) s = addUtcPeriods(s, unit, 1);
  while (s.getTime() < to.getTime()) {
    out.push(s);
    s = addUtcPeriods(s, unit, 1);
  }
  return out;
}

export interface PeriodBucket {
  /** Inclusive start: `from` for the first bucket, a calendar start for the others. */
  periodStart: Date;
  /** Exclusive end: a calendar start, or `to` for the last bucket. */
  periodEnd: Date;
}

/**
 * Cuts [from, to) at calendar month/quarter/year boundaries into contiguous half-open buckets.
 * The first and last buckets are partial when `from`/`to` are not calendar starts.
 */
export function periodBuckets(from: Date, to: Date, unit: PeriodUnit): PeriodBucket[] {
  if (!(from.getTime() < to.getTime())) throw new RangeError('period must have from < to');
  const cuts = [from, ...periodStarts(from, to, unit).filter((s) => s.getTime() > from.getTime()), to];
  const out: PeriodBucket[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) out.push({ periodStart: cuts[i], periodEnd: cuts[i + 1] });
  return out;
}

export interface MrrWaterfallRow {
  periodStart: Date;
  start: number;
  new: number;
  expansion: number;
  contraction: number;
  churn: number;
  reactivation: number;
  end: number;
}

/**
 * MRR waterfall: one row per bucket with the sums of the bucket's facts (cents).
 * For contiguous buckets, each row's `end` equals the next row's `start`, and
 * end = start + new + expansion + reactivation − contraction − churn in every row.
 */
export function mrrWaterfall(
  buckets: readonly { periodStart: Date; facts: readonly CustomerPeriodFacts[] }[],
): MrrWaterfallRow[] {
  return buckets.map((b) => {
    const t = sumMovements(b.facts);
    return {
      periodStart: b.periodStart,
      start: t.startMrrCents,
      new: t.newCents,
      expansion: t.expansionCents,
      contraction: t.contractionCents,
      churn: t.churnCents,
      reactivation: t.reactivationCents,
      end: t.endMrrCents,
    };
  });
}

/** Waterfall straight from movements (reference / small data): buckets of [from, to) by unit. */
export function mrrWaterfallFromMovements(
  movements: readonly MrrMovementLike[],
  from: Date,
  to: Date,
  unit: PeriodUnit,
): MrrWaterfallRow[] {
  return mrrWaterfall(
    periodBuckets(from, to, unit).map((b) => ({
      periodStart: b.periodStart,
      facts: factsFromMovements(movements, b.periodStart, b.periodEnd),
    })),
  );
}

/**
 * Quarter-over-quarter MRR growth for the quarter starting at `quarterStart`: MRR just before the
 * quarter's end vs MRR just before its start (= end of the previous quarter); null when base is 0.
 */
export function qoqMrrGrowthPct(mrrJustBefore: (instant: Date) => number, quarterStart: Date): number | null {
  const start = startOfUtcPeriod(quarterStart, 'quarter');
  return growthPct(mrrJustBefore(start), mrrJustBefore(addUtcPeriods(start, 'quarter', 1)));
}

/**
 * Year-over-year MRR growth at instant `at` (a calendar month start): MRR just before `at` vs MRR
 * just before `at` minus 12 months; null when the base is 0.
 */
export function yoyMrrGrowthPct(mrrJustBefore: (instant: Date) => number, at: Date): number | null {
  return growthPct(mrrJustBefore(addUtcPeriods(at, 'year', -1)), mrrJustBefore(at));
}
