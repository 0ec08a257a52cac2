/**
 * TypeORM's `query()` on PostgreSQL returns the rows for SELECT/INSERT, but `[rows, affectedCount]` for
 * UPDATE and DELETE. This returns the rows either way.
 */
export function rowsOf<T = Record<string, any>>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number')
    return result[0] as T[];
  return result as T[];
}
