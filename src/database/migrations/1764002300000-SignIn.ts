import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in for people (issue 18): a password per user (argon2id, PHC string), deactivation, server-side sessions
 * and one-time set-password links. Session tokens and link tokens are stored only as SHA-256 hashes.
 */
export class SignIn1764002300000 implements MigrationInterface {
  name = 'SignIn1764002300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE users
        ADD COLUMN password_hash text,
        ADD COLUMN password_set_at timestamptz,
        ADD COLUMN deactivated_at timestamptz`);
    await q.query(`
      CREATE TABLE sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id),
        token_hash char(64) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        ip text,
        user_agent text
      )`);
    await q.query(`CREATE UNIQUE INDEX sessions_token_key ON sessions (token_hash)`);
    await q.query(`CREATE INDEX sessions_user_open_idx ON sessions (user_id) WHERE revoked_at IS NULL`);
    await q.query(`CREATE INDEX sessions_expires_idx ON sessions (expires_at)`);
    await q.query(`
      CREATE TABLE password_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id),
        token_hash char(64) NOT NULL,
        purpose text NOT NULL CHECK (purpose IN ('INVITE', 'RESET', 'SETUP')),
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        revoked_at timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX password_tokens_hash_key ON password_tokens (token_hash)`);
    await q.query(
      `CREATE INDEX password_tokens_user_open_idx ON password_tokens (user_id) WHERE used_at IS NULL AND revoked_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE password_tokens`);
    await q.query(`DROP TABLE sessions`);
    await q.query(
      `ALTER TABLE users DROP COLUMN password_hash, DROP COLUMN password_set_at, DROP COLUMN deactivated_at`,
    );
  }
}
