import { BillingRejection, parseCustomerObject, STRIPE_ID_RE, StripeCustomerRef, timestamp } from './subscription';

/** A verified Stripe event's envelope, validated: what the connector routes on. */
export interface StripeEventEnvelope {
  id: string;
  type: string;
  created: Date;
  object: Record<string, unknown>;
}

const TYPE_RE = /^[a-z_]+(\.[a-z_]+){1,3}$/;
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function parseEventEnvelope(v: unknown): StripeEventEnvelope {
  if (!isObj(v)) throw new BillingRejection('event', 'must be a JSON object');
  if (v.object !== 'event') throw new BillingRejection('event.object', 'must be "event"');
  if (typeof v.id !== 'string' || !v.id.startsWith('evt_') || !STRIPE_ID_RE.test(v.id))
    throw new BillingRejection('event.id', 'must be a Stripe event id (evt_…)');
  if (typeof v.type !== 'string' || v.type.length > 100 || !TYPE_RE.test(v.type))
    throw new BillingRejection('event.type', 'must be a Stripe event type such as customer.subscription.updated');
  const created = timestamp(v.created, 'event.created');
  if (!created) throw new BillingRejection('event.created', 'is missing');
  if (!isObj(v.data) || !isObj(v.data.object)) throw new BillingRejection('event.data.object', 'must be an object');
  return { id: v.id, type: v.type, created, object: v.data.object };
}

/** What a payment signal needs from an invoice. */
export interface InvoiceFacts {
  id: string;
  customer: StripeCustomerRef;
  customerExpanded: boolean;
  currency: string;
  amountDue: number;
  amountPaid: number;
  attemptCount: number;
  subscriptionId: string | null;
}

function cents(v: unknown, path: string): number {
  if (v === undefined || v === null) return 0;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 1e12)
    throw new BillingRejection(path, 'must be a non-negative integer amount');
  return v;
}

export function parseInvoice(v: unknown, path = 'invoice'): InvoiceFacts {
  if (!isObj(v)) throw new BillingRejection(path, 'must be an invoice object');
  if (typeof v.id !== 'string' || !v.id.startsWith('in_') || !STRIPE_ID_RE.test(v.id))
    throw new BillingRejection(`${path}.id`, 'must be an invoice id (in_…)');
  let customer: StripeCustomerRef;
  let customerExpanded = false;
  if (typeof v.customer === 'string') {
    if (!v.customer.startsWith('cus_') || !STRIPE_ID_RE.test(v.customer))
      throw new BillingRejection(`${path}.customer`, 'must be a customer id (cus_…)');
    customer = { id: v.customer, name: null, metadata: {} };
  } else if (isObj(v.customer)) {
    customer = parseCustomerObject(v.customer, `${path}.customer`);
    customerExpanded = true;
  } else throw new BillingRejection(`${path}.customer`, 'is missing');
  if (typeof v.currency !== 'string' || !/^[a-z]{3}$/i.test(v.currency))
    throw new BillingRejection(`${path}.currency`, 'must be a three-letter ISO currency code');
  // Pre-2025: `subscription` at the top; current shape: parent.subscription_details.subscription.
  const parent = isObj(v.parent) && isObj(v.parent.subscription_details) ? v.parent.subscription_details : null;
  const sub = v.subscription ?? parent?.subscription ?? null;
  const attempts = v.attempt_count ?? 0;
  if (typeof attempts !== 'number' || !Number.isInteger(attempts) || attempts < 0 || attempts > 1000)
    throw new BillingRejection(`${path}.attempt_count`, 'must be a small non-negative integer');
  return {
    id: v.id,
    customer,
    customerExpanded,
    currency: v.currency.toLowerCase(),
    amountDue: cents(v.amount_due, `${path}.amount_due`),
    amountPaid: cents(v.amount_paid, `${path}.amount_paid`),
    attemptCount: attempts,
    subscriptionId: typeof sub === 'string' && STRIPE_ID_RE.test(sub) ? sub : null,
  };
}

/** A discount from `customer.discount.*`: its id and subscription (the coupon is parsed when applied). */
export function discountRef(v: Record<string, unknown>): { id: string; subscriptionId: string | null } {
  if (typeof v.id !== 'string' || !STRIPE_ID_RE.test(v.id))
    throw new BillingRejection('discount.id', 'must be a Stripe id');
  const sub = v.subscription;
  if (sub !== undefined && sub !== null && (typeof sub !== 'string' || !STRIPE_ID_RE.test(sub)))
    throw new BillingRejection('discount.subscription', 'must be a subscription id');
  return { id: v.id, subscriptionId: sub ?? null };
}

/** Where a customer's events go: the Vitals account named by metadata, else the account whose external id is the customer id. */
export const ACCOUNT_METADATA_KEY = 'vitals_account_id';
