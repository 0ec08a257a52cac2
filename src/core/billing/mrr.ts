import { Discount, Interval, Subscription, SubscriptionItem } from './subscription';

/**
 * MRR of Stripe subscriptions, the rule Vitals states and applies everywhere (docs/connectors.md):
 * Σ over subscriptions in status active or past_due of Σ licensed items' price × quantity normalised to a month
 * (day × 365/12, week × 52/12, month × 1, year ÷ 12, each ÷ interval_count); trials at 0; metered items and tax
 * excluded; forever and repeating discounts applied while they last ("once" discounts never). Cents, rounded to
 * the nearest cent once per subscription.
 */

/** How a subscription set to cancel is counted: until its period end (default), or gone at request time. */
export type CancelPolicy = 'period_end' | 'request';

/** Months per interval: the factor that turns one interval's amount into a monthly amount. */
export const MONTHLY_FACTOR: Record<Interval, number> = { day: 365 / 12, week: 52 / 12, month: 1, year: 1 / 12 };

/** Statuses whose subscription counts toward MRR. past_due counts until Stripe gives up (canceled or unpaid). */
export const COUNTING_STATUSES = new Set(['active', 'past_due']);

/** Units billed after `transform_quantity` (e.g. "per 10 seats, rounded up"). */
export function billedQuantity(item: Pick<SubscriptionItem, 'quantity' | 'transformQuantity'>): number {
  const t = item.transformQuantity;
  if (!t) return item.quantity;
  const q = item.quantity / t.divideBy;
  return t.round === 'up' ? Math.ceil(q) : Math.floor(q);
}

/** One interval's amount of an item, in (possibly fractional) cents, before discounts. */
export function itemIntervalAmount(item: SubscriptionItem): number {
  const q = billedQuantity(item);
  if (item.billingScheme === 'per_unit') return (item.unitAmount ?? 0) * q;
  const tiers = item.tiers ?? [];
  if (item.tiersMode === 'volume') {
    // Every unit at the price of the tier the whole quantity falls in.
    const tier = tiers.find((t) => t.upTo === null || q <= t.upTo) ?? tiers[tiers.length - 1];
    return tier ? tier.unitAmount * q + tier.flatAmount : 0;
  }
  // Graduated: each tier prices the units that fall inside it, plus its flat fee once touched.
  let total = 0;
  let lower = 0;
  for (const t of tiers) {
    if (q <= lower) break;
    const upper = t.upTo === null ? q : Math.min(q, t.upTo);
    total += (upper - lower) * t.unitAmount + t.flatAmount;
    lower = t.upTo === null ? q : t.upTo;
  }
  return total;
}

/** An interval's amount turned into a monthly amount. */
export function toMonthly(amount: number, interval: Interval, intervalCount: number): number {
  return (amount * MONTHLY_FACTOR[interval]) / intervalCount;
}

/** Adds whole calendar months in UTC, clamping the day (Jan 31 + 1 month = Feb 28/29), as Stripe does. */
export function addMonths(d: Date, months: number): Date {
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(
    Date.UTC(
      y,
      m,
      Math.min(d.getUTCDate(), last),
      d.getUTCHours(),
      d.getUTCMinutes(),
      d.getUTCSeconds(),
      d.getUTCMilliseconds(),
    ),
  );
}

/** When a discount stops applying: Stripe's `end`, else start + duration_in_months for a repeating one; null = never. */
export function discountEnd(d: Discount): Date | null {
  if (d.coupon.duration === 'forever') return null;
  if (d.end) return d.end;
  if (d.coupon.duration === 'repeating' && d.start && d.coupon.durationInMonths)
    return addMonths(d.start, d.coupon.durationInMonths);
  return null;
}

/** Whether a discount reduces MRR at `at`: forever and repeating ones while they last; once-only never. */
export function discountActive(d: Discount, at: Date): boolean {
  if (d.coupon.duration === 'once') return false;
  if (d.start && at.getTime() < d.start.getTime()) return false;
  const end = discountEnd(d);
  return end === null || at.getTime() < end.getTime();
}

/** A monthly amount after the discounts active at `at`, in order; amounts off are per invoice (one interval). */
function applyDiscounts(
  monthly: number,
  discounts: readonly Discount[],
  at: Date,
  interval: Interval,
  intervalCount: number,
  currency: string,
): number {
  let v = monthly;
  for (const d of discounts) {
    if (!discountActive(d, at)) continue;
    if (d.coupon.percentOff !== null) v -= (v * d.coupon.percentOff) / 100;
    else if (d.coupon.amountOff !== null && d.coupon.currency === currency)
      v -= toMonthly(d.coupon.amountOff, interval, intervalCount);
    v = Math.max(0, v);
  }
  return v;
}

/** Whether the subscription counts at `at` under the cancellation policy (status aside). */
function cancelledBy(sub: Subscription, at: Date, policy: CancelPolicy): boolean {
  const scheduledEnd = scheduledCancellation(sub);
  if (!scheduledEnd) return false;
  return policy === 'request' || at.getTime() >= scheduledEnd.getTime();
}

/** When a subscription set to cancel stops: `cancel_at`, or the period end for cancel_at_period_end. */
export function scheduledCancellation(sub: Subscription): Date | null {
  if (sub.cancelAt) return sub.cancelAt;
  if (sub.cancelAtPeriodEnd) return sub.currentPeriodEnd;
  return null;
}

/** The subscription's MRR in its own currency at `at`, in whole cents, given the state it is in. */
export function subscriptionMrrAt(sub: Subscription, at: Date, policy: CancelPolicy): number {
  if (!COUNTING_STATUSES.has(sub.status)) return 0;
  if (cancelledBy(sub, at, policy)) return 0;
  const licensed = sub.items.filter((i) => i.usageType === 'licensed');
  if (!licensed.length) return 0;
  let total = 0;
  for (const item of licensed) {
    const monthly = toMonthly(itemIntervalAmount(item), item.interval, item.intervalCount);
    total += applyDiscounts(monthly, item.discounts, at, item.interval, item.intervalCount, sub.currency);
  }
  // Subscription-level amounts off are per invoice: normalised with the first licensed item's interval.
  const first = licensed[0];
  total = applyDiscounts(total, sub.discounts, at, first.interval, first.intervalCount, sub.currency);
  return Math.round(total);
}

/** "From `at` on, this subscription contributes `mrrCents`." */
export interface MrrPoint {
  at: Date;
  mrrCents: number;
}

/**
 * The subscription's contribution from `from` on, as the state it is in implies: a point at `from`, then one at
 * each later moment the state itself changes the amount (a discount starting or ending, a scheduled cancellation
 * taking effect). Points that repeat the previous value are left out.
 */
export function contributionFrom(sub: Subscription, from: Date, policy: CancelPolicy): MrrPoint[] {
  const boundaries = new Set<number>();
  const discounts = [...sub.discounts, ...sub.items.flatMap((i) => i.discounts)];
  for (const d of discounts) {
    if (d.start) boundaries.add(d.start.getTime());
    const end = discountEnd(d);
    if (end) boundaries.add(end.getTime());
  }
  const cancel = scheduledCancellation(sub);
  if (cancel && policy === 'period_end') boundaries.add(cancel.getTime());
  const times = [from.getTime(), ...[...boundaries].filter((t) => t > from.getTime()).sort((a, b) => a - b)];
  const out: MrrPoint[] = [];
  for (const t of times) {
    const mrrCents = subscriptionMrrAt(sub, new Date(t), policy);
    if (!out.length || out[out.length - 1].mrrCents !== mrrCents) out.push({ at: new Date(t), mrrCents });
  }
  return out;
}

/**
 * Sums subscriptions' contribution histories into the account's MRR statements: at every moment any
 * subscription's contribution changes, the total of each subscription's latest contribution (0 before its first).
 */
export function accountStatements(histories: ReadonlyArray<readonly MrrPoint[]>): MrrPoint[] {
  const events: Array<{ t: number; sub: number; mrr: number }> = [];
  histories.forEach((h, sub) => h.forEach((p) => events.push({ t: p.at.getTime(), sub, mrr: p.mrrCents })));
  events.sort((a, b) => a.t - b.t);
  const current = new Array<number>(histories.length).fill(0);
  const out: MrrPoint[] = [];
  for (let i = 0; i < events.length; i++) {
    current[events[i].sub] = events[i].mrr;
    if (i + 1 < events.length && events[i + 1].t === events[i].t) continue;
    out.push({ at: new Date(events[i].t), mrrCents: current.reduce((a, b) => a + b, 0) });
  }
  return out;
}

/** Stripe's zero-decimal currencies: amounts are whole units, not hundredths. */
export const ZERO_DECIMAL_CURRENCIES = new Set([
  'bif',
  'clp',
  'djf',
  'gnf',
  'jpy',
  'kmf',
  'krw',
  'mga',
  'pyg',
  'rwf',
  'ugx',
  'vnd',
  'vuv',
  'xaf',
  'xof',
  'xpf',
]);

const minorPerMajor = (currency: string) => (ZERO_DECIMAL_CURRENCIES.has(currency) ? 1 : 100);

/**
 * Converts an amount in `currency`'s smallest unit into the ledger currency's with an explicit rate table (units of
 * the ledger currency per unit of the other, e.g. eur → 1.08 for a USD ledger); null when no rate is configured:
 * such an amount is parked, never converted silently.
 */
export function toLedgerCurrency(
  minor: number,
  currency: string,
  ledgerCurrency: string,
  rates: Readonly<Record<string, number>>,
): number | null {
  if (currency === ledgerCurrency) return minor;
  const rate = rates[currency];
  if (rate === undefined) return null;
  return Math.round((minor / minorPerMajor(currency)) * rate * minorPerMajor(ledgerCurrency));
}

/**
 * History seeded from an export, which knows only each subscription's current state: its current price counted
 * from when it was first paid (its start, or its trial's end) — with its discounts while they lasted — until it
 * ended (canceled: `ended_at`, else `canceled_at`), or to this day. A trial shows as 0 from the start; a
 * subscription that never started (incomplete) contributes nothing. Unpaid or paused ones end at `asOf`, the only
 * moment the export vouches for.
 */
export function seedHistory(sub: Subscription, asOf: Date, policy: CancelPolicy): MrrPoint[] {
  if (sub.status === 'incomplete' || sub.status === 'incomplete_expired') return [];
  const start = sub.startDate ?? sub.created ?? asOf;
  if (sub.status === 'trialing') return [{ at: start, mrrCents: 0 }];
  const paidFrom = sub.trialEnd && sub.trialEnd > start && sub.trialEnd <= asOf ? sub.trialEnd : start;
  let end: Date | null = null;
  if (sub.status === 'canceled') end = sub.endedAt ?? sub.canceledAt ?? asOf;
  else if (sub.status === 'unpaid' || sub.status === 'paused') end = asOf;
  const live = { ...sub, status: 'active' as const };
  const points: MrrPoint[] = paidFrom > start ? [{ at: start, mrrCents: 0 }] : [];
  for (const p of contributionFrom(live, paidFrom, policy)) {
    if (end && p.at.getTime() >= end.getTime()) break;
    points.push(p);
  }
  if (end && end.getTime() >= paidFrom.getTime()) points.push({ at: end, mrrCents: 0 });
  // Consecutive equal values say nothing new.
  return points.filter((p, i) => i === 0 || p.mrrCents !== points[i - 1].mrrCents);
}
