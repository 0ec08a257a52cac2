import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A trace of the exclusive background jobs (full health recompute, risk training, …): one row per run, written
 * by the instance that holds the job's advisory lock. A run left RUNNING by a crashed instance is marked
 * INTERRUPTED by the next instance that takes the lock. Not per account, so no account_id.
 */
export class JobRuns1764000950400 implements MigrationInterface {
  name = 'JobRuns1764000950400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE job_runs (
        id bigserial PRIMARY KEY,
        job text NOT NULL,
        instance text NOT NULL,
        status text NOT NULL CHECK (status IN ('RUNNING','DONE','FAILED','INTERRUPTED')),
        started_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        finished_at timestamptz,
        detail text CHECK (char_length(detail) <= 2000),
        CHECK ((status = 'RUNNING') = (finished_at IS NULL))
      )`);
    await q.query(`CREATE INDEX job_runs_job_idx ON job_runs (job, started_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE job_runs`);
  }
}
