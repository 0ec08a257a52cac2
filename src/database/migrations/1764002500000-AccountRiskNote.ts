import { MigrationInterface, QueryRunner } from 'typeorm';

/** Why an account's churn risk disagrees with its health band (RED + LOW, GREEN + HIGH), in plain words. */
export class AccountRiskNote1764002500000 implements MigrationInterface {
  name = 'AccountRiskNote1764002500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE account_risk ADD COLUMN note text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE account_risk DROP COLUMN note`);
  }
}
