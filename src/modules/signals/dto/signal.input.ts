import { ArgsType, Field, Float, ID, InputType } from '@nestjs/graphql';
import { CheckedByService } from '../../../common/validation.pipe';
import { DateTimeScalar } from '../../../common/scalars/date.scalar';
import { JsonObjectScalar } from '../../../common/scalars/json.scalar';

/**
 * One usage signal. Fields are checked per item by the ingestion (core/signals/validate.ts), not by the
 * ValidationPipe: a bad item is reported in `rejected` by its index and the good ones are still stored.
 */
@InputType('SignalInput')
export class SignalInput {
  @Field({ description: "The sender's idempotency key: one signal per (account, id), re-sending is harmless." })
  id: string;

  @Field(() => ID, { nullable: true, description: 'Give accountId or accountExternalId.' })
  accountId?: string | null;

  @Field(() => String, { nullable: true })
  accountExternalId?: string | null;

  @Field({
    description:
      'Matches ^[a-z][a-z0-9_.]{0,63}$. Known: login, feature_used, support_ticket, email_opened, email_ignored, payment_failed, seats.',
  })
  type: string;

  @Field(() => DateTimeScalar, { description: 'At most 5 minutes in the future; not older than the retention window.' })
  occurredAt: Date;

  @Field(() => Float, { nullable: true, defaultValue: 1 })
  quantity?: number | null;

  @Field(() => JsonObjectScalar, {
    nullable: true,
    description: 'At most 4 KB serialised. feature_used: {feature}; support_ticket: {sentiment, priority}.',
  })
  properties?: Record<string, unknown> | null;
}

/** `ingestSignals`' arguments: the batch is checked item by item by the ingestion (NUL rule included), not by the pipe. */
@ArgsType()
@CheckedByService()
export class IngestSignalsArgs {
  @Field(() => [SignalInput])
  events: SignalInput[];
}
