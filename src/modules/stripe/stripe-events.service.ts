import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { discountRef, parseEventEnvelope, parseInvoice, StripeEventEnvelope } from '../../core/billing/stripe-event';
import { BillingRejection, parseCustomerObject, parseSubscription } from '../../core/billing/subscription';
import { LedgerService, LedgerTransition } from '../ledger/ledger.service';
import { SignalsService } from '../signals/signals.service';
import { StripeCustomersService } from './stripe-customers.service';
import { StripeMrrService } from './stripe-mrr.service';
import { StripeStats } from './stripe-stats';

export type EventOutcome = 'APPLIED' | 'STALE' | 'IGNORED' | 'PARKED' | 'DUPLICATE';

export interface EventResult {
  outcome: EventOutcome;
  reason: string | null;
}

interface Handled {
  outcome: Exclude<EventOutcome, 'DUPLICATE'>;
  reason: string | null;
  customerId: string | null;
  accountId: string | null;
  transitions: Array<LedgerTransition | null>;
  /** After commit: parked events of this customer to retry (its mapping now exists). */
  replayCustomer?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const SUBSCRIPTION_EVENT = /^customer\.subscription\.[a-z_]+$/;

/**
 * Processes one verified Stripe event, exactly once by event id: subscription states into the MRR ledger,
 * customers into account mapping and names, invoices into payment signals. A malformed object is a
 * BillingRejection (nothing written); an event that cannot be applied yet is parked with its reason and body.
 */
@Injectable()
export class StripeEventsService implements OnModuleDestroy {
  private readonly logger = new Logger('StripeEvents');
  /** The background replays of this instance, chained (see `replayInBackground`). */
  private replays: Promise<void> = Promise.resolve();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly customers: StripeCustomersService,
    private readonly mrr: StripeMrrService,
    private readonly ledger: LedgerService,
    private readonly signals: SignalsService,
    private readonly stats: StripeStats,
  ) {}

  /** A verified event body. Throws BillingRejection for a malformed one (after counting it). */
  async process(body: unknown, replay = false): Promise<EventResult> {
    const eventId = isObject(body) && typeof body.id === 'string' ? body.id.slice(0, 255) : null;
    let result: EventResult;
    try {
      result = await this.route(parseEventEnvelope(body), body, replay);
    } catch (err) {
      if (err instanceof BillingRejection) await this.stats.record('rejected', { eventId, reason: err.message });
      throw err;
    }
    if (result.outcome === 'PARKED') {
      // A replay that parks again is not a new delivery.
      if (!replay) await this.stats.record('parked', { eventId, reason: result.reason ?? '' });
    } else await this.stats.record(result.outcome === 'DUPLICATE' ? 'duplicate' : 'accepted');
    return result;
  }

  private async route(event: StripeEventEnvelope, body: unknown, replay: boolean): Promise<EventResult> {
    if (event.type === 'invoice.payment_failed' || event.type === 'invoice.paid')
      return this.invoice(event, body, replay);
    const handled = await this.db.transaction(async (em) => {
      if (!(await this.claim(em, event, replay))) return null;
      const h = await this.handle(em, event);
      await this.finish(em, event, h, body);
      return h;
    });
    if (!handled) return { outcome: 'DUPLICATE', reason: null };
    this.ledger.announce(handled.transitions);
    if (handled.replayCustomer) this.replayInBackground(handled.replayCustomer);
    return { outcome: handled.outcome, reason: handled.reason };
  }

  /**
   * A customer that just got its account: its parked events (up to 1,000, each its own transaction) are replayed
   * after the webhook's answer, not while Stripe waits for it (Stripe retries a delivery that takes too long).
   * One replay at a time per instance; a failure (or a shutdown) leaves them parked: listed in stripeParkedEvents,
   * replayed by the customer's next event or by replayStripeEvents. Replays are idempotent.
   */
  private replayInBackground(customerId: string): void {
    this.replays = this.replays
      .then(() => this.replayParked({ customerId }))
      .then(
        () => undefined,
        (err: unknown) =>
          this.logger.warn(`replay of customer ${customerId}'s parked Stripe events failed: ${String(err)}`),
      );
  }

  /** Lets a replay in progress finish before the database connections close. */
  async onModuleDestroy(): Promise<void> {
    await this.replays;
  }

  /** Takes the event id (false: already processed). A replay takes a parked event's row instead. */
  private async claim(em: EntityManager, event: StripeEventEnvelope, replay: boolean): Promise<boolean> {
    if (replay) {
      const rows = await em.query(
        `UPDATE stripe_events SET replayed_at = now() WHERE id = $1 AND outcome = 'PARKED' RETURNING id`,
        [event.id],
      );
      return rows.length > 0;
    }
    const rows = await em.query(
      `INSERT INTO stripe_events (id, type, created_at, outcome) VALUES ($1, $2, $3, 'IGNORED')
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [event.id, event.type, event.created],
    );
    return rows.length > 0;
  }

  private async finish(em: EntityManager, event: StripeEventEnvelope, h: Handled, body: unknown): Promise<void> {
    await em.query(
      `UPDATE stripe_events SET outcome = $2, reason = $3, customer_id = $4, account_id = $5, payload = $6 WHERE id = $1`,
      [event.id, h.outcome, h.reason, h.customerId, h.accountId, h.outcome === 'PARKED' ? JSON.stringify(body) : null],
    );
  }

  private async handle(em: EntityManager, event: StripeEventEnvelope): Promise<Handled> {
    const base = { customerId: null, accountId: null, transitions: [] };
    if (SUBSCRIPTION_EVENT.test(event.type)) return this.subscription(em, event);
    if (event.type === 'customer.created' || event.type === 'customer.updated') return this.customer(em, event);
    if (/^customer\.discount\.(created|updated|deleted)$/.test(event.type)) return this.discount(em, event);
    return { ...base, outcome: 'IGNORED', reason: `${event.type} does not affect Vitals` };
  }

  private async subscription(em: EntityManager, event: StripeEventEnvelope): Promise<Handled> {
    const sub = parseSubscription(event.object, 'event.data.object');
    await this.customers.lock(em, sub.customer.id);
    const mapping = await this.customers.resolve(em, sub.customer, sub.customerExpanded);
    const base = { customerId: sub.customer.id, transitions: [] };
    if ('parked' in mapping) return { ...base, accountId: null, outcome: 'PARKED', reason: mapping.parked };
    const r = await this.mrr.apply(em, sub, event.object, event.created, event.id, mapping.accountId);
    if (r.outcome !== 'APPLIED') return { ...base, accountId: mapping.accountId, outcome: r.outcome, reason: r.reason };
    return { ...base, accountId: mapping.accountId, outcome: 'APPLIED', reason: r.note, transitions: r.transitions };
  }

  /** Keeps the mapping and the account's name in step; a mapping that moves re-derives both accounts. */
  private async customer(em: EntityManager, event: StripeEventEnvelope): Promise<Handled> {
    const ref = parseCustomerObject(event.object, 'event.data.object');
    await this.customers.lock(em, ref.id);
    const [row] = await em.query(`SELECT account_id, last_event_at FROM stripe_customers WHERE id = $1`, [ref.id]);
    const base = { customerId: ref.id, transitions: [] as Array<LedgerTransition | null> };
    if (row?.last_event_at && (row.last_event_at as Date).getTime() > event.created.getTime())
      return { ...base, accountId: row.account_id, outcome: 'STALE', reason: `customer ${ref.id} has a newer state` };
    const keep = row?.account_id && !ref.metadata.vitals_account_id;
    const mapping = keep
      ? { accountId: row.account_id as string, created: false }
      : await this.customers.target(em, ref);
    const accountId = 'parked' in mapping ? null : mapping.accountId;
    await em.query(
      `INSERT INTO stripe_customers (id, account_id, name, last_event_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET account_id = COALESCE(EXCLUDED.account_id, stripe_customers.account_id),
         name = EXCLUDED.name, last_event_at = EXCLUDED.last_event_at, updated_at = now()`,
      [ref.id, accountId, ref.name, event.created],
    );
    if (!accountId)
      return { ...base, accountId: null, outcome: 'IGNORED', reason: (mapping as { parked: string }).parked };
    if (ref.name)
      await em.query(`UPDATE accounts SET name = $2, updated_at = now() WHERE id = $1 AND name <> $2`, [
        accountId,
        ref.name,
      ]);
    if (row?.account_id && row.account_id !== accountId)
      base.transitions.push(await this.mrr.rederiveAccount(em, row.account_id));
    if (row?.account_id !== accountId) base.transitions.push(await this.mrr.rederiveAccount(em, accountId));
    return { ...base, accountId, outcome: 'APPLIED', reason: null, replayCustomer: ref.id };
  }

  /** Stores a discount for subscriptions that name it by id, and re-applies that subscription's state with it. */
  private async discount(em: EntityManager, event: StripeEventEnvelope): Promise<Handled> {
    const ref = discountRef(event.object);
    const deleted = event.type === 'customer.discount.deleted';
    await em.query(
      `INSERT INTO stripe_discounts (id, subscription_id, object, deleted, last_event_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO UPDATE SET subscription_id = EXCLUDED.subscription_id, object = EXCLUDED.object,
         deleted = EXCLUDED.deleted, last_event_at = EXCLUDED.last_event_at
       WHERE stripe_discounts.last_event_at <= EXCLUDED.last_event_at`,
      [ref.id, ref.subscriptionId, JSON.stringify(event.object), deleted, event.created],
    );
    const base = { customerId: null, accountId: null, transitions: [] as Array<LedgerTransition | null> };
    if (!ref.subscriptionId) return { ...base, outcome: 'APPLIED', reason: null };
    const [sub] = await em.query(
      `SELECT s.object, s.last_event_at, s.customer_id, c.account_id FROM stripe_subscriptions s
         LEFT JOIN stripe_customers c ON c.id = s.customer_id WHERE s.id = $1`,
      [ref.subscriptionId],
    );
    if (!sub?.account_id) return { ...base, outcome: 'APPLIED', reason: null };
    await this.customers.lock(em, sub.customer_id);
    const parsed = parseSubscription(sub.object);
    if (!parsed.discountIds.includes(ref.id)) return { ...base, outcome: 'APPLIED', reason: null };
    const note = await this.mrr.writeContribution(em, parsed, sub.last_event_at);
    base.transitions.push(await this.mrr.rederiveAccount(em, sub.account_id));
    return { ...base, customerId: sub.customer_id, accountId: sub.account_id, outcome: 'APPLIED', reason: note };
  }

  /**
   * invoice.payment_failed → a `payment_failed` signal (health's PAYMENT_FAILED flag); invoice.paid → `payment`.
   * The signal id is `stripe:<event id>`, so a retry after a failure half-way is stored once.
   */
  private async invoice(event: StripeEventEnvelope, body: unknown, replay: boolean): Promise<EventResult> {
    const inv = parseInvoice(event.object, 'event.data.object');
    const [seen] = await this.db.query(`SELECT outcome FROM stripe_events WHERE id = $1`, [event.id]);
    if (seen && !(replay && seen.outcome === 'PARKED')) return { outcome: 'DUPLICATE', reason: null };
    const mapping = await this.db.transaction(async (em) => {
      await this.customers.lock(em, inv.customer.id);
      return this.customers.resolve(em, inv.customer, inv.customerExpanded);
    });
    let outcome: Handled['outcome'] = 'APPLIED';
    let reason: string | null = null;
    if ('parked' in mapping) {
      outcome = 'PARKED';
      reason = mapping.parked;
    } else {
      const failed = event.type === 'invoice.payment_failed';
      const r = await this.signals.ingestBatch([
        {
          id: `stripe:${event.id}`,
          accountId: mapping.accountId,
          type: failed ? 'payment_failed' : 'payment',
          occurredAt: event.created.toISOString(),
          properties: {
            source: 'stripe',
            invoice: inv.id,
            subscription: inv.subscriptionId,
            currency: inv.currency,
            amountCents: failed ? inv.amountDue : inv.amountPaid,
            ...(failed ? { attempt: inv.attemptCount } : {}),
          },
        },
      ]);
      if (r.rejected.length) {
        outcome = 'IGNORED';
        reason = `signal not stored: ${r.rejected[0].reason}`;
      }
    }
    const accountId = 'parked' in mapping ? null : mapping.accountId;
    const payload = outcome === 'PARKED' ? JSON.stringify(body) : null;
    const rows = await this.db.query(
      replay
        ? `UPDATE stripe_events SET outcome = $4, reason = $5, customer_id = $6, account_id = $7, payload = $8, replayed_at = now()
            WHERE id = $1 AND outcome = 'PARKED' RETURNING id`
        : `INSERT INTO stripe_events (id, type, created_at, outcome, reason, customer_id, account_id, payload)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING RETURNING id`,
      [event.id, event.type, event.created, outcome, reason, inv.customer.id, accountId, payload],
    );
    if (!rows.length) return { outcome: 'DUPLICATE', reason: null };
    return { outcome, reason };
  }

  /** Re-processes parked events (all, some ids, or one customer's), oldest first. */
  async replayParked(filter: { ids?: string[]; customerId?: string }): Promise<Array<{ id: string } & EventResult>> {
    const rows: Array<{ id: string; payload: unknown }> = await this.db.query(
      `SELECT id, payload FROM stripe_events
        WHERE outcome = 'PARKED' AND payload IS NOT NULL
          AND ($1::text[] IS NULL OR id = ANY($1)) AND ($2::text IS NULL OR customer_id = $2)
        ORDER BY created_at, received_at LIMIT 1000`,
      [filter.ids ?? null, filter.customerId ?? null],
    );
    const out: Array<{ id: string } & EventResult> = [];
    for (const r of rows) {
      try {
        out.push({ id: r.id, ...(await this.process(r.payload, true)) });
      } catch (err) {
        if (!(err instanceof BillingRejection)) throw err;
        out.push({ id: r.id, outcome: 'PARKED', reason: err.message });
      }
    }
    if (out.length) this.logger.log(`replayed ${out.length} parked Stripe events`);
    return out;
  }
}
