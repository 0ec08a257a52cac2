import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { stringify } from 'csv-stringify';
import type { Writable } from 'node:stream';
import { once } from 'node:events';
import { DataSource } from 'typeorm';
import { Principal } from '../../common/auth/principal';
import { centsDecimal, csvSafeText } from '../../core/workspace/csv-safe';
import { AccountsService } from '../accounts/accounts.service';
import { AccountFilter, AccountOrder } from '../accounts/dto/account.input';
import { AccountEntity } from '../accounts/account.entity';
import { activeOverrideJoin, SHOWN_BAND_SQL } from '../../common/database/effective-band.sql';

const PAGE = 500;

export const EXPORT_COLUMNS = [
  'id',
  'external_id',
  'name',
  'segment',
  'owner_name',
  'owner_email',
  'status',
  'mrr',
  'arr',
  'renewal_date',
  'customer_since',
  'health_score',
  'health_band',
  'health_change_7d',
  'red_flags',
  'risk_band',
  'churn_probability',
  'industry',
];

/** Health, risk and owner of one page of accounts, in one statement. */
const PAGE_DETAILS_SQL = `
SELECT a.id, h.score, ${SHOWN_BAND_SQL} AS band, h.delta7d,
       (SELECT string_agg(f->>'type', ';' ORDER BY f->>'type') FROM jsonb_array_elements(h.flags::jsonb) f) AS flags,
       r.band AS risk_band, r.probability, u.name AS owner_name, u.email AS owner_email
  FROM unnest($1::uuid[]) AS a(id)
  LEFT JOIN health_current h ON h.account_id = a.id
  ${activeOverrideJoin()}
  LEFT JOIN account_risk r ON r.account_id = a.id
  LEFT JOIN accounts acc ON acc.id = a.id
  LEFT JOIN users u ON u.id = acc.owner_id`;

const num = (v: number | null | undefined, digits: number): string =>
  v === null || v === undefined ? '' : String(Math.round(v * 10 ** digits) / 10 ** digits);

/**
 * The accounts list as CSV: every page of the same keyset-paged query the screen uses (never OFFSET), written
 * as it is read with back-pressure, so memory stays flat however large the book.
 */
@Injectable()
export class AccountsExportService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly accounts: AccountsService,
  ) {}

  /** Checks the first page before anything is written, so argument errors can still be an HTTP 400. */
  async firstPage(p: Principal, filter: AccountFilter, orderBy: AccountOrder) {
    return this.accounts.list(p, filter, orderBy, PAGE, null, { withCount: false });
  }

  async write(
    p: Principal,
    filter: AccountFilter,
    orderBy: AccountOrder,
    first: Awaited<ReturnType<AccountsExportService['firstPage']>>,
    out: Writable,
  ): Promise<number> {
    const csv = stringify({ header: true, columns: EXPORT_COLUMNS });
    csv.pipe(out);
    let page = first;
    let written = 0;
    for (;;) {
      const accounts = page.edges.map((e) => e.node);
      for (const row of await this.rows(accounts)) {
        if (!csv.write(row)) await once(csv, 'drain');
        written++;
      }
      if (!page.pageInfo.hasNextPage || out.destroyed) break;
      page = await this.accounts.list(p, filter, orderBy, PAGE, page.pageInfo.endCursor, { withCount: false });
    }
    csv.end();
    await once(csv, 'end');
    return written;
  }

  private async rows(accounts: AccountEntity[]): Promise<string[][]> {
    if (!accounts.length) return [];
    const details: Array<Record<string, any>> = await this.db.query(PAGE_DETAILS_SQL, [accounts.map((a) => a.id)]);
    const byId = new Map(details.map((d) => [d.id as string, d]));
    return accounts.map((a) => {
      const d = byId.get(a.id) ?? {};
      return [
        a.id,
        csvSafeText(a.externalId),
        csvSafeText(a.name),
        csvSafeText(a.segment),
        csvSafeText(d.owner_name),
        csvSafeText(d.owner_email),
        a.status,
        centsDecimal(a.mrrCents),
        centsDecimal(a.mrrCents * 12),
        a.renewalDate ?? '',
        a.customerSince ? new Date(a.customerSince).toISOString() : '',
        num(d.score, 1),
        d.band ?? 'UNKNOWN',
        num(d.delta7d, 1),
        d.flags ?? '',
        d.risk_band ?? '',
        num(d.probability, 4),
        csvSafeText(a.industry),
      ];
    });
  }
}
