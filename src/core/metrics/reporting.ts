/**
 * Glue between the SQL that gathers metrics inputs and the pure formulas: period validation,
 * calendar arithmetic for QoQ/YoY bases, parsing of SQL facts rows, the chained MRR waterfall,
 * and the proration/allocation of company-wide customer-success costs. Pure TypeScript.
 */
import { proratedCostCents } from './crc';
import { checkFacts } from './facts';
import { divRoundHalfUp } from './formulas';
import { MrrWaterfallRow, PeriodBucket } from './periods';
import { CustomerPeriodFacts } from './types';

/** Longest period the API accepts (calendar years). */
export const MAX_PERIOD_YEARS = 10;

export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * Adds (or subtracts) calendar months to a UTC instant, keeping the time of day; the day of the
 * month is clamped to the target month's length (31 March − 1 month = 28/29 February).
 */
export function addUtcMonthsClamped(d: Date, months: number): Date {
  if (!Number.isInteger(months)) throw new RangeError('months must be an integer');
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const day = Math.min(d.getUTCDate(), lastDay);
  const timeOfDay = d.getTime() - Date.UTC(y, d.getUTCMonth(), d.getUTCDate());
  return new Date(Date.UTC(y, m, day) + timeOfDay);
}

/**
 * Checks a period [from, to): from < to and at most MAX_PERIOD_YEARS long.
 * Returns the problem (naming the offending field) or null.
 */
export function checkPeriod(from: Date, to: Date, fields: { from: string; to: string }): FieldProblem | null {
  if (Number.isNaN(from.getTime())) return { field: fields.from, message: 'is not a valid date' };
  if (Number.isNaN(to.getTime())) return { field: fields.to, message: 'is not a valid date' };
  if (!(from.getTime() < to.getTime())) return { field: fields.to, message: `must be after ${fields.from}` };
  if (to.getTime() > addUtcMonthsClamped(from, 12 * MAX_PERIOD_YEARS).getTime()) {
    return { field: fields.to, message: `the period may span at most ${MAX_PERIOD_YEARS} years` };
  }
  return null;
}

/** A facts row as the SQL returns it (bigint/numeric columns arrive as strings from `pg`). */
export interface SqlFactsRow {
  account_id: string;
  owner_id?: string | null;
  start_mrr: string | number;
  end_mrr: string | number;
  new_cents: string | number;
  expansion_cents: string | number;
  contraction_cents: string | number;
  churn_cents: string | number;
  reactivation_cents: string | number;
  new_events: string | number;
  churn_events: string | number;
  reactivation_events: string | number;
  active: boolean;
}

function toSafeInt(v: string | number | null | undefined, name: string): number {
  const n = typeof v === 'number' ? v : Number(v ?? 0);
  if (!Number.isSafeInteger(n)) throw new RangeError(`${name} ${String(v)} is not a safe integer`);
  return n;
}

/** Converts and checks one SQL facts row (throws when the row breaks the CustomerPeriodFacts contract). */
export function factsFromSqlRow(r: SqlFactsRow): CustomerPeriodFacts {
  const f: CustomerPeriodFacts = {
    accountId: r.account_id,
    startMrrCents: toSafeInt(r.start_mrr, 'start_mrr'),
    endMrrCents: toSafeInt(r.end_mrr, 'end_mrr'),
    newCents: toSafeInt(r.new_cents, 'new_cents'),
    expansionCents: toSafeInt(r.expansion_cents, 'expansion_cents'),
    contractionCents: toSafeInt(r.contraction_cents, 'contraction_cents'),
    churnCents: toSafeInt(r.churn_cents, 'churn_cents'),
    reactivationCents: toSafeInt(r.reactivation_cents, 'reactivation_cents'),
    newEvents: toSafeInt(r.new_events, 'new_events'),
    churnEvents: toSafeInt(r.churn_events, 'churn_events'),
    reactivationEvents: toSafeInt(r.reactivation_events, 'reactivation_events'),
    activeAtAnyInstant: r.active === true,
  };
  const errors = checkFacts(f);
  if (errors.length > 0) throw new Error(`SQL facts row breaks the contract: ${errors.join('; ')}`);
  return f;
}

/** Sums of movements in one bucket (cents). */
export interface BucketSums {
  new: number;
  expansion: number;
  contraction: number;
  churn: number;
  reactivation: number;
}

/**
 * The MRR waterfall from the MRR just before the first bucket and the movement sums per bucket
 * (keyed by bucket start in ms; a bucket without movements may be absent). Each row's end is
 * start + new + expansion + reactivation − contraction − churn and is the next row's start.
 */
export function chainWaterfall(
  startMrrCents: number,
  buckets: readonly PeriodBucket[],
  sumsByBucketStart: ReadonlyMap<number, BucketSums>,
): MrrWaterfallRow[] {
  const known = new Set(buckets.map((b) => b.periodStart.getTime()));
  for (const k of sumsByBucketStart.keys()) {
    if (!known.has(k)) throw new Error(`movement sums for ${new Date(k).toISOString()}, which is no bucket start`);
  }
  let start = toSafeInt(startMrrCents, 'startMrrCents');
  return buckets.map((b) => {
    const s = sumsByBucketStart.get(b.periodStart.getTime()) ?? {
      new: 0,
      expansion: 0,
      contraction: 0,
      churn: 0,
      reactivation: 0,
    };
    const end = start + s.new + s.expansion + s.reactivation - s.contraction - s.churn;
    if (!Number.isSafeInteger(end) || end < 0)
      throw new Error(`waterfall end MRR ${end} is invalid at ${b.periodStart.toISOString()}`);
    const row: MrrWaterfallRow = { periodStart: b.periodStart, start, ...s, end };
    start = end;
    return row;
  });
}

/** Σ of the parts of the costs falling in [from, to), each prorated by days (see crc.ts). */
export function totalProratedCostCents(
  costs: readonly { amountCents: number; periodStart: Date; periodEnd: Date }[],
  from: Date,
  to: Date,
): number {
  let total = 0;
  for (const c of costs) total += proratedCostCents(c, from, to);
  if (!Number.isSafeInteger(total)) throw new RangeError('total cost exceeds the safe integer range');
  return total;
}

/**
 * The share of a company-wide cost allocated to a part of the book, by its share of the customers
 * served in the period: round(total × servedInScope / servedAll) (nearest cent, halves up).
 * All of it when the scope is the whole book; null when nobody was served at all.
 */
export function allocateCostCents(totalCents: number, servedInScope: number, servedAll: number): number | null {
  if (
    !Number.isSafeInteger(servedInScope) ||
    !Number.isSafeInteger(servedAll) ||
    servedInScope < 0 ||
    servedInScope > servedAll
  ) {
    throw new RangeError('served counts must satisfy 0 <= servedInScope <= servedAll');
  }
  if (servedAll === 0) return null;
  if (servedInScope === servedAll) return totalCents;
  return Number((BigInt(totalCents) * BigInt(servedInScope) * 2n + BigInt(servedAll)) / (2n * BigInt(servedAll)));
}

/** CRC = cost / customers served, nearest cent (halves up); null when no cost figure or nobody served. */
export function crcFromCost(costCents: number | null, customersServed: number): number | null {
  if (costCents === null || customersServed === 0) return null;
  return divRoundHalfUp(costCents, customersServed);
}
