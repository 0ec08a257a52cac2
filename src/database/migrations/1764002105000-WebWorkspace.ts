import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The CSM workspace (issue 18): task snoozing, and a daily history of churn-risk bands so "risk went up this
 * week" can be answered (account_risk keeps only the latest score).
 *
 * The history is written by a statement-level trigger over the rows each scoring statement wrote (transition
 * tables): set-based, and every writer of account_risk is covered without knowing about it. One row per account
 * and UTC day: the day's last score wins.
 */
export class WebWorkspace1764002105000 implements MigrationInterface {
  name = 'WebWorkspace1764002105000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tasks ADD COLUMN snoozed_until timestamptz`);
    await q.query(`
      CREATE TABLE account_risk_history (
        account_id uuid NOT NULL REFERENCES accounts(id),
        day date NOT NULL,
        probability double precision NOT NULL,
        band text NOT NULL CHECK (band IN ('LOW','MEDIUM','HIGH')),
        computed_at timestamptz NOT NULL,
        PRIMARY KEY (account_id, day)
      )`);
    await q.query(`CREATE INDEX account_risk_history_day_idx ON account_risk_history (day)`);
    await q.query(`
      CREATE FUNCTION account_risk_history_record() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO account_risk_history (account_id, day, probability, band, computed_at)
        SELECT DISTINCT ON (account_id) account_id, (computed_at AT TIME ZONE 'UTC')::date, probability, band, computed_at
          FROM scored ORDER BY account_id, computed_at DESC
        ON CONFLICT (account_id, day) DO UPDATE
           SET probability = EXCLUDED.probability, band = EXCLUDED.band, computed_at = EXCLUDED.computed_at;
        RETURN NULL;
      END $$`);
    // A trigger with transition tables may name one event only: one for INSERT, one for UPDATE.
    await q.query(`
      CREATE TRIGGER account_risk_history_ins AFTER INSERT ON account_risk
        REFERENCING NEW TABLE AS scored FOR EACH STATEMENT EXECUTE FUNCTION account_risk_history_record()`);
    await q.query(`
      CREATE TRIGGER account_risk_history_upd AFTER UPDATE ON account_risk
        REFERENCING NEW TABLE AS scored FOR EACH STATEMENT EXECUTE FUNCTION account_risk_history_record()`);
    // Seed today's row from the current scores, so the first week has a starting point.
    await q.query(`
      INSERT INTO account_risk_history (account_id, day, probability, band, computed_at)
      SELECT account_id, (computed_at AT TIME ZONE 'UTC')::date, probability, band, computed_at FROM account_risk
      ON CONFLICT DO NOTHING`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER account_risk_history_upd ON account_risk`);
    await q.query(`DROP TRIGGER account_risk_history_ins ON account_risk`);
    await q.query(`DROP FUNCTION account_risk_history_record()`);
    await q.query(`DROP TABLE account_risk_history`);
    await q.query(`ALTER TABLE tasks DROP COLUMN snoozed_until`);
  }
}
