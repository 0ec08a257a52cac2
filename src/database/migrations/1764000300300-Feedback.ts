import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Customer feedback: NPS and CSAT survey responses and free-text verbatims (calls, e-mails, tickets…).
 * Per-account tables with account_id leading the primary key; (account_id, occurred DESC, id DESC) indexes
 * serve "latest per account" and the per-account feed; the time indexes serve period summaries.
 */
export class Feedback1764000300300 implements MigrationInterface {
  name = 'Feedback1764000300300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE nps_responses (
        account_id uuid NOT NULL REFERENCES accounts(id),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        score smallint NOT NULL CHECK (score BETWEEN 0 AND 10),
        category text NOT NULL GENERATED ALWAYS AS (
          CASE WHEN score >= 9 THEN 'PROMOTER' WHEN score >= 7 THEN 'PASSIVE' ELSE 'DETRACTOR' END) STORED,
        comment text CHECK (char_length(comment) <= 10000),
        respondent_email text CHECK (char_length(respondent_email) <= 320),
        responded_at timestamptz NOT NULL,
        recorded_by uuid REFERENCES users(id),
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (account_id, id)
      )`);
    await q.query(`CREATE INDEX nps_responses_latest_idx ON nps_responses (account_id, responded_at DESC, id DESC)`);
    await q.query(
      `CREATE INDEX nps_responses_period_idx ON nps_responses (responded_at) INCLUDE (account_id, category)`,
    );
    await q.query(`
      CREATE TABLE csat_responses (
        account_id uuid NOT NULL REFERENCES accounts(id),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        score smallint NOT NULL CHECK (score BETWEEN 1 AND 5),
        comment text CHECK (char_length(comment) <= 10000),
        topic text CHECK (char_length(topic) <= 100),
        responded_at timestamptz NOT NULL,
        recorded_by uuid REFERENCES users(id),
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (account_id, id)
      )`);
    await q.query(`CREATE INDEX csat_responses_latest_idx ON csat_responses (account_id, responded_at DESC, id DESC)`);
    await q.query(`CREATE INDEX csat_responses_period_idx ON csat_responses (responded_at)`);
    await q.query(`
      CREATE TABLE feedback_notes (
        account_id uuid NOT NULL REFERENCES accounts(id),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        text text NOT NULL CHECK (char_length(text) BETWEEN 1 AND 10000),
        source text NOT NULL CHECK (source IN ('CALL','EMAIL','TICKET','SURVEY','MEETING','OTHER')),
        sentiment text CHECK (sentiment IN ('POSITIVE','NEUTRAL','NEGATIVE')),
        tags text[] NOT NULL DEFAULT '{}' CHECK (cardinality(tags) <= 20),
        occurred_at timestamptz NOT NULL,
        recorded_by uuid REFERENCES users(id),
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (account_id, id)
      )`);
    await q.query(`CREATE INDEX feedback_notes_latest_idx ON feedback_notes (account_id, occurred_at DESC, id DESC)`);
    await q.query(`CREATE INDEX feedback_notes_period_idx ON feedback_notes (occurred_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE feedback_notes`);
    await q.query(`DROP TABLE csat_responses`);
    await q.query(`DROP TABLE nps_responses`);
  }
}
