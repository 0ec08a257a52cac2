import { hostname } from 'node:os';
import type { DataSource } from 'typeorm';
import { rowsOf } from './query-result';
import { tryLockSession, unlockSession } from './advisory-locks';
import { recordJobRun } from '../common/metrics/metrics.registry';

/** Who runs a job: host and process, so a trace row says which instance it was. */
export const INSTANCE_ID = `${hostname()}:${process.pid}`;

export interface ExclusiveOptions {
  /** Wait for the run in progress elsewhere (polling the lock, never a blocking SQL wait) instead of skipping. */
  wait?: boolean;
  pollMs?: number;
  /** Gives up waiting after this long (the job is then skipped). */
  maxWaitMs?: number;
  /** Stop waiting (e.g. the service is shutting down). */
  cancelled?: () => boolean;
}

/**
 * Runs `fn` as job `job` on at most one instance at a time: a session advisory lock on `vitals:<job>` (released by
 * PostgreSQL when the holder's connection dies, so a crash never leaves it taken), and a `job_runs` row from
 * RUNNING to DONE/FAILED. Runs left RUNNING by a dead holder are marked INTERRUPTED first (whoever has the lock
 * knows nobody else is running). Resolves `{ ran: false }` when skipped because another instance runs it.
 */
export async function runExclusive<T>(
  db: DataSource,
  job: string,
  fn: () => Promise<T>,
  opts: ExclusiveOptions = {},
): Promise<{ ran: true; result: T; interrupted: number } | { ran: false }> {
  // The lock is a session lock, held by the connection that took it. A caller that has to wait gives its
  // connection back between attempts: waiters holding pooled connections could otherwise starve the job that
  // runs (it needs more connections than the one holding the lock) and deadlock the pool.
  const deadline = Date.now() + (opts.maxWaitMs ?? 30 * 60_000);
  let qr = db.createQueryRunner();
  for (;;) {
    await qr.connect();
    let ok: boolean;
    try {
      ok = await tryLockSession(qr, job);
    } catch (err) {
      await qr.release();
      throw err;
    }
    if (ok) break;
    await qr.release();
    if (!opts.wait || Date.now() > deadline || opts.cancelled?.()) {
      recordJobRun(job, 'skipped', null);
      return { ran: false };
    }
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 200));
    qr = db.createQueryRunner();
  }
  try {
    try {
      const stale = await qr.query(
        `UPDATE job_runs SET status = 'INTERRUPTED', finished_at = clock_timestamp(), detail = 'the instance stopped while running'
          WHERE job = $1 AND status = 'RUNNING' RETURNING id`,
        [job],
      );
      const interrupted = rowsOf(stale).length;
      const [{ id }] = await qr.query(
        `INSERT INTO job_runs (job, instance, status) VALUES ($1, $2, 'RUNNING') RETURNING id`,
        [job, INSTANCE_ID],
      );
      const started = performance.now();
      const seconds = () => (performance.now() - started) / 1000;
      try {
        const result = await fn();
        await qr.query(`UPDATE job_runs SET status = 'DONE', finished_at = clock_timestamp() WHERE id = $1`, [id]);
        recordJobRun(job, 'done', seconds());
        return { ran: true, result, interrupted };
      } catch (err) {
        recordJobRun(job, 'failed', seconds());
        await qr
          .query(`UPDATE job_runs SET status = 'FAILED', finished_at = clock_timestamp(), detail = $2 WHERE id = $1`, [
            id,
            String(err).slice(0, 2000),
          ])
          .catch(() => undefined);
        throw err;
      }
    } finally {
      await unlockSession(qr, job).catch(() => undefined);
    }
  } finally {
    await qr.release();
  }
}

/**
 * At start-up: were runs of `job` interrupted (RUNNING rows while nobody holds the lock)? Marks them INTERRUPTED
 * and returns how many, so the caller can resume the work. 0 when another instance is running the job now.
 * `whileLocked` runs while the lock is held (only when nobody else runs the job), e.g. to fail the job's own
 * half-done rows.
 */
export async function markInterrupted(
  db: DataSource,
  job: string,
  whileLocked?: (query: (sql: string, params?: unknown[]) => Promise<unknown>) => Promise<void>,
): Promise<number> {
  const qr = db.createQueryRunner();
  await qr.connect();
  try {
    if (!(await tryLockSession(qr, job))) return 0;
    try {
      const res = await qr.query(
        `UPDATE job_runs SET status = 'INTERRUPTED', finished_at = clock_timestamp(), detail = 'the instance stopped while running'
          WHERE job = $1 AND status = 'RUNNING' RETURNING id`,
        [job],
      );
      await whileLocked?.((sql, params) => qr.query(sql, params));
      return rowsOf(res).length;
    } finally {
      await unlockSession(qr, job).catch(() => undefined);
    }
  } finally {
    await qr.release();
  }
}
