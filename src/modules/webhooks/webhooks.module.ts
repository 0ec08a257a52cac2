import { Module } from '@nestjs/common';
import { WebhookRetryService } from './webhook-retry.service';
import { WebhooksService } from './webhooks.service';
import { WebhooksResolver } from './webhooks.resolver';
import { WebhookFanOut } from './webhook-fan-out.listener';

/**
 * Outgoing signed webhooks with a retrying delivery queue (PostgreSQL) and a delivery log; domain events that are
 * webhook events of their own are fanned out here.
 */
@Module({
  providers: [WebhooksService, WebhookRetryService, WebhooksResolver, WebhookFanOut],
  exports: [WebhooksService],
})
export class WebhooksModule {}
