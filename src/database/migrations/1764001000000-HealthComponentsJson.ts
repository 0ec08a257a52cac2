import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * health_current.components becomes `json` (text, validated) instead of `jsonb`: nothing queries inside it
 * (it is read back whole for the account page), and parsing ~40 full-precision numbers per account into
 * jsonb numerics was most of a full recompute's store time (`docs/benchmarks.md`, health recompute).
 */
export class HealthComponentsJson1764001000000 implements MigrationInterface {
  name = 'HealthComponentsJson1764001000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE health_current ALTER COLUMN components TYPE json USING components::json`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE health_current ALTER COLUMN components TYPE jsonb USING components::jsonb`);
  }
}
