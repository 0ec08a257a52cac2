import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';
import { startTestApp, TestApp } from './utils/test-app';
import {
  describeWithStripeFixtures,
  djStripeSubscription,
  openApiResource,
} from '../src/core/billing/__tests__/stripe-fixtures';
import {
  account,
  currentShape,
  DAY,
  envelope,
  iso,
  movements,
  nowS,
  post,
  SECRET,
  send,
  T0,
  written,
} from './utils/stripe-webhook';

/**
 * The Stripe webhook against the real service: fixtures from ../shared/data/stripe wrapped in event envelopes of
 * ours, signed with the official package; every expected MRR worked by hand in the test.
 */
describeWithStripeFixtures('Stripe webhook → MRR ledger', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ env: { STRIPE_WEBHOOK_SECRET: SECRET, LEDGER_CURRENCY: 'usd' } });
  });
  afterAll(async () => app?.close());

  describe('signatures: anything not signed by our endpoint secret within 300 s is 400 and writes nothing', () => {
    const event = () => envelope('customer.subscription.created', djStripeSubscription(1), T0);

    it.each([
      ['a wrong secret', { secret: `whsec_${randomBytes(24).toString('base64url')}` }],
      ['a stale timestamp (400 s old)', { timestamp: nowS() - 400 }],
    ])('%s', async (_name, opts) => {
      const before = await written(app);
      const r = await send(app, event(), opts);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('SIGNATURE_INVALID');
      expect(await written(app)).toEqual(before);
    });

    it('a body altered after signing, and a missing header', async () => {
      const before = await written(app);
      const payload = JSON.stringify(event());
      const header = Stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET });
      const altered = await post(app, payload.replace('"quantity":1', '"quantity":9'), header);
      expect([altered.status, altered.body.error.code]).toEqual([400, 'SIGNATURE_INVALID']);
      const missing = await post(app, payload, null);
      expect([missing.status, missing.body.error.code]).toEqual([400, 'SIGNATURE_INVALID']);
      expect(await written(app)).toEqual(before);
    });
  });

  describe('pre-2025 shape (dj-stripe fixtures)', () => {
    const cus = 'cus_6lsBvm5rJ0zyHc'; // customer of 0001 and 0002

    it('0001 created: the customer becomes an account with MRR 2000 from the event moment', async () => {
      const r = await send(app, envelope('customer.subscription.created', djStripeSubscription(1), T0));
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ received: true, outcome: 'APPLIED' });
      const a = (await account(app, cus))!;
      expect(a).toMatchObject({ name: cus, mrr: 2000, status: 'ACTIVE' });
      expect(await movements(app, a.id)).toEqual([['NEW', 2000, 2000, iso(T0)]]);
    });

    it('0002 on the same customer a day later: 2000 + 4000 = 6000 (expansion of 4000)', async () => {
      await send(app, envelope('customer.subscription.created', djStripeSubscription(2), T0 + DAY));
      const a = (await account(app, cus))!;
      expect(a.mrr).toBe(6000);
      expect(await movements(app, a.id)).toEqual([
        ['NEW', 2000, 2000, iso(T0)],
        ['EXPANSION', 4000, 6000, iso(T0 + DAY)],
      ]);
    });

    it('the same event delivered twice is processed once', async () => {
      const e = envelope('customer.subscription.updated', { ...djStripeSubscription(1), quantity: 2 }, T0 + 2 * DAY);
      (e.data.object as any).items.data[0].quantity = 2; // 2 × 2000 = 4000, so 4000 + 4000 = 8000
      const first = await send(app, e);
      const again = await send(app, e);
      expect(first.body.outcome).toBe('APPLIED');
      expect(again.body.outcome).toBe('DUPLICATE');
      const a = (await account(app, cus))!;
      expect(a.mrr).toBe(8000);
      expect(await app.count('stripe_events', 'id = $1', [e.id])).toBe(1);
      expect(await app.count('mrr_movements', 'account_id = $1', [a.id])).toBe(3);
    });

    it('out of order: a newer update (3 seats: 3 × 2000 = 6000) then the older created (2000) arriving late changes nothing', async () => {
      const cus2 = 'cus_4UbFSo9tl62jqj'; // customer of 0003 and 0004
      const newer = djStripeSubscription(3);
      newer.items.data[0].quantity = 3;
      const r1 = await send(app, envelope('customer.subscription.updated', newer, T0 + 5 * DAY));
      const r2 = await send(app, envelope('customer.subscription.created', djStripeSubscription(3), T0 + 3 * DAY));
      expect([r1.body.outcome, r2.body.outcome]).toEqual(['APPLIED', 'STALE']);
      const a = (await account(app, cus2))!;
      expect(a.mrr).toBe(6000);
      expect(await movements(app, a.id)).toEqual([['NEW', 6000, 6000, iso(T0 + 5 * DAY)]]);
    });

    it('another subscription of the account back-dated before a later one re-derives the later statements', async () => {
      // 0004 (2000 + 4000 = 6000) dated T0+4d, before 0003's T0+5d state: 6000 from T0+4d, 12000 from T0+5d.
      const cus2 = 'cus_4UbFSo9tl62jqj';
      await send(app, envelope('customer.subscription.created', djStripeSubscription(4), T0 + 4 * DAY));
      const a = (await account(app, cus2))!;
      expect(a.mrr).toBe(12000);
      expect(await movements(app, a.id)).toEqual([
        ['NEW', 6000, 6000, iso(T0 + 4 * DAY)],
        ['EXPANSION', 6000, 12000, iso(T0 + 5 * DAY)],
      ]);
    });

    it('deleted (canceled) both subscriptions of the first customer: churn to 0', async () => {
      const cus1 = (await account(app, cus))!;
      for (const n of [1, 2] as const) {
        const s = { ...djStripeSubscription(n), status: 'canceled', ended_at: T0 + 6 * DAY, canceled_at: T0 + 6 * DAY };
        expect((await send(app, envelope('customer.subscription.deleted', s, T0 + 6 * DAY))).body.outcome).toBe(
          'APPLIED',
        );
      }
      const a = (await account(app, cus))!;
      expect([a.mrr, a.status]).toEqual([0, 'CHURNED']);
      expect((await movements(app, cus1.id)).at(-1)).toEqual(['CHURN', 8000, 0, iso(T0 + 6 * DAY)]);
    });
  });

  describe('current shape (period on the items; OpenAPI fixture structure)', () => {
    it('2 seats × 2000 a month = 4000; set to cancel at period end it still counts until then (default policy)', async () => {
      const cus = 'cus_QXg1o8vcGmoR32';
      const sub = currentShape({ id: 'sub_current1', customer: cus, quantity: 2 });
      expect((await send(app, envelope('customer.subscription.created', sub, T0))).body.outcome).toBe('APPLIED');
      expect((await account(app, cus))!.mrr).toBe(4000);
      const cancelling = { ...sub, cancel_at_period_end: true, canceled_at: nowS() - DAY };
      await send(app, envelope('customer.subscription.updated', cancelling, nowS() - DAY));
      expect((await account(app, cus))!.mrr).toBe(4000);
      // The churn is already known: a pending point at the items' period end, 20 days ahead.
      const pending = await app.db.query(
        `SELECT mrr_cents::int AS mrr, effective_at FROM stripe_subscription_mrr WHERE subscription_id = 'sub_current1' ORDER BY effective_at DESC LIMIT 1`,
      );
      expect(pending.rows[0].mrr).toBe(0);
      expect(pending.rows[0].effective_at.getTime()).toBe(sub.items.data[0].current_period_end * 1000);
    });
  });

  describe('customers, invoices, currency', () => {
    it('customer.updated keeps the name in step; metadata.vitals_account_id maps to an existing account', async () => {
      await send(
        app,
        envelope(
          'customer.updated',
          { id: 'cus_QXg1o8vcGmoR32', object: 'customer', name: 'Acme Corp', metadata: {} },
          nowS() - 60,
        ),
      );
      expect((await account(app, 'cus_QXg1o8vcGmoR32'))!.name).toBe('Acme Corp');

      const created = await app.ok(
        `mutation { createAccount(input: { externalId: "crm-42", name: "Globex" }) { id } }`,
      );
      const id = created.createAccount.id as string;
      const cus = {
        id: 'cus_mapped1',
        object: 'customer',
        name: 'Globex Corporation',
        metadata: { vitals_account_id: id },
      };
      expect((await send(app, envelope('customer.created', cus, T0))).body).toMatchObject({ outcome: 'APPLIED' });
      await send(
        app,
        envelope(
          'customer.subscription.created',
          currentShape({ id: 'sub_mapped1', customer: 'cus_mapped1', quantity: 1 }),
          T0 + 60,
        ),
      );
      const a = (await account(app, 'crm-42'))!;
      expect([a.id, a.name, a.mrr]).toEqual([id, 'Globex Corporation', 2000]);
      expect(await account(app, 'cus_mapped1')).toBeUndefined();
    });

    it('invoice.payment_failed → a payment_failed signal; invoice.paid → a payment signal', async () => {
      const inv = openApiResource('invoice');
      const a = (await account(app, 'crm-42'))!;
      const failed = envelope(
        'invoice.payment_failed',
        { ...inv, customer: 'cus_mapped1', amount_due: 2000, attempt_count: 1 },
        nowS() - 3600,
      );
      const paid = envelope('invoice.paid', { ...inv, customer: 'cus_mapped1', amount_paid: 2000 }, nowS() - 60);
      expect((await send(app, failed)).body.outcome).toBe('APPLIED');
      expect((await send(app, paid)).body.outcome).toBe('APPLIED');
      expect((await send(app, failed)).body.outcome).toBe('DUPLICATE');
      const r = await app.db.query(
        `SELECT type, id, properties FROM signal_events WHERE account_id = $1 ORDER BY occurred_at`,
        [a.id],
      );
      expect(r.rows.map((x) => [x.type, x.id])).toEqual([
        ['payment_failed', `stripe:${failed.id}`],
        ['payment', `stripe:${paid.id}`],
      ]);
      expect(r.rows[0].properties).toMatchObject({ invoice: inv.id, amountCents: 2000, attempt: 1 });
    });

    it('a subscription billed in EUR with no rate is parked with its reason, never converted; visible to a manager', async () => {
      const before = await app.db.query(`SELECT count(*)::int AS n FROM mrr_changes`);
      const e = envelope(
        'customer.subscription.created',
        currentShape({ id: 'sub_eur1', customer: 'cus_eur1', quantity: 1, currency: 'eur' }),
        T0,
      );
      const r = await send(app, e);
      expect(r.status).toBe(200);
      expect(r.body.outcome).toBe('PARKED');
      expect(r.body.reason).toMatch(/EUR.*USD.*LEDGER_FX_RATES/);
      expect((await app.db.query(`SELECT count(*)::int AS n FROM mrr_changes`)).rows[0].n).toBe(before.rows[0].n);
      const manager = await app.user('MANAGER');
      const parked = await app.ok(
        `{ stripeParkedEvents { totalCount events { id type reason customerId } } }`,
        {},
        manager.key,
      );
      expect(parked.stripeParkedEvents.events).toContainEqual(
        expect.objectContaining({ id: e.id, customerId: 'cus_eur1', reason: r.body.reason }),
      );
      const csm = await app.user('CSM');
      const denied = await app.gql(`{ stripeParkedEvents { totalCount } }`, {}, csm.key);
      expect(denied.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    });
  });

  describe('hostile bodies: a typed rejection, nothing written, no crash', () => {
    it.each([
      [
        'the OpenAPI fixture as is (interval_count 797691627)',
        () => envelope('customer.subscription.updated', openApiResource('subscription'), T0),
        'interval_count',
      ],
      [
        'a subscription without items',
        () => {
          const s = djStripeSubscription(1);
          delete s.items;
          return envelope('customer.subscription.updated', s, T0);
        },
        'items',
      ],
      [
        'a subscription without a customer',
        () => {
          const s = djStripeSubscription(1);
          delete s.customer;
          return envelope('customer.subscription.updated', s, T0);
        },
        'customer',
      ],
      [
        'a price without an amount',
        () => {
          const s = djStripeSubscription(1);
          s.items.data[0].price.unit_amount = null;
          s.items.data[0].price.unit_amount_decimal = null;
          s.items.data[0].plan = null;
          return envelope('customer.subscription.updated', s, T0);
        },
        'unit_amount',
      ],
      [
        'an event without an id',
        () => ({ ...envelope('customer.subscription.updated', djStripeSubscription(1), T0), id: undefined }),
        'event.id',
      ],
      [
        'an event without data',
        () => ({ ...envelope('customer.subscription.updated', djStripeSubscription(1), T0), data: null }),
        'event.data.object',
      ],
      [
        'an invoice without a customer',
        () => envelope('invoice.payment_failed', { ...openApiResource('invoice'), customer: null }, T0),
        'customer',
      ],
      ['a JSON array', () => [1, 2, 3], 'event'],
    ])('%s', async (_name, build, path) => {
      const before = await written(app);
      const r = await send(app, build());
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('EVENT_REJECTED');
      expect(r.body.error.message).toContain(path);
      expect(await written(app)).toEqual(before);
    });

    it('a signed body that is not JSON: 400 MALFORMED_JSON', async () => {
      const r = await send(app, '{"id": "evt_x", ');
      expect([r.status, r.body.error.code]).toEqual([400, 'MALFORMED_JSON']);
    });

    it('the Stripe source shows the 24 h counts and the last errors (ADMIN, MANAGER)', async () => {
      const manager = await app.user('MANAGER');
      const r = await app.ok(
        `{ sources { kind lastEventAt last24h { accepted duplicates rejected unattributed } lastErrors { message count } } }`,
        {},
        manager.key,
      );
      const stripe = r.sources.find((s: { kind: string }) => s.kind === 'STRIPE');
      // Counted by this suite: duplicates 2 (a subscription event, an invoice event); rejected 4 signatures
      // (wrong secret, stale, altered, missing) + 8 hostile bodies + 1 signed non-JSON body = 13.
      expect(stripe.last24h.duplicates).toBe(2);
      expect(stripe.last24h.unattributed).toBe(1); // the EUR subscription, parked
      expect(stripe.last24h.rejected).toBe(13);
      expect(stripe.last24h.accepted).toBeGreaterThanOrEqual(14);
      // The 10 most recent distinct errors are shown; the signature ones came first and are older than these.
      expect(stripe.lastErrors.map((e: { message: string }) => e.message)).toEqual(
        expect.arrayContaining([
          'Stripe event parked: billed in EUR, no rate for it in LEDGER_FX_RATES',
          'Stripe event rejected: event.data.object.items.data[].plan.interval_count: must be an integer from 1 to 36',
        ]),
      );
    });

    it('the service is still healthy after all of it', async () => {
      const r = await app.gql(`{ __typename }`);
      expect(r.status).toBe(200);
      expect(app.output()).not.toMatch(/"level":50/);
    });
  });
});
