/**
 * Small pure formulas shared by the retention metrics. Percentages are returned unrounded
 * (rounding is a presentation concern); amounts of money are integer cents.
 */

export const MS_PER_DAY = 86_400_000;
/** Average month length in days (365.25 / 12), used to convert period rates to monthly ones. */
export const DAYS_PER_MONTH = 30.4375;

export function assertSafeCents(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative safe integer number of cents, got ${value}`);
  }
}

function assertSafeInt(value: number, name: string): void {
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`${name} must be a safe integer, got ${value}`);
  }
}

/**
 * numerator / denominator × 100, or null when the denominator is 0.
 * Multiplies before dividing so that e.g. 15 / 200 gives exactly 7.5.
 */
export function percentage(numerator: number, denominator: number): number | null {
  if (denominator === 0) return null;
  return (numerator * 100) / denominator;
}

/**
 * Growth in percent from `base` to `current`: (current − base) / base × 100; null when base is 0.
 * Used for ARR growth, QoQ and YoY MRR growth.
 */
export function growthPct(base: number, current: number): number | null {
  if (base === 0) return null;
  return ((current - base) * 100) / base;
}

/** ARR = 12 × MRR (cents, exact). */
export function arrFromMrrCents(mrrCents: number): number {
  assertSafeInt(mrrCents, 'mrrCents');
  const arr = mrrCents * 12;
  assertSafeInt(arr, 'arrCents');
  return arr;
}

/** ARR growth in percent: (end ARR − start ARR) / start ARR × 100; null when start ARR is 0. */
export function arrGrowthPct(startArrCents: number, endArrCents: number): number | null {
  return growthPct(startArrCents, endArrCents);
}

/**
 * Quick ratio = (new + expansion + reactivation) / (contraction + churn); null when the
 * denominator is 0.
 */
export function quickRatio(m: {
  newCents: number;
  expansionCents: number;
  reactivationCents: number;
  contractionCents: number;
  churnCents: number;
}): number | null {
  const lost = m.contractionCents + m.churnCents;
  if (lost === 0) return null;
  return (m.newCents + m.expansionCents + m.reactivationCents) / lost;
}

/**
 * Integer division rounded to the nearest integer, halves rounded up (away from zero), exact for
 * any safe integers (computed with BigInt). `numerator` >= 0, `denominator` > 0.
 */
export function divRoundHalfUp(numerator: number, denominator: number): number {
  assertSafeInt(numerator, 'numerator');
  assertSafeInt(denominator, 'denominator');
  if (numerator < 0 || denominator <= 0) {
    throw new RangeError('divRoundHalfUp expects numerator >= 0 and denominator > 0');
  }
  const n = BigInt(numerator);
  const d = BigInt(denominator);
  return Number((2n * n + d) / (2n * d));
}

/**
 * ARPA (average revenue per account) = end MRR / |E| in cents, rounded to the nearest cent,
 * halves up; null when there are no active customers at the end.
 */
export function arpaCents(endMrrCents: number, endCustomers: number): number | null {
  if (endCustomers === 0) return null;
  return divRoundHalfUp(endMrrCents, endCustomers);
}

/** Length of [from, to) in days (fractional when the bounds are not whole days apart). */
export function periodDays(from: Date, to: Date): number {
  const ms = to.getTime() - from.getTime();
  if (!(ms > 0)) throw new RangeError('period must have from < to');
  return ms / MS_PER_DAY;
}

/**
 * Converts a churn rate measured over a period of `days` days into a monthly rate (as a
 * fraction 0..1): 1 − (1 − rate)^(30.4375 / days).
 * `periodChurnRatePct` is in percent. Rates above 100 % (possible because customers acquired
 * and lost in the period count as churned but are not in S) are capped at 100 %.
 */
export function monthlyChurnFraction(periodChurnRatePct: number, days: number): number {
  if (!(days > 0)) throw new RangeError('days must be > 0');
  if (!(periodChurnRatePct >= 0)) throw new RangeError('churn rate must be >= 0');
  const rate = Math.min(periodChurnRatePct / 100, 1);
  return 1 - Math.pow(1 - rate, DAYS_PER_MONTH / days);
}

/**
 * Expected customer lifetime in months = 1 / monthly churn rate; null when churn is 0 (or null).
 */
export function expectedLifetimeMonths(periodChurnRatePct: number | null, days: number): number | null {
  if (periodChurnRatePct === null || periodChurnRatePct === 0) return null;
  const monthly = monthlyChurnFraction(periodChurnRatePct, days);
  if (monthly === 0) return null;
  return 1 / monthly;
}

/**
 * CLV, general formula: average purchase value × purchase frequency × average lifetime.
 * The frequency and lifetime must use the same time unit (e.g. purchases per month × months).
 * Result in cents, rounded to the nearest cent (halves up). null when the lifetime is null.
 * Example: $50 × 3 purchases a month × 24 months = $3,600.
 */
export function clvCents(input: {
  averagePurchaseValueCents: number;
  purchaseFrequency: number;
  averageLifetime: number | null;
}): number | null {
  if (input.averageLifetime === null) return null;
  return Math.round(input.averagePurchaseValueCents * input.purchaseFrequency * input.averageLifetime);
}

/**
 * CLV for subscriptions: ARPA × gross margin × expected lifetime in months, where lifetime =
 * 1 / monthly churn rate and the monthly rate is converted from the period's churn rate.
 * `grossMargin` is a fraction in [0, 1] (0.8 = 80 %). Cents, rounded to the nearest cent.
 * null when ARPA is null or churn is 0/null.
 */
export function subscriptionClvCents(input: {
  arpaCents: number | null;
  grossMargin: number;
  periodChurnRatePct: number | null;
  periodDays: number;
}): number | null {
  if (!(input.grossMargin >= 0 && input.grossMargin <= 1)) {
    throw new RangeError('grossMargin must be a fraction in [0, 1]');
  }
  if (input.arpaCents === null) return null;
  const lifetime = expectedLifetimeMonths(input.periodChurnRatePct, input.periodDays);
  if (lifetime === null) return null;
  return Math.round(input.arpaCents * input.grossMargin * lifetime);
}
