import { AppError } from '../errors/app-error';
import { UUID_RE } from '../../core/ids';
import { bookOwnerFilter, Principal } from './principal';

/**
 * The one access gate for "may this principal see (or act on) these accounts": a CSM only their own book; ADMIN,
 * MANAGER and INGEST keys every account (what a role may do at all is the resolver's @Roles: INGEST only reaches
 * ingestion and recording mutations). A hidden account and a missing one answer the same NOT_FOUND (no existence
 * leak). The SQL form of the rule is `visibleAccountSql`; the owner parameter is `bookOwnerFilter(p)`.
 */

/** Runs a parameterised statement: an EntityManager, a DataSource, a QueryRunner. */
export interface AccessQueryable {
  query(sql: string, params?: unknown[]): Promise<any>;
}

/**
 * The visibility clause over an accounts table: `param` holds the book's owner (NULL = every account), `alias` is
 * the accounts table's alias (or '' for an unaliased `accounts`).
 */
export function visibleAccountSql(param: string, alias = 'a'): string {
  const col = alias ? `${alias}.owner_id` : 'owner_id';
  return `(${param}::uuid IS NULL OR ${col} = ${param}::uuid)`;
}

/** The ids of `ids` the principal may see (unknown, hidden and malformed ids left out), in no particular order. */
export async function visibleAccountIds(
  q: AccessQueryable,
  p: Principal,
  ids: readonly string[],
  lock: '' | 'FOR UPDATE' | 'FOR KEY SHARE' = '',
): Promise<string[]> {
  const valid = ids.filter((id) => UUID_RE.test(id));
  if (!valid.length) return [];
  const rows: Array<{ id: string }> = await q.query(
    `SELECT id FROM accounts WHERE id = ANY($1::uuid[]) AND ${visibleAccountSql('$2', '')} ${lock}`,
    [valid, bookOwnerFilter(p)],
  );
  return rows.map((r) => r.id);
}

/**
 * The gate: NOT_FOUND (naming `field`) for the first of `ids` that does not exist or that the principal may not
 * see. `lock` locks the rows for the caller's transaction (FOR UPDATE before changing an account's rows, FOR KEY
 * SHARE so it is not deleted meanwhile). Returns the ids, deduplicated, in the order given.
 */
export async function assertAccountsVisible(
  q: AccessQueryable,
  p: Principal,
  ids: readonly string[],
  opts: { field?: string; lock?: '' | 'FOR UPDATE' | 'FOR KEY SHARE' } = {},
): Promise<string[]> {
  const seen = new Set(await visibleAccountIds(q, p, ids, opts.lock ?? ''));
  const missing = ids.find((id) => !seen.has(id));
  if (missing !== undefined) throw AppError.notFound('Account', missing, opts.field ?? 'accountId');
  return [...new Set(ids)];
}
