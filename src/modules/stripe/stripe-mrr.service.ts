import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Cron, CronExpression } from '@nestjs/schedule';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../../config/config';
import { InjectConfig } from '../../config/config.module';
import { accountStatements, contributionFrom, MrrPoint, toLedgerCurrency } from '../../core/billing/mrr';
import { BillingRejection, parseDiscount, Subscription } from '../../core/billing/subscription';
import { LedgerService, LedgerTransition } from '../ledger/ledger.service';

export const STRIPE_ORIGIN = 'stripe';

/** A subscription state applied to the ledger, or why it was not. */
export type SubscriptionOutcome =
  | { outcome: 'APPLIED'; accountIds: string[]; transitions: Array<LedgerTransition | null>; note: string | null }
  | { outcome: 'STALE'; reason: string }
  | { outcome: 'PARKED'; reason: string };

const TERMINAL = new Set(['canceled', 'incomplete_expired']);

/**
 * The per-subscription state behind the MRR ledger: keeps the newest state of each subscription (an older event
 * arriving later changes nothing), what it contributes from when, and derives the account's 'stripe' statements.
 */
@Injectable()
export class StripeMrrService {
  private readonly logger = new Logger('StripeMrr');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly ledger: LedgerService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /**
   * Applies `sub` as its state at `at` (the event's moment) for `accountId`, in the caller's transaction (the
   * customer is locked). Same moment: a terminal state (canceled) wins over a live one; otherwise the later
   * delivery wins, Stripe's timestamps being whole seconds.
   */
  async apply(
    em: EntityManager,
    sub: Subscription,
    raw: unknown,
    at: Date,
    eventId: string,
    accountId: string,
  ): Promise<SubscriptionOutcome> {
    const [seen] = await em.query(
      `SELECT last_event_at, last_event_id, status FROM stripe_subscriptions WHERE id = $1 FOR UPDATE`,
      [sub.id],
    );
    if (seen) {
      const last = (seen.last_event_at as Date).getTime();
      if (last > at.getTime() || (last === at.getTime() && TERMINAL.has(seen.status) && !TERMINAL.has(sub.status)))
        return {
          outcome: 'STALE',
          reason: `subscription ${sub.id} already has a newer state (${seen.last_event_id} at ${(seen.last_event_at as Date).toISOString()})`,
        };
    }
    if (toLedgerCurrency(0, sub.currency, this.config.LEDGER_CURRENCY, this.config.LEDGER_FX_RATES) === null)
      return {
        outcome: 'PARKED',
        reason: `subscription ${sub.id} is billed in ${sub.currency.toUpperCase()}, the ledger is in ${this.config.LEDGER_CURRENCY.toUpperCase()} and LEDGER_FX_RATES has no ${sub.currency} rate: not converted`,
      };
    await em.query(
      `INSERT INTO stripe_subscriptions (id, customer_id, status, currency, last_event_at, last_event_id, object)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (id) DO UPDATE SET customer_id = EXCLUDED.customer_id, status = EXCLUDED.status,
         currency = EXCLUDED.currency, last_event_at = EXCLUDED.last_event_at, last_event_id = EXCLUDED.last_event_id,
         object = EXCLUDED.object, updated_at = now()`,
      [sub.id, sub.customer.id, sub.status, sub.currency, at, eventId, JSON.stringify(raw)],
    );
    const note = await this.writeContribution(em, sub, at);
    return {
      outcome: 'APPLIED',
      accountIds: [accountId],
      transitions: [await this.rederiveAccount(em, accountId)],
      note,
    };
  }

  /**
   * Replaces the subscription's contribution from `at` on (later points were projections of the previous state:
   * a discount ending, a cancellation at period end). Discounts named by id are resolved from
   * `customer.discount.*` events seen; an unknown one is reported in the returned note.
   */
  async writeContribution(em: EntityManager, sub: Subscription, at: Date): Promise<string | null> {
    let note: string | null = null;
    if (sub.discountIds.length) {
      const rows: Array<{ id: string; object: unknown }> = await em.query(
        `SELECT id, object FROM stripe_discounts WHERE id = ANY($1) AND NOT deleted AND object IS NOT NULL`,
        [sub.discountIds],
      );
      for (const r of rows) {
        try {
          sub.discounts.push(parseDiscount(r.object, `discount ${r.id}`));
        } catch (err) {
          if (!(err instanceof BillingRejection)) throw err;
          note = `discount ${r.id} not applied: ${err.message}`;
        }
      }
      const missing = sub.discountIds.filter((id) => !rows.some((r) => r.id === id));
      if (missing.length)
        note = `discount ${missing.join(', ')} not seen yet (no customer.discount event): MRR without it until it arrives`;
    }
    const points = contributionFrom(sub, at, this.config.STRIPE_CANCEL_AT).map((p) => ({
      at: p.at,
      mrrCents: toLedgerCurrency(p.mrrCents, sub.currency, this.config.LEDGER_CURRENCY, this.config.LEDGER_FX_RATES)!,
    }));
    await em.query(`DELETE FROM stripe_subscription_mrr WHERE subscription_id = $1 AND effective_at >= $2`, [
      sub.id,
      at,
    ]);
    await em.query(
      `INSERT INTO stripe_subscription_mrr (subscription_id, effective_at, mrr_cents)
       SELECT $1, * FROM unnest($2::timestamptz[], $3::bigint[])`,
      [sub.id, points.map((p) => p.at), points.map((p) => p.mrrCents)],
    );
    return note;
  }

  /** Replaces the whole contribution history of a subscription (the export import seeds history this way). */
  async replaceHistory(em: EntityManager, subscriptionId: string, points: readonly MrrPoint[]): Promise<void> {
    await em.query(`DELETE FROM stripe_subscription_mrr WHERE subscription_id = $1`, [subscriptionId]);
    await em.query(
      `INSERT INTO stripe_subscription_mrr (subscription_id, effective_at, mrr_cents)
       SELECT $1, * FROM unnest($2::timestamptz[], $3::bigint[])`,
      [subscriptionId, points.map((p) => p.at), points.map((p) => p.mrrCents)],
    );
  }

  /** The account's 'stripe' statements from its subscriptions' contributions that are due (not in the future). */
  async rederiveAccount(em: EntityManager, accountId: string): Promise<LedgerTransition | null> {
    const rows: Array<{ subscription_id: string; effective_at: Date; mrr_cents: string }> = await em.query(
      `SELECT p.subscription_id, p.effective_at, p.mrr_cents
         FROM stripe_subscription_mrr p
         JOIN stripe_subscriptions s ON s.id = p.subscription_id
         JOIN stripe_customers c ON c.id = s.customer_id
        WHERE c.account_id = $1 AND p.effective_at <= now()
        ORDER BY p.subscription_id, p.effective_at`,
      [accountId],
    );
    const bySub = new Map<string, MrrPoint[]>();
    for (const r of rows) {
      const list = bySub.get(r.subscription_id) ?? [];
      list.push({ at: r.effective_at, mrrCents: Number(r.mrr_cents) });
      bySub.set(r.subscription_id, list);
    }
    return this.ledger.replaceStatements(em, accountId, STRIPE_ORIGIN, accountStatements([...bySub.values()]));
  }

  /**
   * Points that have come due since they were written (a repeating discount ending, a cancellation at period end)
   * become ledger statements: every 10 minutes and at start-up.
   */
  @Cron(CronExpression.EVERY_10_MINUTES)
  async materialiseDue(): Promise<number> {
    const due: Array<{ account_id: string }> = await this.db.query(
      `SELECT DISTINCT c.account_id
         FROM stripe_subscription_mrr p
         JOIN stripe_subscriptions s ON s.id = p.subscription_id
         JOIN stripe_customers c ON c.id = s.customer_id
        WHERE c.account_id IS NOT NULL AND p.effective_at <= now()
          AND NOT EXISTS (SELECT 1 FROM mrr_changes m
                           WHERE m.account_id = c.account_id AND m.origin = '${STRIPE_ORIGIN}' AND m.effective_at = p.effective_at)`,
    );
    let n = 0;
    for (const { account_id } of due) {
      try {
        const t = await this.db.transaction((em) => this.rederiveAccount(em, account_id));
        this.ledger.announce([t]);
        n++;
      } catch (err) {
        this.logger.error(`materialising due Stripe MRR of account ${account_id} failed: ${String(err)}`);
      }
    }
    return n;
  }
}
