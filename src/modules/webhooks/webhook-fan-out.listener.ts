import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { OnEvent } from '@nestjs/event-emitter';
import { DataSource } from 'typeorm';
import { SerialWork } from '../../common/background/serial-work';
import { SHUTDOWN_WAIT_MS } from '../../common/background/background-work';
import { AccountChurnedEvent, DOMAIN_EVENTS, HealthChangedEvent } from '../../common/events/domain-events';
import { WebhooksService } from './webhooks.service';
import { WebhookEvent } from './webhooks.models';

/**
 * Domain events that are webhook events of their own (ACCOUNT_CHURNED, HEALTH_BAND_CHANGED): enqueued for every
 * subscribed webhook, one event at a time per instance (a nightly recompute can emit thousands), then delivered.
 * Webhooks caused by a mutation of ours (a run started, a task created) are enqueued in that mutation's transaction.
 */
@Injectable()
export class WebhookFanOut implements OnModuleDestroy {
  private readonly logger = new Logger('Webhooks');
  private readonly work = new SerialWork((what, err) =>
    this.logger.error(`webhooks: handling ${what} failed: ${(err as Error)?.message ?? String(err)}`),
  );

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly webhooks: WebhooksService,
  ) {}

  async onModuleDestroy(): Promise<void> {
    const { settled, dropped } = await this.work.drain(SHUTDOWN_WAIT_MS);
    if (!settled) this.logger.warn(`shutdown: webhook fan-out still running after ${SHUTDOWN_WAIT_MS / 1000} s`);
    if (dropped) this.logger.warn(`shutdown: ${dropped} queued webhook event(s) not enqueued`);
  }

  @OnEvent(DOMAIN_EVENTS.accountChurned)
  onAccountChurned(e: AccountChurnedEvent): Promise<void> {
    const churnedAt = new Date(e.churnedAt);
    return this.work.run('account.churned', () =>
      this.fanOut(WebhookEvent.ACCOUNT_CHURNED, { accountId: e.accountId, churnedAt }),
    );
  }

  /** Only a band change is a webhook event (a flag raised or a score moving within its band is not). */
  @OnEvent(DOMAIN_EVENTS.healthChanged)
  onHealthChanged(e: HealthChangedEvent): Promise<void> {
    if (!e.oldBand || e.oldBand === e.newBand) return Promise.resolve();
    return this.work.run('health.changed', () =>
      this.fanOut(WebhookEvent.HEALTH_BAND_CHANGED, {
        accountId: e.accountId,
        oldBand: e.oldBand,
        newBand: e.newBand,
        oldScore: e.oldScore,
        newScore: e.newScore,
        computedAt: e.computedAt,
      }),
    );
  }

  private async fanOut(event: WebhookEvent, data: Record<string, unknown>): Promise<void> {
    await this.db.transaction((em) => this.webhooks.enqueue(em, event, [data]));
    this.webhooks.kick();
  }
}
