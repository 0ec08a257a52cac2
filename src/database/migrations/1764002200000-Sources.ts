import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Connector sources (issue #21): each place data flows in from (a Segment-compatible SDK, Stripe, an import) is a
 * source with its own write key (SHA-256 hash only), rate budget and account-trait settings; its counters per
 * 5-minute bucket (accepted / duplicates / rejected / unattributed / rate-limited); its recent errors (one row per
 * distinct message, counted); and the events it could not attribute to an account yet (kept, never dropped).
 */
export class Sources1764002200000 implements MigrationInterface {
  name = 'Sources1764002200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sources (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('SEGMENT','STRIPE','IMPORT')),
        name text NOT NULL,
        write_key_hash char(64) NOT NULL,
        write_key_prefix text NOT NULL,
        rate_limit_per_minute int CHECK (rate_limit_per_minute >= 0),
        segment_trait text,
        owner_email_trait text,
        unattributed_max_age_days int CHECK (unattributed_max_age_days BETWEEN 1 AND 3650),
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX sources_write_key_hash_key ON sources (write_key_hash)`);
    await q.query(`
      CREATE TABLE source_stats (
        source_id uuid NOT NULL REFERENCES sources(id),
        bucket timestamptz NOT NULL,
        accepted bigint NOT NULL DEFAULT 0,
        duplicates bigint NOT NULL DEFAULT 0,
        rejected bigint NOT NULL DEFAULT 0,
        unattributed bigint NOT NULL DEFAULT 0,
        rate_limited bigint NOT NULL DEFAULT 0,
        last_event_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (source_id, bucket)
      )`);
    await q.query(`
      CREATE TABLE source_errors (
        source_id uuid NOT NULL REFERENCES sources(id),
        message text NOT NULL,
        count bigint NOT NULL DEFAULT 1,
        first_at timestamptz NOT NULL DEFAULT now(),
        last_at timestamptz NOT NULL DEFAULT now(),
        detail jsonb,
        PRIMARY KEY (source_id, message)
      )`);
    await q.query(`CREATE INDEX source_errors_recent_idx ON source_errors (source_id, last_at DESC)`);
    // Events a source could not attribute yet: match_key says what would attribute them (a Segment user key,
    // a Stripe customer id), group_ref the account external id they named when that account is unknown.
    await q.query(`
      CREATE TABLE source_unattributed (
        source_id uuid NOT NULL REFERENCES sources(id),
        id text NOT NULL,
        match_key text,
        alt_match_key text,
        group_ref text,
        reason text NOT NULL,
        occurred_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        payload jsonb NOT NULL,
        PRIMARY KEY (source_id, id)
      )`);
    await q.query(`CREATE INDEX source_unattributed_match_idx ON source_unattributed (match_key)`);
    await q.query(`CREATE INDEX source_unattributed_alt_match_idx ON source_unattributed (alt_match_key)`);
    await q.query(`CREATE INDEX source_unattributed_group_idx ON source_unattributed (group_ref)`);
    await q.query(`CREATE INDEX source_unattributed_age_idx ON source_unattributed (source_id, received_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE source_unattributed`);
    await q.query(`DROP TABLE source_errors`);
    await q.query(`DROP TABLE source_stats`);
    await q.query(`DROP TABLE sources`);
  }
}
