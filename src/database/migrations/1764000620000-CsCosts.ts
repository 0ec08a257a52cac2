import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Company-wide customer-success costs (staff, tools, programmes…) per span of dates [period_start, period_end),
 * prorated by days into retention-cost (CRC) figures. Not per account, so no account_id.
 */
export class CsCosts1764000620000 implements MigrationInterface {
  name = 'CsCosts1764000620000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE cs_costs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        period_start date NOT NULL,
        period_end date NOT NULL,
        amount_cents bigint NOT NULL CHECK (amount_cents >= 0),
        category text NOT NULL CHECK (category IN ('STAFF','TOOLS','PROGRAMS','SERVICES','MARKETING','OTHER')),
        note text CHECK (char_length(note) <= 2000),
        recorded_by uuid REFERENCES users(id),
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CHECK (period_start < period_end)
      )`);
    await q.query(`CREATE INDEX cs_costs_period_idx ON cs_costs (period_start, period_end)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE cs_costs`);
  }
}
