import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';
import { TestApp } from './test-app';
import { openApiResource } from '../../src/core/billing/__tests__/stripe-fixtures';

/** Stripe webhook test helpers: event envelopes of ours around fixture objects, signed with the official package. */
export const SECRET = `whsec_${randomBytes(24).toString('base64url')}`;
export const DAY = 86_400;
export const nowS = () => Math.floor(Date.now() / 1000);
/** Event moments in the recent past (within signal retention; the ledger refuses the future). */
export const T0 = nowS() - 40 * DAY;
export const iso = (s: number) => new Date(s * 1000).toISOString();

let seq = 0;
export function envelope(
  type: string,
  object: unknown,
  created: number,
  id = `evt_test${++seq}${randomBytes(4).toString('hex')}`,
) {
  return {
    id,
    object: 'event',
    api_version: '2024-06-20',
    created,
    data: { object },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  };
}

export async function post(app: TestApp, payload: string, header: string | null) {
  const res = await fetch(`${app.baseUrl}/connectors/stripe/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(header ? { 'stripe-signature': header } : {}) },
    body: payload,
  });
  return { status: res.status, body: (await res.json()) as any };
}

export function send(app: TestApp, event: unknown, opts: { secret?: string; timestamp?: number } = {}) {
  const payload = typeof event === 'string' ? event : JSON.stringify(event);
  const header = Stripe.webhooks.generateTestHeaderString({
    payload,
    secret: opts.secret ?? SECRET,
    timestamp: opts.timestamp,
  });
  return post(app, payload, header);
}

export async function account(app: TestApp, externalId: string) {
  const r = await app.db.query(`SELECT id, name, mrr_cents::int AS mrr, status FROM accounts WHERE external_id = $1`, [
    externalId,
  ]);
  return r.rows[0] as { id: string; name: string; mrr: number; status: string } | undefined;
}

export async function movements(app: TestApp, accountId: string) {
  const r = await app.db.query(
    `SELECT type, amount_cents::int AS amount, mrr_after_cents::int AS after, effective_at
       FROM mrr_movements WHERE account_id = $1 ORDER BY effective_at, seq`,
    [accountId],
  );
  return r.rows.map((m) => [m.type, m.amount, m.after, (m.effective_at as Date).toISOString()]);
}

export async function written(app: TestApp) {
  const r = await app.db.query(
    `SELECT (SELECT count(*) FROM stripe_events)::int AS events, (SELECT count(*) FROM accounts)::int AS accounts,
            (SELECT count(*) FROM mrr_changes)::int AS changes, (SELECT count(*) FROM stripe_subscriptions)::int AS subs`,
  );
  return r.rows[0];
}

/** A current-shape subscription (period on the items) built on the OpenAPI fixture's structure, made sane. */
export function currentShape(over: {
  id: string;
  customer: string;
  quantity: number;
  currency?: string;
  cancelAtPeriodEnd?: boolean;
}) {
  const s = openApiResource('subscription');
  const item = s.items.data[0];
  delete item.plan; // the fixture's plan is synthetic (interval_count 797691627, currency "currency")
  item.price.transform_quantity = null;
  item.price.currency = over.currency ?? 'usd';
  item.quantity = over.quantity;
  item.current_period_start = nowS() - 10 * DAY;
  item.current_period_end = nowS() + 20 * DAY;
  return {
    ...s,
    id: over.id,
    customer: over.customer,
    currency: over.currency ?? 'usd',
    status: 'active',
    cancel_at: null,
    canceled_at: null,
    ended_at: null,
    trial_end: null,
    cancel_at_period_end: over.cancelAtPeriodEnd ?? false,
    pending_update: null,
    discounts: [],
  };
}
