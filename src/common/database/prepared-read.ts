import type { Pool, QueryResultRow } from 'pg';
import type { DataSource } from 'typeorm';

/**
 * A hot read statement (DataLoader batches of the account page, read-cache counters) run as a named prepared
 * statement straight on TypeORM's pg pool. PostgreSQL then parses it once per pooled connection and, after a
 * few executions, plans it once too, instead of on every request; and the QueryRunner that `DataSource.query`
 * creates per call is skipped. Only for plain reads outside a transaction: anything that must run on a
 * transaction's connection goes through its EntityManager as usual.
 */
export interface PreparedRead {
  readonly name: string;
  readonly text: string;
}

const registered = new Map<string, string>();

/** Declares a statement once (module level). Names are global per connection, so one name may not mean two texts. */
export function preparedRead(name: string, text: string): PreparedRead {
  const known = registered.get(name);
  if (known !== undefined && known !== text)
    throw new Error(`prepared statement ${name} is declared twice with different SQL`);
  registered.set(name, text);
  return { name, text };
}

/** TypeORM's pg pool behind a DataSource (null for another driver or before it connects). */
export function poolOf(db: DataSource): Pool | null {
  const master = (db.driver as unknown as { master?: Pool }).master;
  return master && typeof master.query === 'function' ? master : null;
}

export async function runPreparedRead<R extends QueryResultRow = any>(
  db: DataSource,
  stmt: PreparedRead,
  params: unknown[] = [],
): Promise<R[]> {
  const pool = poolOf(db);
  if (!pool) return db.query(stmt.text, params);
  return (await pool.query<R>({ name: stmt.name, text: stmt.text, values: params })).rows;
}
