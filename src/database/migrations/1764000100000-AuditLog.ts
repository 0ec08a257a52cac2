import { MigrationInterface, QueryRunner } from 'typeorm';

/** Who did what through the API: one row per mutation, never holding secrets (only ids, never arguments). */
export class AuditLog1764000100000 implements MigrationInterface {
  name = 'AuditLog1764000100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor_user_id uuid,
        api_key_id uuid,
        role text,
        operation text NOT NULL,
        target_ids text[] NOT NULL DEFAULT '{}',
        outcome text NOT NULL CHECK (outcome IN ('OK','ERROR')),
        error_code text,
        request_id text
      )`);
    await q.query(`CREATE INDEX audit_log_at_idx ON audit_log (at DESC, id DESC)`);
    await q.query(`CREATE INDEX audit_log_actor_idx ON audit_log (actor_user_id, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_log`);
  }
}
