import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { DataSource } from 'typeorm';
import { AccountImportRow, RowError } from '../../core/imports/account-row';
import { rederiveAccountsSql } from '../ledger/ledger.service';
import { ACCOUNT_EVENTS } from '../accounts/account.events';

export interface AccountImportBatchResult {
  inserted: number;
  updated: number;
  mrrChanges: number;
  errors: RowError[];
}

/**
 * Idempotent upsert of accounts by externalId, a batch per transaction, set-based. A row whose mrrCents
 * differs from the account's current MRR records an MRR change (effective at customerSince for an account
 * with no history yet, otherwise now), so re-running the same file changes nothing.
 */
@Injectable()
export class AccountImportService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly events: EventEmitter2,
  ) {}

  async importBatch(rows: AccountImportRow[]): Promise<AccountImportBatchResult> {
    const errors: RowError[] = [];
    // The last row for an externalId wins within a batch.
    const byExt = new Map<string, AccountImportRow>();
    for (const r of rows) byExt.set(r.externalId, r);
    const emails = [...new Set(rows.map((r) => r.ownerEmail?.toLowerCase()).filter((e): e is string => !!e))];
    const result = await this.db.transaction(async (em) => {
      const owners: Array<{ id: string; email: string; role: string }> = emails.length
        ? await em.query(`SELECT id, lower(email) AS email, role FROM users WHERE lower(email) = ANY($1)`, [emails])
        : [];
      const ownerByEmail = new Map(owners.filter((o) => o.role !== 'INGEST').map((o) => [o.email, o.id]));
      const good: AccountImportRow[] = [];
      for (const r of byExt.values()) {
        if (r.ownerEmail && !ownerByEmail.has(r.ownerEmail.toLowerCase())) {
          errors.push({ line: r.line, message: `ownerEmail ${r.ownerEmail} is not a user who can own accounts` });
        } else good.push(r);
      }
      if (!good.length) return { inserted: 0, updated: 0, mrrChanges: 0, ids: [] as string[] };
      const upserted: Array<{
        id: string;
        external_id: string;
        inserted: boolean;
        mrr_cents: string;
        has_history: boolean;
      }> = await em.query(
        `WITH input AS (
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::uuid[], $5::timestamptz[], $6::date[], $7::text[])
             AS t(external_id, name, segment, owner_id, customer_since, renewal_date, industry)
         )
         INSERT INTO accounts (external_id, name, segment, owner_id, customer_since, renewal_date, industry)
         SELECT * FROM input
         ON CONFLICT (external_id) DO UPDATE SET
           name = EXCLUDED.name,
           segment = COALESCE(EXCLUDED.segment, accounts.segment),
           owner_id = COALESCE(EXCLUDED.owner_id, accounts.owner_id),
           customer_since = COALESCE(EXCLUDED.customer_since, accounts.customer_since),
           renewal_date = COALESCE(EXCLUDED.renewal_date, accounts.renewal_date),
           industry = COALESCE(EXCLUDED.industry, accounts.industry),
           updated_at = now()
         RETURNING id, external_id, (xmax = 0) AS inserted, mrr_cents,
           EXISTS (SELECT 1 FROM mrr_changes c WHERE c.account_id = accounts.id) AS has_history`,
        [
          good.map((r) => r.externalId),
          good.map((r) => r.name),
          good.map((r) => r.segment),
          good.map((r) => (r.ownerEmail ? ownerByEmail.get(r.ownerEmail.toLowerCase()) : null)),
          good.map((r) => r.customerSince),
          good.map((r) => r.renewalDate),
          good.map((r) => r.industry),
        ],
      );
      const rowByExt = new Map(good.map((r) => [r.externalId, r]));
      const now = new Date();
      const changes = upserted
        .map((u) => ({ u, r: rowByExt.get(u.external_id)! }))
        .filter(({ u, r }) => r.mrrCents !== null && r.mrrCents !== Number(u.mrr_cents))
        .map(({ u, r }) => ({
          accountId: u.id,
          mrrCents: r.mrrCents!,
          effectiveAt: !u.has_history && r.customerSince ? r.customerSince : now,
        }));
      if (changes.length) {
        await em.query(
          `INSERT INTO mrr_changes (account_id, effective_at, mrr_cents, note)
           SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::bigint[], $4::text[])`,
          [
            changes.map((c) => c.accountId),
            changes.map((c) => c.effectiveAt),
            changes.map((c) => c.mrrCents),
            changes.map(() => 'import'),
          ],
        );
        await rederiveAccountsSql(
          em,
          changes.map((c) => c.accountId),
        );
      }
      const inserted = upserted.filter((u) => u.inserted).length;
      return {
        inserted,
        updated: upserted.length - inserted,
        mrrChanges: changes.length,
        ids: upserted.map((u) => u.id),
      };
    });
    if (result.mrrChanges) this.events.emit(ACCOUNT_EVENTS.mrrChanged, { accountIds: result.ids });
    return { inserted: result.inserted, updated: result.updated, mrrChanges: result.mrrChanges, errors };
  }
}
