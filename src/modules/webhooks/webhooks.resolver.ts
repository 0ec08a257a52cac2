import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentUser, Roles } from '../../common/auth/roles.decorator';
import { Principal } from '../../common/auth/principal';
import { Role } from '../../common/auth/role.enum';
import {
  CreateWebhookPayload,
  WebhookDeliveryConnection,
  WebhookDeliveryModel,
  WebhookEvent,
  WebhookModel,
} from './webhooks.models';
import { WebhookRetryService } from './webhook-retry.service';
import { WebhooksService } from './webhooks.service';

@Resolver()
export class WebhooksResolver {
  constructor(
    private readonly service: WebhooksService,
    private readonly retries: WebhookRetryService,
  ) {}

  @Mutation(() => CreateWebhookPayload, {
    description: 'ADMIN. JSON POSTs signed with X-Vitals-Signature; the secret is shown only here.',
  })
  @Roles(Role.ADMIN)
  createWebhook(
    @CurrentUser() p: Principal,
    @Args('url') url: string,
    @Args('events', { type: () => [WebhookEvent] }) events: WebhookEvent[],
  ) {
    return this.service.create(url, events, p.userId);
  }

  @Mutation(() => Boolean, { description: 'ADMIN. Deletes the webhook and its delivery log; false when absent.' })
  @Roles(Role.ADMIN)
  deleteWebhook(@Args('id', { type: () => ID }) id: string) {
    return this.service.remove(id);
  }

  @Query(() => [WebhookModel])
  @Roles(Role.ADMIN)
  webhooks() {
    return this.service.list();
  }

  @Query(() => WebhookDeliveryConnection, { description: 'ADMIN. The delivery log, newest first.' })
  @Roles(Role.ADMIN)
  webhookDeliveries(
    @Args('webhookId', { type: () => ID }) webhookId: string,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 50 }) first?: number,
    @Args('after', { nullable: true }) after?: string,
  ) {
    return this.service.deliveries(webhookId, first, after);
  }

  @Mutation(() => WebhookDeliveryModel, {
    description:
      'ADMIN. Sends a FAILED delivery again now (back to PENDING, due at once). CONFLICT when it is PENDING or DELIVERED; NOT_FOUND for an unknown id.',
  })
  @Roles(Role.ADMIN)
  retryWebhookDelivery(@Args('id', { type: () => ID }) id: string): Promise<WebhookDeliveryModel> {
    return this.retries.retry(id);
  }
}
