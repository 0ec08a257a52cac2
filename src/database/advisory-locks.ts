/**
 * PostgreSQL advisory locks by name: one place for how a name becomes a key (`hashtext('vitals:' || name)`, the
 * keys used since the first release, so instances of different versions still exclude each other) and for the
 * four ways we take them. Transaction locks end with the transaction; session locks are released by
 * `unlockSession` or when the connection closes (so a crashed holder never keeps one).
 *
 * Names in use: `scorecards`, `health-store`, `health-full` and other job names (runExclusive), `clv-fit`,
 * `risk-scoring`, `demo-load`, `ensure-admin`, `admin-setup-link`, `playbooks:<accountId>`,
 * `stripe:<customerId>`, `source:<kind>`; `signal-partitions` is taken inside the partition functions of the
 * Signals migrations (SQL, same key).
 */

/** Anything that runs a parameterised statement: an EntityManager, a QueryRunner, a DataSource, a pg client. */
export interface LockQueryable {
  query(sql: string, params?: unknown[]): Promise<any>;
}

const KEY = `hashtext('vitals:' || $1::text)`;

function firstRow(res: unknown): Record<string, unknown> {
  const rows = Array.isArray(res) ? res : (res as { rows: unknown[] }).rows;
  return rows[0] as Record<string, unknown>;
}

/** Waits for the lock, held until the caller's transaction ends. */
export async function lockForTransaction(q: LockQueryable, name: string): Promise<void> {
  await q.query(`SELECT pg_advisory_xact_lock(${KEY})`, [name]);
}

/** Takes the lock for the caller's transaction if it is free; false when someone else holds it. */
export async function tryLockForTransaction(q: LockQueryable, name: string): Promise<boolean> {
  return firstRow(await q.query(`SELECT pg_try_advisory_xact_lock(${KEY}) AS ok`, [name])).ok === true;
}

/** Takes the lock for this connection's session if it is free; false when someone else holds it. */
export async function tryLockSession(q: LockQueryable, name: string): Promise<boolean> {
  return firstRow(await q.query(`SELECT pg_try_advisory_lock(${KEY}) AS ok`, [name])).ok === true;
}

/** Releases a session lock taken by `tryLockSession` on the same connection. */
export async function unlockSession(q: LockQueryable, name: string): Promise<void> {
  await q.query(`SELECT pg_advisory_unlock(${KEY})`, [name]);
}
