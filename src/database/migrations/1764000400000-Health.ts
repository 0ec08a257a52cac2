import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Health engine: versioned scorecards, the latest snapshot per account, daily history, red-flag history,
 * overrides, and the dirty-account queue that the debounced recompute drains.
 */
export class Health1764000400000 implements MigrationInterface {
  name = 'Health1764000400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE scorecards (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        segment text,
        current_version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // One scorecard per segment, and one default (segment NULL).
    await q.query(`CREATE UNIQUE INDEX scorecards_segment_key ON scorecards ((COALESCE(segment, '')))`);
    await q.query(`
      CREATE TABLE scorecard_versions (
        scorecard_id uuid NOT NULL REFERENCES scorecards(id),
        version int NOT NULL,
        name text NOT NULL,
        measures jsonb NOT NULL,
        red_below double precision NOT NULL,
        green_at_or_above double precision NOT NULL,
        min_coverage double precision NOT NULL,
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (scorecard_id, version)
      )`);
    await q.query(`
      CREATE TABLE health_current (
        account_id uuid PRIMARY KEY REFERENCES accounts(id),
        score double precision,
        band text NOT NULL CHECK (band IN ('GREEN','YELLOW','RED','UNKNOWN')),
        computed_at timestamptz NOT NULL,
        scorecard_id uuid NOT NULL,
        scorecard_version int NOT NULL,
        components jsonb NOT NULL,
        flags jsonb NOT NULL DEFAULT '[]',
        delta7d double precision,
        delta30d double precision,
        direction text NOT NULL DEFAULT 'FLAT' CHECK (direction IN ('UP','DOWN','FLAT'))
      )`);
    await q.query(`CREATE INDEX health_current_band_idx ON health_current (band, score)`);
    await q.query(`CREATE INDEX health_current_score_idx ON health_current (score, account_id)`);
    await q.query(`
      CREATE TABLE health_history (
        account_id uuid NOT NULL REFERENCES accounts(id),
        day date NOT NULL,
        score double precision,
        band text NOT NULL,
        scorecard_id uuid NOT NULL,
        scorecard_version int NOT NULL,
        computed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (account_id, day)
      )`);
    await q.query(`
      CREATE TABLE health_flags (
        account_id uuid NOT NULL REFERENCES accounts(id),
        type text NOT NULL,
        raised_at timestamptz NOT NULL,
        cleared_at timestamptz,
        evidence text NOT NULL,
        PRIMARY KEY (account_id, type, raised_at)
      )`);
    // At most one open flag of each type per account.
    await q.query(
      `CREATE UNIQUE INDEX health_flags_open_key ON health_flags (account_id, type) WHERE cleared_at IS NULL`,
    );
    await q.query(`
      CREATE TABLE health_overrides (
        account_id uuid NOT NULL REFERENCES accounts(id),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        band text NOT NULL CHECK (band IN ('GREEN','YELLOW','RED')),
        reason text NOT NULL,
        set_by uuid REFERENCES users(id),
        set_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        cleared_at timestamptz,
        cleared_by uuid REFERENCES users(id),
        PRIMARY KEY (account_id, id)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX health_overrides_active_key ON health_overrides (account_id) WHERE cleared_at IS NULL`,
    );
    await q.query(`
      CREATE TABLE health_dirty (
        account_id uuid PRIMARY KEY,
        marked_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'health_dirty',
      'health_overrides',
      'health_flags',
      'health_history',
      'health_current',
      'scorecard_versions',
      'scorecards',
    ]) {
      await q.query(`DROP TABLE ${t}`);
    }
  }
}
