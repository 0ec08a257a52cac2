import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Portfolio health (issue 19) reads health_history by day across every account: the weekly band mix takes one
 * day per week, and the Accounts list's `bandOn` filter the accounts in a band on that day. The primary key
 * (account_id, day) cannot answer "which days have rows" or "who was RED on day D" without reading every
 * account's history; this index can.
 */
export class HealthHistoryDay1764002600000 implements MigrationInterface {
  name = 'HealthHistoryDay1764002600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX health_history_day_band_idx ON health_history (day, band, account_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX health_history_day_band_idx`);
  }
}
