import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { DateTimeScalar } from '../../../common/scalars/date.scalar';
import { SOURCE_KINDS } from '../../../core/sources/source-vocabulary';

/** GraphQL enum derived from the one vocabulary in src/core/sources. */
export const SourceKind = Object.fromEntries(SOURCE_KINDS.map((k) => [k, k])) as {
  [K in (typeof SOURCE_KINDS)[number]]: K;
};
export type SourceKind = (typeof SOURCE_KINDS)[number];
registerEnumType(SourceKind, {
  name: 'SourceKind',
  description:
    'SEGMENT: a Segment-compatible SDK (POST /v1/*); STRIPE: Stripe webhooks and imports; IMPORT: file imports.',
});

@ObjectType('SourceCounts', { description: 'Events a source delivered over the last 24 hours (5-minute buckets).' })
export class SourceCountsModel {
  @Field(() => Int, { description: 'Stored for the first time (including unattributed events ingested later).' })
  accepted: number;

  @Field(() => Int, { description: 'Re-deliveries of events already stored (same id): counted, not stored again.' })
  duplicates: number;

  @Field(() => Int, { description: 'Refused with a reason (see lastErrors).' })
  rejected: number;

  @Field(() => Int, { description: 'Kept aside because no account could be found for them yet.' })
  unattributed: number;

  @Field(() => Int, { description: 'Refused because the source was over its rate budget (the sender retries).' })
  rateLimited: number;
}

@ObjectType('SourceError', { description: 'One distinct error of a source, with how often and when it was last seen.' })
export class SourceErrorModel {
  @Field()
  message: string;

  @Field(() => Int)
  count: number;

  @Field(() => DateTimeScalar)
  firstAt: Date;

  @Field(() => DateTimeScalar)
  lastAt: Date;

  @Field(() => String, { nullable: true, description: 'JSON: details of the last occurrence (message id, field, …).' })
  detail: string | null;
}

@ObjectType('SourceBacklog', { description: 'Events kept unattributed right now.' })
export class SourceBacklogModel {
  @Field(() => Int)
  count: number;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the oldest one was received.' })
  oldestReceivedAt: Date | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When the oldest one will be purged (received + unattributedMaxAgeDays).',
  })
  oldestPurgeAt: Date | null;
}

@ObjectType('Source')
export class SourceModel {
  @Field(() => ID)
  id: string;

  @Field(() => SourceKind)
  kind: SourceKind;

  @Field()
  name: string;

  @Field({ description: 'The first characters of the write key (to tell keys apart; the key is shown only once).' })
  writeKeyPrefix: string;

  @Field()
  active: boolean;

  @Field(() => Int, { description: 'Events per minute this source may send (0 = no limit).' })
  rateLimitPerMinute: number;

  @Field({ description: 'Group trait copied to the account segment.' })
  segmentTrait: string;

  @Field({ description: "Group trait naming the account owner's e-mail." })
  ownerEmailTrait: string;

  @Field(() => Int, { description: 'Unattributed events older than this are reported, then purged.' })
  unattributedMaxAgeDays: number;

  @Field(() => DateTimeScalar)
  createdAt: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  revokedAt: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the source last delivered an event.' })
  lastEventAt: Date | null;

  @Field(() => SourceCountsModel)
  last24h: SourceCountsModel;

  @Field(() => SourceBacklogModel)
  unattributed: SourceBacklogModel;

  @Field(() => [SourceErrorModel], { description: 'The most recent distinct errors (at most 10), newest first.' })
  lastErrors: SourceErrorModel[];
}

@ObjectType('CreateSourcePayload')
export class CreateSourcePayload {
  @Field(() => SourceModel)
  source: SourceModel;

  @Field({
    description:
      'The write key: HTTP Basic user name (empty password) or `writeKey` in the body of POST /v1/*. Shown only here; it can only ingest.',
  })
  writeKey: string;
}

@ObjectType('UnattributedEvent', { description: 'An event kept until an account can be found for it.' })
export class UnattributedEventModel {
  @Field({ description: 'Its id (a Segment messageId).' })
  id: string;

  @Field(() => String, {
    nullable: true,
    description: 'What would attribute it: a user key (u:userId, a:anonymousId) or a customer id.',
  })
  matchKey: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The account external id it names, when that account does not exist yet.',
  })
  groupRef: string | null;

  @Field()
  reason: string;

  @Field(() => DateTimeScalar)
  occurredAt: Date;

  @Field(() => DateTimeScalar)
  receivedAt: Date;
}
