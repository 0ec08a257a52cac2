import { Module } from '@nestjs/common';
import { WebhooksService } from './webhooks.service';
import { WebhooksResolver } from './webhooks.resolver';

/** Outgoing signed webhooks with a retrying delivery queue (PostgreSQL) and a delivery log. */
@Module({
  providers: [WebhooksService, WebhooksResolver],
  exports: [WebhooksService],
})
export class WebhooksModule {}
