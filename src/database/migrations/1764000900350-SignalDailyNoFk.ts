import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Ingestion throughput (issue #3): `signal_daily` loses its foreign key to `accounts`, as `signal_ids` never
 * had one. The key cost a per-row RI trigger on the hottest upsert (≈ 15 % of a 50,000-event merge: one
 * lookup per new rollup row), and it checked nothing the merge does not already guarantee: every signal's
 * account is resolved by joining `accounts` before anything is written, and accounts are never deleted.
 */
export class SignalDailyNoFk1764000900350 implements MigrationInterface {
  name = 'SignalDailyNoFk1764000900350';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE signal_daily DROP CONSTRAINT IF EXISTS signal_daily_account_id_fkey`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE signal_daily ADD CONSTRAINT signal_daily_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts(id)`,
    );
  }
}
