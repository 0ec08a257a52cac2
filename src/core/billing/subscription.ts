/**
 * A Stripe subscription as Vitals reads it: the fields MRR depends on, validated from untrusted JSON (a webhook
 * body or an export). Both API shapes are read: before 2025-03-31 the billing period is on the subscription and a
 * single `discount` object sits beside `discounts`; from then on the period is on each item.
 */

export const INTERVALS = ['day', 'week', 'month', 'year'] as const;
export type Interval = (typeof INTERVALS)[number];

/** Stripe's own ceiling: a billing interval is at most three years (36 months, 156 weeks, 1095 days). */
export const MAX_INTERVAL_COUNT: Record<Interval, number> = { day: 1095, week: 156, month: 36, year: 3 };
export const MAX_ITEMS = 100;
export const MAX_TIERS = 100;
export const MAX_DISCOUNTS = 20;
/** One unit price or quantity beyond this is not a real subscription (and would overflow cents arithmetic). */
export const MAX_AMOUNT_CENTS = 1e12;
export const MAX_QUANTITY = 1e9;

export const SUBSCRIPTION_STATUSES = [
  'active',
  'past_due',
  'unpaid',
  'canceled',
  'incomplete',
  'incomplete_expired',
  'trialing',
  'paused',
] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

export interface Tier {
  /** Inclusive upper bound of the tier; null = infinity. */
  upTo: number | null;
  unitAmount: number;
  flatAmount: number;
}

export interface Coupon {
  id: string | null;
  percentOff: number | null;
  /** Cents per invoice, in `currency`. */
  amountOff: number | null;
  currency: string | null;
  duration: 'forever' | 'repeating' | 'once';
  durationInMonths: number | null;
}

export interface Discount {
  id: string | null;
  coupon: Coupon;
  start: Date | null;
  /** When a repeating discount stops (Stripe's `end`); null = computed from start + duration_in_months, or never. */
  end: Date | null;
}

export interface SubscriptionItem {
  id: string;
  usageType: 'licensed' | 'metered';
  interval: Interval;
  intervalCount: number;
  quantity: number;
  /** Cents per unit (may be fractional from unit_amount_decimal); null for a tiered price. */
  unitAmount: number | null;
  billingScheme: 'per_unit' | 'tiered';
  tiersMode: 'graduated' | 'volume' | null;
  tiers: Tier[] | null;
  transformQuantity: { divideBy: number; round: 'up' | 'down' } | null;
  currency: string;
  discounts: Discount[];
  currentPeriodEnd: Date | null;
}

export interface StripeCustomerRef {
  id: string;
  name: string | null;
  metadata: Record<string, string>;
}

export interface Subscription {
  id: string;
  customer: StripeCustomerRef;
  /** True when `customer` was an expanded object (its name and metadata are known). */
  customerExpanded: boolean;
  status: SubscriptionStatus;
  currency: string;
  items: SubscriptionItem[];
  discounts: Discount[];
  /** Discounts given only by id (not expanded): resolved from `customer.discount.*` events when seen. */
  discountIds: string[];
  cancelAtPeriodEnd: boolean;
  cancelAt: Date | null;
  canceledAt: Date | null;
  endedAt: Date | null;
  /** The subscription's period end (pre-2025 shape) or the latest of its items' (current shape). */
  currentPeriodEnd: Date | null;
  trialEnd: Date | null;
  startDate: Date | null;
  created: Date | null;
}

/** Why an object is refused: a path into the object and what is wrong there. */
export class BillingRejection extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}`);
  }
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export const STRIPE_ID_RE = /^[A-Za-z0-9_]{1,255}$/;
const CURRENCY_RE = /^[a-z]{3}$/;

function id(v: unknown, path: string, prefix?: string): string {
  if (typeof v !== 'string' || !STRIPE_ID_RE.test(v)) throw new BillingRejection(path, 'must be a Stripe id');
  if (prefix && !v.startsWith(prefix)) throw new BillingRejection(path, `must start with ${prefix}`);
  return v;
}

function optionalId(v: unknown, path: string): string | null {
  return v === undefined || v === null ? null : id(v, path);
}

/** A Unix timestamp in seconds between 1970 and 2200; null/undefined → null. */
export function timestamp(v: unknown, path: string): Date | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 7_258_118_400)
    throw new BillingRejection(path, 'must be a Unix timestamp (seconds)');
  return new Date(v * 1000);
}

function integer(v: unknown, path: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
    throw new BillingRejection(path, `must be an integer from ${min} to ${max}`);
  return v;
}

function amount(v: unknown, decimal: unknown, path: string): number | null {
  if (v !== undefined && v !== null) return integer(v, path, 0, MAX_AMOUNT_CENTS);
  if (typeof decimal === 'string') {
    if (!/^\d{1,13}(\.\d{1,12})?$/.test(decimal))
      throw new BillingRejection(`${path}_decimal`, 'must be a decimal number of cents');
    const n = Number(decimal);
    if (n > MAX_AMOUNT_CENTS) throw new BillingRejection(`${path}_decimal`, 'is too large');
    return n;
  }
  return null;
}

function currency(v: unknown, path: string): string {
  if (typeof v !== 'string' || !CURRENCY_RE.test(v.toLowerCase()))
    throw new BillingRejection(path, 'must be a three-letter ISO currency code');
  return v.toLowerCase();
}

function list(v: unknown, path: string, max: number): unknown[] {
  // A Stripe list object ({object:'list', data:[…]}) or a bare array.
  const arr = isObj(v) ? v.data : v;
  if (!Array.isArray(arr)) throw new BillingRejection(path, 'must be a list');
  if (arr.length > max) throw new BillingRejection(path, `has more than ${max} entries`);
  return arr;
}

export function parseCoupon(v: unknown, path: string): Coupon {
  if (!isObj(v)) throw new BillingRejection(path, 'must be a coupon object');
  const duration = v.duration;
  if (duration !== 'forever' && duration !== 'repeating' && duration !== 'once')
    throw new BillingRejection(`${path}.duration`, 'must be forever, repeating or once');
  const percentOff = v.percent_off === null || v.percent_off === undefined ? null : v.percent_off;
  if (percentOff !== null && (typeof percentOff !== 'number' || !(percentOff > 0 && percentOff <= 100)))
    throw new BillingRejection(`${path}.percent_off`, 'must be a number above 0 and at most 100');
  const amountOff =
    v.amount_off === null || v.amount_off === undefined
      ? null
      : integer(v.amount_off, `${path}.amount_off`, 0, MAX_AMOUNT_CENTS);
  if (percentOff === null && amountOff === null)
    throw new BillingRejection(path, 'has neither percent_off nor amount_off');
  const durationInMonths =
    v.duration_in_months === null || v.duration_in_months === undefined
      ? null
      : integer(v.duration_in_months, `${path}.duration_in_months`, 1, 1200);
  if (duration === 'repeating' && durationInMonths === null)
    throw new BillingRejection(`${path}.duration_in_months`, 'is required for a repeating coupon');
  return {
    id: optionalId(v.id, `${path}.id`),
    percentOff: percentOff,
    amountOff,
    currency: amountOff !== null ? currency(v.currency, `${path}.currency`) : null,
    duration,
    durationInMonths,
  };
}

/**
 * A discount object. The coupon is at `discount.coupon` (before 2025-03-31) or `discount.source.coupon` (after);
 * a coupon given only by id cannot be valued and is refused here (the caller decides what that means).
 */
export function parseDiscount(v: unknown, path: string): Discount {
  if (!isObj(v)) throw new BillingRejection(path, 'must be a discount object');
  const source = isObj(v.source) ? v.source : null;
  const coupon = v.coupon ?? source?.coupon;
  if (!isObj(coupon)) throw new BillingRejection(`${path}.coupon`, 'must be an expanded coupon object');
  return {
    id: optionalId(v.id, `${path}.id`),
    coupon: parseCoupon(coupon, `${path}.coupon`),
    start: timestamp(v.start, `${path}.start`),
    end: timestamp(v.end, `${path}.end`),
  };
}

/** Discounts from `discount` (object) and `discounts` (objects or ids); ids are returned apart. */
function parseDiscounts(single: unknown, many: unknown, path: string): { discounts: Discount[]; ids: string[] } {
  const discounts: Discount[] = [];
  const ids: string[] = [];
  if (single !== undefined && single !== null) discounts.push(parseDiscount(single, `${path}.discount`));
  if (many !== undefined && many !== null) {
    const arr = list(many, `${path}.discounts`, MAX_DISCOUNTS);
    arr.forEach((d, i) => {
      if (typeof d === 'string') ids.push(id(d, `${path}.discounts[${i}]`));
      else {
        const parsed = parseDiscount(d, `${path}.discounts[${i}]`);
        // The same discount can appear both as `discount` and in `discounts` (pre-2025 payloads).
        if (!parsed.id || !discounts.some((x) => x.id === parsed.id)) discounts.push(parsed);
      }
    });
  }
  return { discounts: discounts, ids: ids.filter((x) => !discounts.some((d) => d.id === x)) };
}

function parseTiers(v: unknown, path: string): Tier[] | null {
  if (v === undefined || v === null) return null;
  const arr = list(v, path, MAX_TIERS);
  return arr.map((t, i) => {
    const p = `${path}[${i}]`;
    if (!isObj(t)) throw new BillingRejection(p, 'must be a tier object');
    const upTo = t.up_to === null || t.up_to === 'inf' ? null : integer(t.up_to, `${p}.up_to`, 0, MAX_QUANTITY);
    return {
      upTo,
      unitAmount: amount(t.unit_amount, t.unit_amount_decimal, `${p}.unit_amount`) ?? 0,
      flatAmount: amount(t.flat_amount, t.flat_amount_decimal, `${p}.flat_amount`) ?? 0,
    };
  });
}

function parseItem(v: unknown, path: string, discountIds: string[]): SubscriptionItem {
  if (!isObj(v)) throw new BillingRejection(path, 'must be a subscription item object');
  // `price` since 2020; `plan` alone in older payloads. Both describe the same recurring price.
  const price = isObj(v.price) ? v.price : isObj(v.plan) ? v.plan : null;
  if (!price) throw new BillingRejection(`${path}.price`, 'is missing');
  const pp = isObj(v.price) ? `${path}.price` : `${path}.plan`;
  const recurring = isObj(price.recurring) ? price.recurring : price; // a plan carries interval at its top
  const interval = recurring.interval;
  if (typeof interval !== 'string' || !(INTERVALS as readonly string[]).includes(interval))
    throw new BillingRejection(`${pp}.recurring.interval`, 'must be day, week, month or year');
  const intervalCount = integer(
    recurring.interval_count ?? 1,
    `${pp}.recurring.interval_count`,
    1,
    MAX_INTERVAL_COUNT[interval as Interval],
  );
  if (isObj(v.price) && isObj(v.plan)) {
    // Both present (pre-2025 payloads carry the legacy plan beside the price): they must describe one price.
    const plan = v.plan;
    const planInterval = plan.interval;
    if (planInterval !== interval) throw new BillingRejection(`${path}.plan.interval`, 'differs from the price');
    integer(plan.interval_count ?? 1, `${path}.plan.interval_count`, 1, MAX_INTERVAL_COUNT[interval as Interval]);
    if (plan.interval_count !== undefined && plan.interval_count !== intervalCount)
      throw new BillingRejection(`${path}.plan.interval_count`, 'differs from the price');
  }
  const usage = recurring.usage_type ?? 'licensed';
  if (usage !== 'licensed' && usage !== 'metered')
    throw new BillingRejection(`${pp}.recurring.usage_type`, 'must be licensed or metered');
  const scheme = price.billing_scheme ?? 'per_unit';
  if (scheme !== 'per_unit' && scheme !== 'tiered')
    throw new BillingRejection(`${pp}.billing_scheme`, 'must be per_unit or tiered');
  const unitAmount = amount(
    price.unit_amount ?? price.amount,
    price.unit_amount_decimal ?? price.amount_decimal,
    `${pp}.unit_amount`,
  );
  const tiers = parseTiers(price.tiers, `${pp}.tiers`);
  const tiersMode = price.tiers_mode ?? null;
  if (tiersMode !== null && tiersMode !== 'graduated' && tiersMode !== 'volume')
    throw new BillingRejection(`${pp}.tiers_mode`, 'must be graduated or volume');
  if (usage === 'licensed') {
    if (scheme === 'per_unit' && unitAmount === null)
      throw new BillingRejection(`${pp}.unit_amount`, 'is required for a per-unit licensed price');
    if (scheme === 'tiered' && (!tiers || !tiers.length || !tiersMode))
      throw new BillingRejection(`${pp}.tiers`, 'a tiered licensed price needs its tiers and tiers_mode (expand them)');
  }
  let transformQuantity: SubscriptionItem['transformQuantity'] = null;
  if (isObj(price.transform_quantity)) {
    const t = price.transform_quantity;
    const round = t.round;
    if (round !== 'up' && round !== 'down')
      throw new BillingRejection(`${pp}.transform_quantity.round`, 'must be up or down');
    transformQuantity = { divideBy: integer(t.divide_by, `${pp}.transform_quantity.divide_by`, 1, 1e12), round };
  }
  const { discounts, ids } = parseDiscounts(null, v.discounts, path);
  discountIds.push(...ids);
  return {
    id: id(v.id, `${path}.id`),
    usageType: usage,
    interval: interval as Interval,
    intervalCount,
    quantity:
      v.quantity === undefined || v.quantity === null ? 1 : integer(v.quantity, `${path}.quantity`, 0, MAX_QUANTITY),
    unitAmount,
    billingScheme: scheme,
    tiersMode: tiersMode,
    tiers,
    transformQuantity,
    currency: currency(price.currency, `${pp}.currency`),
    discounts,
    currentPeriodEnd: timestamp(v.current_period_end, `${path}.current_period_end`),
  };
}

function parseCustomer(v: unknown, path: string): { ref: StripeCustomerRef; expanded: boolean } {
  if (typeof v === 'string') return { ref: { id: id(v, path, 'cus_'), name: null, metadata: {} }, expanded: false };
  if (!isObj(v)) throw new BillingRejection(path, 'must be a customer id or object');
  return { ref: parseCustomerObject(v, path), expanded: true };
}

/** A customer object (`customer.created|updated`, or an expanded `customer`). */
export function parseCustomerObject(v: unknown, path = 'customer'): StripeCustomerRef {
  if (!isObj(v)) throw new BillingRejection(path, 'must be a customer object');
  const name = v.name === undefined || v.name === null ? null : v.name;
  if (name !== null && (typeof name !== 'string' || name.length > 300))
    throw new BillingRejection(`${path}.name`, 'must be text of at most 300 characters');
  const metadata: Record<string, string> = {};
  if (isObj(v.metadata)) {
    for (const [k, val] of Object.entries(v.metadata)) if (typeof val === 'string') metadata[k] = val;
  }
  return { id: id(v.id, `${path}.id`, 'cus_'), name: name?.trim() || null, metadata };
}

/** Validates a subscription object; throws BillingRejection naming the first bad field. */
export function parseSubscription(v: unknown, path = 'subscription'): Subscription {
  if (!isObj(v)) throw new BillingRejection(path, 'must be a subscription object');
  if (v.object !== undefined && v.object !== 'subscription')
    throw new BillingRejection(`${path}.object`, 'must be "subscription"');
  const status = v.status;
  if (typeof status !== 'string' || !(SUBSCRIPTION_STATUSES as readonly string[]).includes(status))
    throw new BillingRejection(`${path}.status`, `must be one of ${SUBSCRIPTION_STATUSES.join(', ')}`);
  if (v.items === undefined || v.items === null) throw new BillingRejection(`${path}.items`, 'is missing');
  const itemDiscountIds: string[] = [];
  const items = list(v.items, `${path}.items`, MAX_ITEMS).map((it, i) =>
    parseItem(it, `${path}.items.data[${i}]`, itemDiscountIds),
  );
  const currencies = new Set(items.map((i) => i.currency));
  if (currencies.size > 1) throw new BillingRejection(`${path}.items`, 'mixes currencies');
  const subCurrency =
    v.currency !== undefined && v.currency !== null ? currency(v.currency, `${path}.currency`) : [...currencies][0];
  if (!subCurrency) throw new BillingRejection(`${path}.currency`, 'is missing (and no item has a price)');
  if (currencies.size && !currencies.has(subCurrency))
    throw new BillingRejection(`${path}.currency`, 'differs from its items’ prices');
  const { discounts, ids } = parseDiscounts(v.discount, v.discounts, path);
  const cancelAtPeriodEnd = v.cancel_at_period_end ?? false;
  if (typeof cancelAtPeriodEnd !== 'boolean')
    throw new BillingRejection(`${path}.cancel_at_period_end`, 'must be true or false');
  const itemEnds = items.map((i) => i.currentPeriodEnd).filter((d): d is Date => d !== null);
  const periodEnd =
    timestamp(v.current_period_end, `${path}.current_period_end`) ??
    (itemEnds.length ? new Date(Math.max(...itemEnds.map((d) => d.getTime()))) : null);
  const customer = parseCustomer(v.customer, `${path}.customer`);
  return {
    id: id(v.id, `${path}.id`, 'sub_'),
    customer: customer.ref,
    customerExpanded: customer.expanded,
    status: status as SubscriptionStatus,
    currency: subCurrency,
    items,
    discounts,
    discountIds: [...new Set([...ids, ...itemDiscountIds])],
    cancelAtPeriodEnd,
    cancelAt: timestamp(v.cancel_at, `${path}.cancel_at`),
    canceledAt: timestamp(v.canceled_at, `${path}.canceled_at`),
    endedAt: timestamp(v.ended_at, `${path}.ended_at`),
    currentPeriodEnd: periodEnd,
    trialEnd: timestamp(v.trial_end, `${path}.trial_end`),
    startDate: timestamp(v.start_date, `${path}.start_date`),
    created: timestamp(v.created, `${path}.created`),
  };
}
