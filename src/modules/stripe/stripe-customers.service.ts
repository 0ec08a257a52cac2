import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppConfig } from '../../config/config';
import { InjectConfig } from '../../config/config.module';
import { ACCOUNT_METADATA_KEY } from '../../core/billing/stripe-event';
import { StripeCustomerRef } from '../../core/billing/subscription';
import { isUuid } from '../../core/ids';
import { lockForTransaction } from '../../database/advisory-locks';

export type CustomerMapping = { accountId: string; created: boolean } | { parked: string };

/**
 * Which Vitals account a Stripe customer's events belong to: `metadata.vitals_account_id` (an account id or
 * external id), else the account whose external id is the customer id, else a new account with that external id
 * (STRIPE_UNKNOWN_CUSTOMER=create, the default) or nothing: the event is parked (=park).
 */
@Injectable()
export class StripeCustomersService {
  private readonly policy: AppConfig['STRIPE_UNKNOWN_CUSTOMER'];

  constructor(@InjectConfig() config: AppConfig) {
    this.policy = config.STRIPE_UNKNOWN_CUSTOMER;
  }

  /** Serialises all work on one customer (its subscriptions, mapping and ledger) across requests. */
  async lock(em: EntityManager, customerId: string): Promise<void> {
    await lockForTransaction(em, `stripe:${customerId}`);
  }

  /**
   * The account of a customer seen in a subscription or invoice (a bare id, or an expanded object whose metadata
   * counts). A known mapping is kept unless an expanded object's metadata names another account.
   */
  async resolve(em: EntityManager, ref: StripeCustomerRef, expanded: boolean): Promise<CustomerMapping> {
    const [row] = await em.query(`SELECT account_id FROM stripe_customers WHERE id = $1`, [ref.id]);
    if (row?.account_id && !(expanded && ref.metadata[ACCOUNT_METADATA_KEY])) {
      return { accountId: row.account_id, created: false };
    }
    const target = await this.target(em, ref);
    if ('parked' in target) return target;
    await em.query(
      `INSERT INTO stripe_customers (id, account_id, name) VALUES ($1, $2, $3)
       ON CONFLICT (id) DO UPDATE SET account_id = EXCLUDED.account_id, name = COALESCE(EXCLUDED.name, stripe_customers.name), updated_at = now()`,
      [ref.id, target.accountId, ref.name],
    );
    return target;
  }

  /** The account a customer object points to (metadata, then external id), creating it when the policy says so. */
  async target(em: EntityManager, ref: StripeCustomerRef): Promise<CustomerMapping> {
    const named = ref.metadata[ACCOUNT_METADATA_KEY]?.trim();
    if (named) {
      // An account id first, then an external id (a CRM's id is a natural thing to put there).
      const [hit] = await em.query(
        `SELECT id FROM accounts WHERE id = $2::uuid OR external_id = $1 ORDER BY (id = $2::uuid) DESC NULLS LAST LIMIT 1`,
        [named, isUuid(named) ? named : null],
      );
      if (hit) return { accountId: hit.id, created: false };
      return {
        parked: `customer ${ref.id}: metadata.${ACCOUNT_METADATA_KEY} "${named.slice(0, 100)}" is neither an account id nor an external id`,
      };
    }
    const [byExt] = await em.query(`SELECT id FROM accounts WHERE external_id = $1`, [ref.id]);
    if (byExt) return { accountId: byExt.id, created: false };
    if (this.policy === 'park') {
      return {
        parked: `customer ${ref.id} has no metadata.${ACCOUNT_METADATA_KEY} and no account has external id ${ref.id} (STRIPE_UNKNOWN_CUSTOMER=park)`,
      };
    }
    const [created] = await em.query(
      `INSERT INTO accounts (external_id, name) VALUES ($1, $2)
       ON CONFLICT (external_id) DO UPDATE SET external_id = EXCLUDED.external_id RETURNING id, (xmax = 0) AS inserted`,
      [ref.id, ref.name ?? ref.id],
    );
    return { accountId: created.id, created: created.inserted };
  }
}
