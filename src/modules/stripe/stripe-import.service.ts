import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/config';
import { InjectConfig } from '../../config/config.module';
import { seedHistory, toLedgerCurrency } from '../../core/billing/mrr';
import { BillingRejection, parseSubscription } from '../../core/billing/subscription';
import { LedgerService, LedgerTransition } from '../ledger/ledger.service';
import { StripeCustomersService } from './stripe-customers.service';
import { StripeMrrService } from './stripe-mrr.service';

export type ImportOutcome = { outcome: 'imported' | 'unchanged' | 'stale'; id: string } | { error: string };

/** Marks a subscription state that came from an export rather than an event. */
export const IMPORT_EVENT_ID = 'import';

/**
 * Seeds MRR history from an export of subscriptions (`npm run cli -- import stripe`): the same mapping as the
 * webhook, one subscription per transaction. A subscription whose webhook state is newer than the export is left
 * alone; re-importing the same file changes nothing.
 */
@Injectable()
export class StripeImportService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly customers: StripeCustomersService,
    private readonly mrr: StripeMrrService,
    private readonly ledger: LedgerService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async importSubscription(raw: unknown, asOf: Date): Promise<ImportOutcome> {
    let sub;
    try {
      sub = parseSubscription(raw);
    } catch (err) {
      if (err instanceof BillingRejection) return { error: err.message };
      throw err;
    }
    const { LEDGER_CURRENCY, LEDGER_FX_RATES, STRIPE_CANCEL_AT } = this.config;
    if (toLedgerCurrency(0, sub.currency, LEDGER_CURRENCY, LEDGER_FX_RATES) === null)
      return {
        error: `${sub.id} is billed in ${sub.currency.toUpperCase()}, the ledger is in ${LEDGER_CURRENCY.toUpperCase()} and LEDGER_FX_RATES has no ${sub.currency} rate: not converted`,
      };
    type Result = { error: string } | { stale: true } | { transition: LedgerTransition | null };
    const r = await this.db.transaction(async (em): Promise<Result> => {
      await this.customers.lock(em, sub.customer.id);
      const mapping = await this.customers.resolve(em, sub.customer, sub.customerExpanded);
      if ('parked' in mapping) return { error: mapping.parked };
      const [seen] = await em.query(`SELECT last_event_at FROM stripe_subscriptions WHERE id = $1 FOR UPDATE`, [
        sub.id,
      ]);
      if (seen && (seen.last_event_at as Date).getTime() > asOf.getTime()) return { stale: true };
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
      return { transition: await this.mrr.rederiveAccount(em, mapping.accountId) };
    });
    if ('error' in r) return { error: r.error };
    if ('stale' in r) return { outcome: 'stale', id: sub.id };
    this.ledger.announce([r.transition]);
    return { outcome: r.transition ? 'imported' : 'unchanged', id: sub.id };
  }
}
