import { startTestApp, TestApp } from './utils/test-app';
import { describeWithStripeFixtures, djStripeSubscription } from '../src/core/billing/__tests__/stripe-fixtures';
import { account, currentShape, DAY, envelope, iso, movements, SECRET, send, T0 } from './utils/stripe-webhook';

/** The Stripe connector's configurable policies, each on its own service instance. */
describeWithStripeFixtures('Stripe webhook with STRIPE_UNKNOWN_CUSTOMER=park and STRIPE_CANCEL_AT=request', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({
      env: { STRIPE_WEBHOOK_SECRET: SECRET, STRIPE_UNKNOWN_CUSTOMER: 'park', STRIPE_CANCEL_AT: 'request' },
    });
  });
  afterAll(async () => app?.close());

  it('an unknown customer’s event is parked; once the account exists a replay applies it', async () => {
    const e = envelope('customer.subscription.created', djStripeSubscription(1), T0);
    const r = await send(app, e);
    expect(r.body.outcome).toBe('PARKED');
    expect(r.body.reason).toContain('STRIPE_UNKNOWN_CUSTOMER=park');
    expect(await app.count('accounts')).toBe(0);
    await app.ok(`mutation { createAccount(input: { externalId: "cus_6lsBvm5rJ0zyHc", name: "Initech" }) { id } }`);
    const replay = await app.ok(`mutation { replayStripeEvents { id outcome reason } }`);
    expect(replay.replayStripeEvents).toEqual([{ id: e.id, outcome: 'APPLIED', reason: null }]);
    expect((await account(app, 'cus_6lsBvm5rJ0zyHc'))!.mrr).toBe(2000);
    expect((await app.ok(`{ stripeParkedEvents { totalCount } }`)).stripeParkedEvents.totalCount).toBe(0);
  });

  it('a customer that gets its account has its parked events replayed after the answer', async () => {
    const parked = envelope(
      'customer.subscription.created',
      currentShape({ id: 'sub_later1', customer: 'cus_later1', quantity: 3 }),
      T0,
    );
    expect((await send(app, parked)).body.outcome).toBe('PARKED');
    const created = await app.ok(
      `mutation { createAccount(input: { externalId: "crm-later", name: "Later" }) { id } }`,
    );
    const id = created.createAccount.id as string;
    const cus = { id: 'cus_later1', object: 'customer', name: 'Later Inc', metadata: { vitals_account_id: id } };
    // The customer event is answered at once; the replay runs after it (polled: it is not part of the answer).
    expect((await send(app, envelope('customer.created', cus, T0 + 60))).body).toMatchObject({ outcome: 'APPLIED' });
    let outcome = '';
    for (let i = 0; i < 100 && outcome !== 'APPLIED'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      outcome = (await app.db.query(`SELECT outcome FROM stripe_events WHERE id = $1`, [parked.id])).rows[0].outcome;
    }
    expect(outcome).toBe('APPLIED');
    expect((await account(app, 'crm-later'))!.mrr).toBe(6000); // 3 × 20.00
    // A re-delivery of the replayed event changes nothing.
    expect((await send(app, parked)).body.outcome).toBe('DUPLICATE');
    expect((await account(app, 'crm-later'))!.mrr).toBe(6000);
  });

  it('cancel_at_period_end under the request policy: 0 from the request, not the period end', async () => {
    const s = { ...djStripeSubscription(1), cancel_at_period_end: true, canceled_at: T0 + DAY };
    await send(app, envelope('customer.subscription.updated', s, T0 + DAY));
    const a = (await account(app, 'cus_6lsBvm5rJ0zyHc'))!;
    expect([a.mrr, a.status]).toEqual([0, 'CHURNED']);
    expect((await movements(app, a.id)).at(-1)).toEqual(['CHURN', 2000, 0, iso(T0 + DAY)]);
  });
});
