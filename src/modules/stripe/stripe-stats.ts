import { Injectable, Logger } from '@nestjs/common';
import { SourcesService } from '../sources/sources.service';
import { SourceStatsService } from '../sources/source-stats.service';
import { SourceOutcome } from '../../core/sources/source-vocabulary';

export type StripeOutcome = 'accepted' | 'duplicate' | 'rejected' | 'parked';

/** A parked event is kept aside until it can be applied: the sources vocabulary calls that unattributed. */
const SOURCE_OUTCOME: Record<StripeOutcome, SourceOutcome> = {
  accepted: 'accepted',
  duplicate: 'duplicate',
  rejected: 'rejected',
  parked: 'unattributed',
};

/** Stable error text (what went wrong, not which object), so repeats are one row with a count. */
export function stableMessage(outcome: 'rejected' | 'parked', reason: string): string {
  if (outcome === 'rejected') return `Stripe event rejected: ${reason.replace(/\[\d+\]/g, '[]')}`;
  const currency = /billed in ([A-Z]{3})/.exec(reason);
  if (currency) return `Stripe event parked: billed in ${currency[1]}, no rate for it in LEDGER_FX_RATES`;
  if (reason.includes('metadata.')) return 'Stripe event parked: metadata.vitals_account_id names no account';
  return 'Stripe event parked: customer not mapped to an account (STRIPE_UNKNOWN_CUSTOMER=park)';
}

/**
 * Reports each delivery's outcome to the Stripe source (kind STRIPE, created on first use): its 24 h counters and
 * last errors in `sources`. A failure to count is logged, never fails the delivery.
 */
@Injectable()
export class StripeStats {
  private readonly logger = new Logger('Stripe');
  private source: { id: string; until: number } | null = null;

  constructor(
    private readonly sources: SourcesService,
    private readonly stats: SourceStatsService,
  ) {}

  private async sourceId(): Promise<string> {
    if (this.source && this.source.until > Date.now()) return this.source.id;
    const s = await this.sources.ensureSource('STRIPE', 'Stripe');
    // Re-read every minute: a revoked source is replaced by the next active one (or a new one).
    this.source = { id: s.id, until: Date.now() + 60_000 };
    return s.id;
  }

  async record(outcome: StripeOutcome, detail?: { eventId?: string | null; reason: string }): Promise<void> {
    try {
      const id = await this.sourceId();
      await this.stats.record(id, SOURCE_OUTCOME[outcome], 1);
      if ((outcome === 'rejected' || outcome === 'parked') && detail)
        await this.stats.recordError(id, stableMessage(outcome, detail.reason), {
          eventId: detail.eventId ?? null,
          reason: detail.reason,
        });
    } catch (err) {
      this.logger.warn(`could not count a Stripe ${outcome} event on its source: ${String(err)}`);
    }
  }
}
