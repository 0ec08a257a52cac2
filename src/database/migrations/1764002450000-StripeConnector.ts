import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The Stripe connector's state. `stripe_events`: every event processed once (idempotency by event id), with its
 * outcome, and the body of parked ones for replay. `stripe_customers`: which account a Stripe customer maps to.
 * `stripe_subscriptions`: the newest state seen of each subscription (an older event arriving later changes
 * nothing). `stripe_subscription_mrr`: what each subscription contributes from when; the account's ledger
 * statements of origin 'stripe' are derived from these. `stripe_discounts`: discounts seen in
 * `customer.discount.*` events, for subscriptions that name their discounts by id (API 2025-03-31 and later).
 * `mrr_changes.origin` tells the connector's statements apart from statements people or imports made.
 */
export class StripeConnector1764002450000 implements MigrationInterface {
  name = 'StripeConnector1764002450000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE mrr_changes ADD COLUMN origin text`);
    await q.query(`CREATE INDEX mrr_changes_origin_idx ON mrr_changes (account_id, origin) WHERE origin IS NOT NULL`);
    await q.query(`
      CREATE TABLE stripe_events (
        id text PRIMARY KEY,
        type text NOT NULL,
        created_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        outcome text NOT NULL CHECK (outcome IN ('APPLIED', 'STALE', 'IGNORED', 'PARKED')),
        reason text,
        customer_id text,
        account_id uuid REFERENCES accounts(id) ON DELETE SET NULL,
        payload jsonb,
        replayed_at timestamptz
      )`);
    await q.query(`CREATE INDEX stripe_events_received_idx ON stripe_events (received_at)`);
    await q.query(`CREATE INDEX stripe_events_parked_idx ON stripe_events (customer_id) WHERE outcome = 'PARKED'`);
    await q.query(`
      CREATE TABLE stripe_customers (
        id text PRIMARY KEY,
        account_id uuid REFERENCES accounts(id) ON DELETE SET NULL,
        name text,
        last_event_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX stripe_customers_account_idx ON stripe_customers (account_id)`);
    await q.query(`
      CREATE TABLE stripe_subscriptions (
        id text PRIMARY KEY,
        customer_id text NOT NULL,
        status text NOT NULL,
        currency text NOT NULL,
        last_event_at timestamptz NOT NULL,
        last_event_id text NOT NULL,
        object jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX stripe_subscriptions_customer_idx ON stripe_subscriptions (customer_id)`);
    await q.query(`
      CREATE TABLE stripe_subscription_mrr (
        subscription_id text NOT NULL REFERENCES stripe_subscriptions(id) ON DELETE CASCADE,
        effective_at timestamptz NOT NULL,
        mrr_cents bigint NOT NULL CHECK (mrr_cents >= 0),
        PRIMARY KEY (subscription_id, effective_at)
      )`);
    await q.query(`CREATE INDEX stripe_subscription_mrr_due_idx ON stripe_subscription_mrr (effective_at)`);
    await q.query(`
      CREATE TABLE stripe_discounts (
        id text PRIMARY KEY,
        subscription_id text,
        object jsonb,
        deleted boolean NOT NULL DEFAULT false,
        last_event_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX stripe_discounts_subscription_idx ON stripe_discounts (subscription_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE stripe_discounts`);
    await q.query(`DROP TABLE stripe_subscription_mrr`);
    await q.query(`DROP TABLE stripe_subscriptions`);
    await q.query(`DROP TABLE stripe_customers`);
    await q.query(`DROP TABLE stripe_events`);
    await q.query(`DELETE FROM mrr_changes WHERE origin IS NOT NULL`);
    await q.query(`ALTER TABLE mrr_changes DROP COLUMN origin`);
  }
}
