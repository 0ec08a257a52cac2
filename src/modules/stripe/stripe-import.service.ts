import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/config';
import { InjectConfig } from '../../config/config.module';
import { seedHistory, toLedgerCurrency } from '../../core/billing/mrr';
import { BillingRejection, parseSubscription } from '../../core/billing/subscription';
import { LedgerService, LedgerTransition } from '../ledger/ledger.service';
import { SourcesService } from '../sources/sources.service';
import { SourceStatsService, SqlRunner } from '../sources/source-stats.service';
import { StripeCustomersService } from './stripe-customers.service';
import { StripeMrrService } from './stripe-mrr.service';

export type ImportOutcome = { outcome: 'imported' | 'unchanged' | 'stale'; id: string } | { error: string };

/** Marks a subscription state that came from an export rather than an event. */
export const IMPORT_EVENT_ID = 'import';

/** The IMPORT source the CLI's Stripe imports count on (created on first use). */
export const STRIPE_IMPORT_SOURCE = 'Stripe import';

/** An entry's error as stable text (what went wrong, not which subscription): repeats are one row with a count. */
export function importErrorMessage(reason: string): string {
  const currency = /billed in ([A-Z]{3})/.exec(reason);
  if (currency) return `Stripe import rejected: billed in ${currency[1]}, no rate for it in LEDGER_FX_RATES`;
  if (/^customer \S+: metadata\./.test(reason))
    return 'Stripe import rejected: metadata.vitals_account_id names no account';
  if (/^customer \S+ has no metadata/.test(reason))
    return 'Stripe import rejected: customer not mapped to an account (STRIPE_UNKNOWN_CUSTOMER=park)';
  return `Stripe import rejected: ${reason.replace(/\[\d+\]/g, '[]')}`;
}

/**
 * Seeds MRR history from an export of subscriptions (`npm run cli -- import stripe`): the same mapping as the
 * webhook, one subscription per transaction. A subscription whose webhook state is newer than the export is left
 * alone; re-importing the same file changes nothing. Each entry is counted on the IMPORT source "Stripe import"
 * (in `sources`): imported or stale → accepted (as the webhook counts a stale event), unchanged → duplicate,
 * an error → rejected with its reason in the source's errors.
 */
@Injectable()
export class StripeImportService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly customers: StripeCustomersService,
    private readonly mrr: StripeMrrService,
    private readonly ledger: LedgerService,
    private readonly sources: SourcesService,
    private readonly stats: SourceStatsService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  private sourceCache: { id: string; until: number } | null = null;

  /** The source's id, re-read every minute (a revoked source is replaced by a new one). */
  private async sourceId(): Promise<string> {
    if (this.sourceCache && this.sourceCache.until > Date.now()) return this.sourceCache.id;
    const s = await this.sources.ensureSource('IMPORT', STRIPE_IMPORT_SOURCE, { byName: true });
    this.sourceCache = { id: s.id, until: Date.now() + 60_000 };
    return s.id;
  }

  /** Counts a refused entry on the source (its own statements: nothing else was written). */
  private async rejected(raw: unknown, reason: string, runner?: SqlRunner): Promise<{ error: string }> {
    const id = await this.sourceId();
    const subscription = (raw as { id?: unknown } | null)?.id;
    await this.stats.record(id, 'rejected', 1, runner);
    await this.stats.recordError(
      id,
      importErrorMessage(reason),
      { subscription: typeof subscription === 'string' ? subscription : null, reason },
      runner,
    );
    return { error: reason };
  }

  async importSubscription(raw: unknown, asOf: Date): Promise<ImportOutcome> {
    let sub;
    try {
      sub = parseSubscription(raw);
    } catch (err) {
      if (err instanceof BillingRejection) return this.rejected(raw, err.message);
      throw err;
    }
    const { LEDGER_CURRENCY, LEDGER_FX_RATES, STRIPE_CANCEL_AT } = this.config;
    if (toLedgerCurrency(0, sub.currency, LEDGER_CURRENCY, LEDGER_FX_RATES) === null)
      return this.rejected(
        raw,
        `${sub.id} is billed in ${sub.currency.toUpperCase()}, the ledger is in ${LEDGER_CURRENCY.toUpperCase()} and LEDGER_FX_RATES has no ${sub.currency} rate: not converted`,
      );
    const sourceId = await this.sourceId();
    type Result = { error: string } | { stale: true } | { transition: LedgerTransition | null };
    const r = await this.db.transaction(async (em): Promise<Result> => {
      await this.customers.lock(em, sub.customer.id);
      const mapping = await this.customers.resolve(em, sub.customer, sub.customerExpanded);
      if ('parked' in mapping) return { error: mapping.parked };
      const [seen] = await em.query(`SELECT last_event_at FROM stripe_subscriptions WHERE id = $1 FOR UPDATE`, [
        sub.id,
      ]);
      if (seen && (seen.last_event_at as Date).getTime() > asOf.getTime()) {
        await this.stats.record(sourceId, 'accepted', 1, em);
        return { stale: true };
      }
      await em.query(
        `INSERT INTO stripe_subscriptions (id, customer_id, status, currency, last_event_at, last_event_id, object)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (id) DO UPDATE SET customer_id = EXCLUDED.customer_id, status = EXCLUDED.status,
           currency = EXCLUDED.currency, last_event_at = EXCLUDED.last_event_at, last_event_id = EXCLUDED.last_event_id,
           object = EXCLUDED.object, updated_at = now()`,
        [sub.id, sub.customer.id, sub.status, sub.currency, asOf, IMPORT_EVENT_ID, JSON.stringify(raw)],
      );
      const points = seedHistory(sub, asOf, STRIPE_CANCEL_AT).map((p) => ({
        at: p.at,
        mrrCents: toLedgerCurrency(p.mrrCents, sub.currency, LEDGER_CURRENCY, LEDGER_FX_RATES)!,
      }));
      await this.mrr.replaceHistory(em, sub.id, points);
      const transition = await this.mrr.rederiveAccount(em, mapping.accountId);
      // Counted in the transaction that applied it (a rollback un-counts it).
      await this.stats.record(sourceId, transition ? 'accepted' : 'duplicate', 1, em);
      return { transition };
    });
    // A customer that cannot be mapped (STRIPE_UNKNOWN_CUSTOMER=park) wrote nothing: refused like a bad entry.
    if ('error' in r) return this.rejected(raw, r.error);
    if ('stale' in r) return { outcome: 'stale', id: sub.id };
    this.ledger.announce([r.transition]);
    return { outcome: r.transition ? 'imported' : 'unchanged', id: sub.id };
  }
}
