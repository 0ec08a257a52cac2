import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { DateTimeScalar } from '../../common/scalars/date.scalar';
import { ConnectionType } from '../../common/pagination/connection';

export enum WebhookEvent {
  TASK_CREATED = 'TASK_CREATED',
  PLAYBOOK_RUN_STARTED = 'PLAYBOOK_RUN_STARTED',
  HEALTH_BAND_CHANGED = 'HEALTH_BAND_CHANGED',
  ACCOUNT_CHURNED = 'ACCOUNT_CHURNED',
}
registerEnumType(WebhookEvent, { name: 'WebhookEvent' });

export enum WebhookDeliveryStatus {
  PENDING = 'PENDING',
  DELIVERED = 'DELIVERED',
  FAILED = 'FAILED',
}
registerEnumType(WebhookDeliveryStatus, {
  name: 'WebhookDeliveryStatus',
  description: 'FAILED: no 2xx answer within 24 hours of retries.',
});

@ObjectType('Webhook')
export class WebhookModel {
  @Field(() => ID)
  id: string;

  @Field()
  url: string;

  @Field(() => [WebhookEvent])
  events: WebhookEvent[];

  @Field()
  enabled: boolean;

  @Field(() => DateTimeScalar)
  createdAt: Date;
}

@ObjectType('CreateWebhookPayload')
export class CreateWebhookPayload {
  @Field(() => WebhookModel)
  webhook: WebhookModel;

  @Field({ description: 'HMAC-SHA256 key for X-Vitals-Signature (hex of the HMAC of the raw body). Shown only once.' })
  secret: string;
}

@ObjectType('WebhookDelivery')
export class WebhookDeliveryModel {
  @Field(() => ID)
  id: string;

  @Field(() => WebhookEvent)
  event: WebhookEvent;

  @Field(() => WebhookDeliveryStatus)
  status: WebhookDeliveryStatus;

  @Field(() => Int)
  attempts: number;

  @Field(() => Int, { nullable: true })
  lastStatusCode: number | null;

  @Field(() => String, { nullable: true })
  lastError: string | null;

  @Field(() => DateTimeScalar, { nullable: true })
  lastAttemptAt: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Next retry (PENDING only).' })
  nextAttemptAt: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  deliveredAt: Date | null;

  @Field(() => DateTimeScalar)
  createdAt: Date;

  @Field({ description: 'The JSON body sent (event, occurredAt, data).' })
  payload: string;
}

@ObjectType('WebhookDeliveryConnection')
export class WebhookDeliveryConnection extends ConnectionType(WebhookDeliveryModel, 'WebhookDelivery') {}
