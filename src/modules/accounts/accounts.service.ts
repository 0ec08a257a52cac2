import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { DataSource, EntityManager } from 'typeorm';
import { AppError, isUniqueViolation } from '../../common/errors/app-error';
import { Principal, bookOwnerFilter } from '../../common/auth/principal';
import { Role } from '../../common/auth/role.enum';
import { Connection, readPageArgs, toConnection } from '../../common/pagination/connection';
import { CursorKind } from '../../common/pagination/cursor';
import { AccountEntity } from './account.entity';
import { AccountFilter, AccountOrder, CreateAccountInput, UpdateAccountInput } from './dto/account.input';
import { ACCOUNT_EVENTS, AccountCreatedEvent } from './account.events';
import { rowsOf } from '../../database/query-result';
import { UUID_RE } from '../../core/ids';
import { ReadModelCache, ReadScope } from '../../common/read-cache/read-model-cache.service';
import { preparedRead, runPreparedRead } from '../../common/database/prepared-read';
import { visibleAccountSql } from '../../common/auth/account-access';
import { activeOverrideJoin, SHOWN_BAND_SQL } from '../../common/database/effective-band.sql';
import { AT_RISK_SQL, bandOnDaySql } from '../../common/database/portfolio-filters.sql';

/** The widest renewal window a list can ask for (about three years). */
const MAX_RENEWAL_WINDOW_DAYS = 1100;

type SortCast = 'text' | 'bigint' | 'date' | 'timestamptz' | 'float8';
interface SortDef {
  expr: string;
  dir: 'ASC' | 'DESC';
  cast: SortCast;
}

/** What a cursor's sort key must be to be cast to the sort's type (the key is `(expr)::text`). */
const CURSOR_KIND: Record<SortCast, CursorKind> = {
  text: 'text',
  bigint: 'bigint',
  date: 'date',
  timestamptz: 'timestamp',
  float8: 'float',
};

/** Keyset orderings; `id` breaks ties in the same direction so paging is stable. */
const SORTS: Record<AccountOrder, SortDef> = {
  [AccountOrder.NAME_ASC]: { expr: 'a.name', dir: 'ASC', cast: 'text' },
  [AccountOrder.NAME_DESC]: { expr: 'a.name', dir: 'DESC', cast: 'text' },
  [AccountOrder.MRR_DESC]: { expr: 'a.mrr_cents', dir: 'DESC', cast: 'bigint' },
  [AccountOrder.MRR_ASC]: { expr: 'a.mrr_cents', dir: 'ASC', cast: 'bigint' },
  [AccountOrder.RENEWAL_ASC]: { expr: "COALESCE(a.renewal_date, DATE '9999-12-31')", dir: 'ASC', cast: 'date' },
  [AccountOrder.CUSTOMER_SINCE_DESC]: {
    expr: "COALESCE(a.customer_since, 'epoch'::timestamptz)",
    dir: 'DESC',
    cast: 'timestamptz',
  },
  [AccountOrder.CREATED_DESC]: { expr: 'a.created_at', dir: 'DESC', cast: 'timestamptz' },
  [AccountOrder.HEALTH_ASC]: { expr: 'COALESCE(h.score, 1000)', dir: 'ASC', cast: 'float8' },
  [AccountOrder.HEALTH_DESC]: { expr: 'COALESCE(h.score, -1)', dir: 'DESC', cast: 'float8' },
  [AccountOrder.RISK_DESC]: { expr: 'COALESCE(r.probability, -1)', dir: 'DESC', cast: 'float8' },
  [AccountOrder.RISK_ASC]: { expr: 'COALESCE(r.probability, 2)', dir: 'ASC', cast: 'float8' },
  [AccountOrder.RENEWAL_DESC]: { expr: "COALESCE(a.renewal_date, DATE '0001-01-01')", dir: 'DESC', cast: 'date' },
  [AccountOrder.CHANGE_7D_ASC]: { expr: 'COALESCE(h.delta7d, 1e9)', dir: 'ASC', cast: 'float8' },
  [AccountOrder.CHANGE_7D_DESC]: { expr: 'COALESCE(h.delta7d, -1e9)', dir: 'DESC', cast: 'float8' },
};

/**
 * Current health (src/modules/health, with an unexpired override deciding the band people see) and churn
 * risk (src/modules/risk), joined for their filters and orderings — only those a query needs: the count of
 * a plain page must not pay for joining 50k health rows it never reads.
 */
const HEALTH_JOIN = 'LEFT JOIN health_current h ON h.account_id = a.id';
const OVERRIDE_JOIN = activeOverrideJoin();
const RISK_JOIN = 'LEFT JOIN account_risk r ON r.account_id = a.id';

/** The joins a piece of SQL refers to (by their aliases h., ho., r.), in a valid order. */
function scoreJoinsFor(...sql: string[]): string {
  const text = sql.join(' ');
  const joins: string[] = [];
  if (/\bh\./.test(text)) joins.push(HEALTH_JOIN);
  if (/\bho\./.test(text)) joins.push(OVERRIDE_JOIN);
  if (/\br\./.test(text)) joins.push(RISK_JOIN);
  return joins.join('\n  ');
}

export const ACCOUNT_COLUMNS = `a.id, a.external_id, a.name, a.segment, a.owner_id, a.industry, a.customer_since,
  to_char(a.renewal_date, 'YYYY-MM-DD') AS renewal_date, a.status, a.mrr_cents, a.churned_at, a.created_at, a.updated_at`;

export function mapAccountRow(r: Record<string, any>): AccountEntity {
  const a = new AccountEntity();
  a.id = r.id;
  a.externalId = r.external_id;
  a.name = r.name;
  a.segment = r.segment;
  a.ownerId = r.owner_id;
  a.industry = r.industry;
  a.customerSince = r.customer_since;
  a.renewalDate = r.renewal_date;
  a.status = r.status;
  a.mrrCents = Number(r.mrr_cents);
  a.churnedAt = r.churned_at;
  a.createdAt = r.created_at;
  a.updatedAt = r.updated_at;
  return a;
}

/** Accounts by id, limited to one owner's book when $2 is set (the account DataLoader and `account(id)`). */
export const VISIBLE_BY_IDS = preparedRead(
  'accounts_visible_by_ids',
  `SELECT ${ACCOUNT_COLUMNS} FROM accounts a WHERE a.id = ANY($1::uuid[]) AND ${visibleAccountSql('$2')}`,
);

@Injectable()
export class AccountsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly events: EventEmitter2,
    private readonly readCache: ReadModelCache,
  ) {}

  /** Accounts by id that the principal may see (a CSM: their own book). Unknown or hidden ids are absent. */
  async findVisibleByIds(ids: readonly string[], p: Principal | null): Promise<AccountEntity[]> {
    const valid = ids.filter((id) => UUID_RE.test(id));
    if (!valid.length) return [];
    const owner = p ? bookOwnerFilter(p) : null;
    const rows = await runPreparedRead(this.db, VISIBLE_BY_IDS, [valid, owner]);
    return rows.map(mapAccountRow);
  }

  /** The account if it exists and the principal may see it; null otherwise (no existence leak). */
  async findVisible(
    p: Principal,
    ref: { id?: string | null; externalId?: string | null },
  ): Promise<AccountEntity | null> {
    if (ref.id) return (await this.findVisibleByIds([ref.id], p))[0] ?? null;
    if (ref.externalId) {
      const owner = bookOwnerFilter(p);
      const rows = await this.db.query(
        `SELECT ${ACCOUNT_COLUMNS} FROM accounts a WHERE a.external_id = $1 AND ${visibleAccountSql('$2')}`,
        [ref.externalId, owner],
      );
      return rows[0] ? mapAccountRow(rows[0]) : null;
    }
    throw AppError.badInput('id', 'give id or externalId');
  }

  /** Like findVisible, but a missing or hidden account is NOT_FOUND. */
  async getVisible(p: Principal, id: string): Promise<AccountEntity> {
    const found = await this.findVisible(p, { id });
    if (!found) throw AppError.notFound('Account', id);
    return found;
  }

  async list(
    p: Principal,
    filter: AccountFilter | null | undefined,
    orderBy: AccountOrder | null | undefined,
    first: number | null | undefined,
    after: string | null | undefined,
    opts: { withCount?: boolean } = {},
  ): Promise<Connection<AccountEntity>> {
    const withCount = opts.withCount ?? true;
    const sort = SORTS[orderBy ?? AccountOrder.NAME_ASC];
    const page = readPageArgs(first, after, [`${CURSOR_KIND[sort.cast]}?`, 'uuid']);
    const params: unknown[] = [];
    const where: string[] = [];
    const add = (sql: (n: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    const owner = bookOwnerFilter(p);
    if (owner) add((n) => `a.owner_id = ${n}`, owner);
    if (filter?.ownerId) {
      if (!UUID_RE.test(filter.ownerId)) throw AppError.badInput('filter.ownerId', 'must be a user id');
      add((n) => `a.owner_id = ${n}`, filter.ownerId);
    }
    if (filter?.segment != null) add((n) => `a.segment = ${n}`, filter.segment);
    if (filter?.status) add((n) => `a.status = ${n}`, filter.status);
    if (filter?.renewalBefore) add((n) => `a.renewal_date < ${n}::date`, filter.renewalBefore);
    if (filter?.renewalFrom) add((n) => `a.renewal_date >= ${n}::date`, filter.renewalFrom);
    if (filter?.renewalTo) add((n) => `a.renewal_date < ${n}::date`, filter.renewalTo);
    if (filter?.renewalWithinDays != null) {
      const days = filter.renewalWithinDays;
      if (!Number.isInteger(days) || days < 0 || days > MAX_RENEWAL_WINDOW_DAYS)
        throw AppError.badInput(
          'filter.renewalWithinDays',
          `must be a whole number of days 0..${MAX_RENEWAL_WINDOW_DAYS}`,
        );
      // [today, today + N] in UTC days: a renewal today is within 0 days.
      add((n) => `a.renewal_date BETWEEN current_date AND current_date + ${n}::int`, days);
    }
    if (filter?.hasRedFlag === true) where.push(`jsonb_array_length(COALESCE(h.flags, '[]'::jsonb)) > 0`);
    if (filter?.hasRedFlag === false) where.push(`jsonb_array_length(COALESCE(h.flags, '[]'::jsonb)) = 0`);
    if (filter?.band) add((n) => `${SHOWN_BAND_SQL} = ${n}`, filter.band);
    if (filter?.minScore != null) add((n) => `h.score >= ${n}::float8`, filter.minScore);
    if (filter?.maxScore != null) add((n) => `h.score <= ${n}::float8`, filter.maxScore);
    if (filter?.hasFlag)
      add((n) => `h.flags @> jsonb_build_array(jsonb_build_object('type', ${n}::text))`, filter.hasFlag);
    if (filter?.trend) add((n) => `h.direction = ${n}`, filter.trend);
    if (filter?.minRisk != null) add((n) => `r.probability >= ${n}::float8`, filter.minRisk);
    if (filter?.riskBand) add((n) => `r.band = ${n}`, filter.riskBand);
    if (filter?.bandOn) {
      params.push(filter.bandOn.day, filter.bandOn.band);
      where.push(bandOnDaySql(`$${params.length - 1}`, `$${params.length}`));
    }
    if (filter?.atRisk === true) where.push(AT_RISK_SQL);
    if (filter?.atRisk === false) where.push(`NOT ${AT_RISK_SQL}`);
    if (filter?.search) {
      const like = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      add((n) => `(a.name ILIKE ${n} OR a.external_id ILIKE ${n})`, like);
    }
    const whereSql = where.length ? where.join(' AND ') : 'TRUE';
    const countParams = [...params];
    let keyset = '';
    if (page.after) {
      const [value, id] = page.after;
      params.push(value, id);
      const op = sort.dir === 'ASC' ? '>' : '<';
      keyset = ` AND (${sort.expr}, a.id) ${op} ($${params.length - 1}::${sort.cast}, $${params.length}::uuid)`;
    }
    params.push(page.first + 1);
    const joins = scoreJoinsFor(sort.expr, whereSql);
    const pageSql = `SELECT ${ACCOUNT_COLUMNS}, (${sort.expr})::text AS sort_key FROM accounts a ${joins}
        WHERE ${whereSql}${keyset}
        ORDER BY ${sort.expr} ${sort.dir}, a.id ${sort.dir}
        LIMIT $${params.length}`;
    const countSql = `SELECT count(*)::int AS count FROM accounts a ${scoreJoinsFor(whereSql)} WHERE ${whereSql}`;
    const scopes: ReadScope[] = ['accounts'];
    if (joins.includes(HEALTH_JOIN)) scopes.push('health');
    if (joins.includes(OVERRIDE_JOIN)) scopes.push('overrides');
    if (joins.includes(RISK_JOIN)) scopes.push('risk');
    const compute = async (em: EntityManager) => {
      const rows: Array<Record<string, any>> = await em.query(pageSql, params);
      // A caller walking every page (the CSV export) does not need the count on each of them.
      const [{ count }] = withCount ? await em.query(countSql, countParams) : [{ count: -1 }];
      // An override that expires changes the band people see without any write: the answer lasts until then.
      const [{ next_expiry }] = scopes.includes('overrides')
        ? await em.query(
            `SELECT (extract(epoch FROM min(expires_at)) * 1000)::float8 AS next_expiry FROM health_overrides WHERE cleared_at IS NULL AND expires_at > now()`,
          )
        : [{ next_expiry: null }];
      return { value: { rows, count: count as number }, validUntil: next_expiry ?? undefined };
    };
    // health_history (bandOn) is not a watched table of the read cache: such a list is read fresh.
    const { rows, count } = filter?.bandOn
      ? (await compute(this.db.manager)).value
      : await this.readCache.read(
          JSON.stringify([pageSql, params, withCount ? countSql : null, countParams]),
          scopes,
          compute,
        );
    const sortKeys = new Map(rows.map((r) => [r.id as string, r.sort_key as string]));
    return toConnection(rows.map(mapAccountRow), page.first, (a) => [sortKeys.get(a.id) ?? null, a.id], count);
  }

  async create(p: Principal, input: CreateAccountInput): Promise<AccountEntity> {
    const account = await this.db.transaction(async (em) => {
      if (input.ownerId) await this.assertOwner(em, input.ownerId);
      try {
        const rows = await em.query(
          `INSERT INTO accounts (external_id, name, segment, owner_id, customer_since, renewal_date, industry)
           VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${ACCOUNT_COLUMNS.replace(/a\./g, '')}`,
          [
            input.externalId.trim(),
            input.name.trim(),
            input.segment?.trim() || null,
            input.ownerId ?? null,
            input.customerSince ?? null,
            input.renewalDate ?? null,
            input.industry?.trim() || null,
          ],
        );
        return mapAccountRow(rows[0]);
      } catch (err) {
        if (isUniqueViolation(err))
          throw AppError.conflict(`An account with externalId ${input.externalId} already exists`, 'externalId');
        throw err;
      }
    });
    const event: AccountCreatedEvent = { accountId: account.id, actorId: p.userId };
    this.events.emit(ACCOUNT_EVENTS.created, event);
    return account;
  }

  async update(p: Principal, id: string, input: UpdateAccountInput): Promise<AccountEntity> {
    return this.db.transaction(async (em) => {
      const owner = bookOwnerFilter(p);
      const found = UUID_RE.test(id)
        ? await em.query(`SELECT id, owner_id FROM accounts WHERE id = $1 FOR UPDATE`, [id])
        : [];
      if (!found.length || (owner && found[0].owner_id !== owner)) throw AppError.notFound('Account', id);
      if (p.role === Role.CSM && input.ownerId !== undefined && input.ownerId !== found[0].owner_id) {
        throw AppError.forbidden('A CSM cannot reassign accounts; ask a manager');
      }
      if (input.ownerId) await this.assertOwner(em, input.ownerId);
      const sets: string[] = [];
      const params: unknown[] = [id];
      const set = (col: string, value: unknown) => {
        params.push(value);
        sets.push(`${col} = $${params.length}`);
      };
      if (input.externalId !== undefined) set('external_id', input.externalId.trim());
      if (input.name !== undefined) set('name', input.name.trim());
      if (input.segment !== undefined) set('segment', input.segment?.trim() || null);
      if (input.ownerId !== undefined) set('owner_id', input.ownerId);
      if (input.customerSince !== undefined) set('customer_since', input.customerSince);
      if (input.renewalDate !== undefined) set('renewal_date', input.renewalDate);
      if (input.industry !== undefined) set('industry', input.industry?.trim() || null);
      sets.push('updated_at = now()');
      try {
        const rows = await em.query(
          `UPDATE accounts SET ${sets.join(', ')} WHERE id = $1 RETURNING ${ACCOUNT_COLUMNS.replace(/a\./g, '')}`,
          params,
        );
        return mapAccountRow(rowsOf(rows)[0]);
      } catch (err) {
        if (isUniqueViolation(err))
          throw AppError.conflict(`An account with externalId ${input.externalId} already exists`, 'externalId');
        throw err;
      }
    });
  }

  /** An owner must be an existing user who can hold a book (not an ingestion key's user). */
  private async assertOwner(em: EntityManager, ownerId: string): Promise<void> {
    const rows = await em.query(`SELECT role FROM users WHERE id = $1`, [ownerId]);
    if (!rows.length) throw AppError.notFound('Owner', ownerId, 'ownerId');
    if (rows[0].role === Role.INGEST) throw AppError.badInput('ownerId', 'an INGEST user cannot own accounts');
  }
}
