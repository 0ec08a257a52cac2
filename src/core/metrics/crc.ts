/**
 * Customer retention cost (CRC): cost of customer-success work in a period / customers served.
 */
import { assertSafeCents, divRoundHalfUp, MS_PER_DAY } from './formulas';

export type RetentionCostCategory = 'STAFF' | 'TOOLS' | 'PROGRAMMES' | 'SERVICES' | 'CUSTOMER_MARKETING';

export const RETENTION_COST_CATEGORIES: readonly RetentionCostCategory[] = [
  'STAFF',
  'TOOLS',
  'PROGRAMMES',
  'SERVICES',
  'CUSTOMER_MARKETING',
];

/** A cost recorded for the span of dates [periodStart, periodEnd) (UTC days; time of day ignored). */
export interface RetentionCost {
  category: RetentionCostCategory;
  amountCents: number;
  periodStart: Date;
  periodEnd: Date;
}

/** Whole UTC day number of an instant (time of day dropped). */
export function utcDayNumber(d: Date): number {
  return Math.floor(d.getTime() / MS_PER_DAY);
}

/**
 * The part of a cost falling in [from, to), prorated by days, integer cents.
 *
 * Rounding (cumulative): the part of the cost accrued by the end of day k of its span is
 * round(amount × k / spanDays) (nearest cent, halves up), and a window receives the difference
 * between the accrued amounts at its end and at its start. So a window covering the whole span
 * gets exactly `amount`, and the parts for adjacent windows (e.g. consecutive months) always add
 * up exactly to the amount, with no cent created or lost.
 */
export function proratedCostCents(
  cost: { amountCents: number; periodStart: Date; periodEnd: Date },
  from: Date,
  to: Date,
): number {
  assertSafeCents(cost.amountCents, 'amountCents');
  const spanStart = utcDayNumber(cost.periodStart);
  const spanEnd = utcDayNumber(cost.periodEnd);
  const spanDays = spanEnd - spanStart;
  if (spanDays <= 0) throw new RangeError('a cost span must cover at least one day');
  const winStart = utcDayNumber(from);
  const winEnd = utcDayNumber(to);
  const accrued = (day: number): number => {
    const k = Math.min(Math.max(day - spanStart, 0), spanDays);
    return k === spanDays
      ? cost.amountCents
      : Number((BigInt(cost.amountCents) * BigInt(k) * 2n + BigInt(spanDays)) / (2n * BigInt(spanDays)));
  };
  if (winEnd <= winStart) return 0;
  return accrued(winEnd) - accrued(winStart);
}

export interface CustomerRetentionCost {
  /** Prorated cost per category (cents). */
  byCategory: Record<RetentionCostCategory, number>;
  totalCostCents: number;
  customersServed: number;
  /** total / customers served, rounded to the nearest cent (halves up); null when none served. */
  crcCents: number | null;
}

/**
 * CRC for [from, to) = Σ prorated costs / customers served (active at any instant of the period;
 * use RetentionMetrics.customersServed).
 */
export function customerRetentionCost(
  costs: readonly RetentionCost[],
  from: Date,
  to: Date,
  customersServed: number,
): CustomerRetentionCost {
  if (!Number.isSafeInteger(customersServed) || customersServed < 0) {
    throw new RangeError('customersServed must be a non-negative integer');
  }
  const byCategory = Object.fromEntries(RETENTION_COST_CATEGORIES.map((c) => [c, 0])) as Record<
    RetentionCostCategory,
    number
  >;
  let total = 0;
  for (const c of costs) {
    if (!(c.category in byCategory)) throw new RangeError(`unknown cost category ${c.category}`);
    const part = proratedCostCents(c, from, to);
    byCategory[c.category] += part;
    total += part;
  }
  if (!Number.isSafeInteger(total)) throw new RangeError('total cost exceeds the safe integer range');
  return {
    byCategory,
    totalCostCents: total,
    customersServed,
    crcCents: customersServed === 0 ? null : divRoundHalfUp(total, customersServed),
  };
}
