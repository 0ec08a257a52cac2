import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { ConnectionType } from '../../../common/pagination/connection';
import { DateScalar, DateTimeScalar } from '../../../common/scalars/date.scalar';
import { JsonObjectScalar } from '../../../common/scalars/json.scalar';

@ObjectType('RejectedSignal')
export class RejectedSignalModel {
  @Field(() => Int, { description: 'Position of the event in the `events` list (0-based).' })
  index: number;

  @Field(() => String, { nullable: true, description: "The event's id, when it had a readable one." })
  id: string | null;

  @Field()
  reason: string;
}

@ObjectType('IngestResult')
export class IngestResultModel {
  @Field(() => Int, { description: 'New signals stored (and added to the rollups).' })
  accepted: number;

  @Field(() => Int, {
    description: 'Valid signals already stored (same account and id), incl. repeats within the batch.',
  })
  duplicates: number;

  @Field(() => [RejectedSignalModel])
  rejected: RejectedSignalModel[];
}

@ObjectType('DailyUsage', { description: 'Daily rollup of one signal type for one account (UTC days).' })
export class DailyUsageModel {
  @Field(() => DateScalar)
  day: string;

  @Field()
  type: string;

  @Field(() => Int)
  count: number;

  @Field(() => Float, { description: 'Sum of the quantities (1 per signal unless given).' })
  quantity: number;

  @Field(() => [String], { description: 'feature_used: the distinct features used that day.' })
  features: string[];

  @Field(() => Int, { description: 'support_ticket: tickets with negative sentiment.' })
  negativeTickets: number;
}

@ObjectType('Signal')
export class SignalModel {
  @Field({ description: "The sender's idempotency key (unique per account)." })
  id: string;

  @Field(() => ID)
  accountId: string;

  @Field()
  type: string;

  @Field(() => DateTimeScalar)
  occurredAt: Date;

  @Field(() => Float)
  quantity: number;

  @Field(() => JsonObjectScalar, { nullable: true })
  properties: Record<string, unknown> | null;

  @Field(() => DateTimeScalar)
  receivedAt: Date;
}

@ObjectType('SignalConnection')
export class SignalConnection extends ConnectionType(SignalModel, 'Signal') {}

@ObjectType('SignalRetentionResult')
export class SignalRetentionResultModel {
  @Field(() => [String], { description: 'Partitions created ahead (months YYYY-MM-01).' })
  createdPartitions: string[];

  @Field(() => [String], { description: 'Raw-event partitions dropped by retention (rollups are kept).' })
  droppedPartitions: string[];
}
