import { startTestApp, TestApp } from './utils/test-app';
import { describeWithStripeFixtures, djStripeSubscription } from '../src/core/billing/__tests__/stripe-fixtures';
import { account, DAY, envelope, iso, movements, SECRET, send, T0 } from './utils/stripe-webhook';

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

  it('cancel_at_period_end under the request policy: 0 from the request, not the period end', async () => {
    const s = { ...djStripeSubscription(1), cancel_at_period_end: true, canceled_at: T0 + DAY };
    await send(app, envelope('customer.subscription.updated', s, T0 + DAY));
    const a = (await account(app, 'cus_6lsBvm5rJ0zyHc'))!;
    expect([a.mrr, a.status]).toEqual([0, 'CHURNED']);
    expect((await movements(app, a.id)).at(-1)).toEqual(['CHURN', 2000, 0, iso(T0 + DAY)]);
  });
});
