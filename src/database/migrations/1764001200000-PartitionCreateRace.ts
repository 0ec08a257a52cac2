import { MigrationInterface, QueryRunner } from 'typeorm';

/** The body of signal_events_ensure_partition; `onDuplicate` is what runs when the partition appeared meanwhile. */
const ensurePartition = (onDuplicate: string) => `
  CREATE OR REPLACE FUNCTION signal_events_ensure_partition(p_month date) RETURNS boolean
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
  ${onDuplicate}
  END $$`;

/**
 * Two callers creating the same month's partition at once: the second waits on the advisory lock, but taking an
 * advisory lock does not refresh the catalog cache, so its re-check (to_regclass) can still miss the table the
 * first one just committed, and its CREATE then failed with 42P07 (seen with concurrent ingest streams). The
 * partition exists by then, made by the other caller: that is "not created here", not an error.
 */
export class PartitionCreateRace1764001200000 implements MigrationInterface {
  name = 'PartitionCreateRace1764001200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(ensurePartition('EXCEPTION WHEN duplicate_table THEN RETURN false;'));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(ensurePartition(''));
  }
}
