import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { DateTimeScalar } from '../../common/scalars/date.scalar';

@ObjectType('StripeParkedEvent', {
  description: 'A Stripe event Vitals could not apply yet (unmapped customer, unconfigured currency), with why.',
})
export class StripeParkedEventModel {
  @Field(() => ID, { description: 'The Stripe event id (evt_…).' })
  id: string;

  @Field()
  type: string;

  @Field(() => DateTimeScalar, { description: 'When Stripe created the event.' })
  createdAt: Date;

  @Field(() => DateTimeScalar)
  receivedAt: Date;

  @Field()
  reason: string;

  @Field(() => String, { nullable: true })
  customerId: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Last replay attempt, if any.' })
  replayedAt: Date | null;
}

@ObjectType('StripeReplayResult')
export class StripeReplayResultModel {
  @Field(() => ID)
  id: string;

  @Field({ description: 'APPLIED, STALE, IGNORED, PARKED (still) or DUPLICATE.' })
  outcome: string;

  @Field(() => String, { nullable: true })
  reason: string | null;
}

@ObjectType('StripeParkedEvents')
export class StripeParkedEventsModel {
  @Field(() => Int)
  totalCount: number;

  @Field(() => [StripeParkedEventModel], { description: 'Oldest first.' })
  events: StripeParkedEventModel[];
}
