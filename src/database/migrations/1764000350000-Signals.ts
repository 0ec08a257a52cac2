import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Usage signals (issue #3): raw events partitioned by month, a dedupe table, and daily rollups.
 *
 * Why three tables:
 * - `signal_events` is RANGE-partitioned by `occurred_at` (one partition per UTC month) so retention is a
 *   cheap `DROP TABLE` of old partitions. PostgreSQL requires every unique key of a partitioned table to
 *   contain the partition key, so its primary key is (account_id, occurred_at, id): it is unique per
 *   (account, id, instant) and is also exactly the index `account.signals` pages through (newest first).
 *   It can NOT enforce "one id per account": a sender re-sending id X with a corrected occurredAt would land
 *   in another month's partition and be counted twice.
 * - `signal_ids` is therefore a plain (non-partitioned) table keyed (account_id, id): the idempotency key.
 *   Ingestion does `INSERT … ON CONFLICT DO NOTHING RETURNING` into it first; only the rows it returns
 *   (really new, decided by the unique index, so also under concurrent requests) go to `signal_events`
 *   and into the rollups, in the same statement/transaction. It keeps occurred_at so retention can forget
 *   ids older than the horizon; ingestion rejects events older than the horizon, so a forgotten id can
 *   never come back and be counted twice.
 * - `signal_daily` holds the rollups that later stages read (never the raw events); rollups are kept
 *   when raw partitions are dropped.
 *
 * signal_daily columns (one row per account, UTC day and signal type):
 *   account_id        uuid     the account
 *   day               date     UTC calendar day of occurred_at
 *   type              text     signal type (login, feature_used, support_ticket, email_opened, email_ignored,
 *                              payment_failed, seats, or any custom type)
 *   count             bigint   number of distinct signals (after dedupe)
 *   quantity          float8   sum of quantity (1 per signal unless given; `seats` carries the seat count,
 *                              so for seats use quantity / count for the day's average or read raw max)
 *   features          text[]   feature_used only: distinct properties.feature values that day, sorted; '{}' otherwise
 *   tickets_positive  int      support_ticket only: tickets with properties.sentiment = positive
 *   tickets_neutral   int      … neutral
 *   tickets_negative  int      … negative   (count − the three = tickets without a sentiment)
 *   updated_at        timestamptz  last time a signal was added to the row
 * Negative-ticket share over a window: sum(tickets_negative) / sum(count) WHERE type = 'support_ticket'.
 * Distinct features over a window: count(DISTINCT f) FROM signal_daily, unnest(features) f WHERE type = 'feature_used'.
 */
export class Signals1764000350000 implements MigrationInterface {
  name = 'Signals1764000350000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE signal_ids (
        -- No foreign key (a per-row trigger on the hottest insert): ingestion joins accounts to resolve
        -- every signal's account first, and accounts are never deleted.
        account_id uuid NOT NULL,
        id text NOT NULL,
        occurred_at timestamptz NOT NULL,
        PRIMARY KEY (account_id, id)
      )`);
    await q.query(`
      CREATE TABLE signal_events (
        account_id uuid NOT NULL,
        id text NOT NULL,
        occurred_at timestamptz NOT NULL,
        type text NOT NULL,
        quantity double precision NOT NULL DEFAULT 1,
        properties jsonb,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (account_id, occurred_at, id)
      ) PARTITION BY RANGE (occurred_at)`);
    // Safety net: rows whose month has no partition yet. Partition creation moves them out (see below).
    await q.query(`CREATE TABLE signal_events_default PARTITION OF signal_events DEFAULT`);
    await q.query(`
      CREATE TABLE signal_daily (
        account_id uuid NOT NULL REFERENCES accounts(id),
        day date NOT NULL,
        type text NOT NULL,
        count bigint NOT NULL,
        quantity double precision NOT NULL,
        features text[] NOT NULL DEFAULT '{}',
        tickets_positive int NOT NULL DEFAULT 0,
        tickets_neutral int NOT NULL DEFAULT 0,
        tickets_negative int NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (account_id, day, type)
      )`);
    await q.query(`CREATE INDEX signal_daily_day_idx ON signal_daily (day, type)`);

    // Creates the partition of the month containing p_month (UTC) if missing; true when created. If the
    // DEFAULT partition already holds rows of that month, they are moved into the new partition.
    await q.query(`
      CREATE FUNCTION signal_events_ensure_partition(p_month date) RETURNS boolean
      LANGUAGE plpgsql AS $$
      DECLARE
        m date := date_trunc('month', p_month)::date;
        lo timestamptz := (date_trunc('month', p_month)::timestamp AT TIME ZONE 'UTC');
        hi timestamptz := ((date_trunc('month', p_month) + interval '1 month')::timestamp AT TIME ZONE 'UTC');
        part text := 'signal_events_p' || to_char(m, 'YYYY_MM');
      BEGIN
        IF to_regclass(part) IS NOT NULL THEN RETURN false; END IF;
        PERFORM pg_advisory_xact_lock(hashtext('vitals:signal-partitions'));
        IF to_regclass(part) IS NOT NULL THEN RETURN false; END IF;
        IF EXISTS (SELECT 1 FROM signal_events_default WHERE occurred_at >= lo AND occurred_at < hi) THEN
          EXECUTE format('CREATE TABLE %I (LIKE signal_events INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', part);
          EXECUTE format('INSERT INTO %I SELECT * FROM signal_events_default WHERE occurred_at >= %L AND occurred_at < %L', part, lo, hi);
          DELETE FROM signal_events_default WHERE occurred_at >= lo AND occurred_at < hi;
          EXECUTE format('ALTER TABLE signal_events ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', part, lo, hi);
        ELSE
          EXECUTE format('CREATE TABLE %I PARTITION OF signal_events FOR VALUES FROM (%L) TO (%L)', part, lo, hi);
        END IF;
        RETURN true;
      END $$`);

    // Retention: drops every monthly partition that ends at or before p_cutoff, deletes older rows from the
    // DEFAULT partition and forgets their ids. Rollups (signal_daily) are kept. Returns the dropped names.
    await q.query(`
      CREATE FUNCTION signal_events_drop_before(p_cutoff timestamptz) RETURNS text[]
      LANGUAGE plpgsql AS $$
      DECLARE
        r record;
        dropped text[] := '{}';
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext('vitals:signal-partitions'));
        FOR r IN
          SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
           WHERE i.inhparent = 'signal_events'::regclass AND c.relname ~ '^signal_events_p[0-9]{4}_[0-9]{2}$'
           ORDER BY c.relname
        LOOP
          IF ((to_date(substr(r.relname, 16), 'YYYY_MM') + interval '1 month')::timestamp AT TIME ZONE 'UTC') <= p_cutoff THEN
            EXECUTE format('DROP TABLE %I', r.relname);
            dropped := dropped || r.relname::text;
          END IF;
        END LOOP;
        DELETE FROM signal_events_default WHERE occurred_at < p_cutoff;
        DELETE FROM signal_ids WHERE occurred_at < p_cutoff;
        RETURN dropped;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION signal_events_drop_before(timestamptz)`);
    await q.query(`DROP FUNCTION signal_events_ensure_partition(date)`);
    await q.query(`DROP TABLE signal_daily`);
    await q.query(`DROP TABLE signal_events`);
    await q.query(`DROP TABLE signal_ids`);
  }
}
