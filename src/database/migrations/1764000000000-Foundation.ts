import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Users and API keys, accounts, and the MRR ledger. Every per-account table carries account_id in its
 * primary and unique keys so it can later be distributed by account (Citus) without a rewrite.
 */
export class Foundation1764000000000 implements MigrationInterface {
  name = 'Foundation1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        email text NOT NULL,
        role text NOT NULL CHECK (role IN ('ADMIN','MANAGER','CSM','INGEST')),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX users_email_key ON users (lower(email))`);
    await q.query(`
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id),
        key_hash char(64) NOT NULL,
        key_prefix text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX api_keys_hash_key ON api_keys (key_hash)`);
    await q.query(`CREATE INDEX api_keys_user_idx ON api_keys (user_id)`);
    await q.query(`
      CREATE TABLE accounts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        external_id text NOT NULL,
        name text NOT NULL,
        segment text,
        owner_id uuid REFERENCES users(id),
        industry text,
        customer_since timestamptz,
        renewal_date date,
        status text NOT NULL DEFAULT 'PROSPECT' CHECK (status IN ('PROSPECT','ACTIVE','CHURNED')),
        mrr_cents bigint NOT NULL DEFAULT 0 CHECK (mrr_cents >= 0),
        churned_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX accounts_external_id_key ON accounts (external_id)`);
    await q.query(`CREATE INDEX accounts_owner_idx ON accounts (owner_id)`);
    await q.query(`CREATE INDEX accounts_segment_idx ON accounts (segment)`);
    await q.query(`CREATE INDEX accounts_name_idx ON accounts (name, id)`);
    await q.query(`CREATE INDEX accounts_renewal_idx ON accounts (renewal_date)`);
    // What callers said the MRR is, as of a moment; the movements below are derived from these.
    await q.query(`
      CREATE TABLE mrr_changes (
        account_id uuid NOT NULL REFERENCES accounts(id),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        seq bigserial NOT NULL,
        effective_at timestamptz NOT NULL,
        mrr_cents bigint NOT NULL CHECK (mrr_cents >= 0),
        note text,
        recorded_by uuid REFERENCES users(id),
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (account_id, id)
      )`);
    await q.query(`CREATE INDEX mrr_changes_order_idx ON mrr_changes (account_id, effective_at, seq)`);
    await q.query(`
      CREATE TABLE mrr_movements (
        account_id uuid NOT NULL REFERENCES accounts(id),
        id uuid NOT NULL,
        type text NOT NULL CHECK (type IN ('NEW','EXPANSION','CONTRACTION','CHURN','REACTIVATION')),
        amount_cents bigint NOT NULL CHECK (amount_cents > 0),
        mrr_before_cents bigint NOT NULL CHECK (mrr_before_cents >= 0),
        mrr_after_cents bigint NOT NULL CHECK (mrr_after_cents >= 0),
        effective_at timestamptz NOT NULL,
        seq bigint NOT NULL,
        PRIMARY KEY (account_id, id)
      )`);
    await q.query(`CREATE INDEX mrr_movements_effective_idx ON mrr_movements (effective_at)`);
    await q.query(`CREATE INDEX mrr_movements_account_idx ON mrr_movements (account_id, effective_at, seq)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE mrr_movements`);
    await q.query(`DROP TABLE mrr_changes`);
    await q.query(`DROP TABLE accounts`);
    await q.query(`DROP TABLE api_keys`);
    await q.query(`DROP TABLE users`);
  }
}
