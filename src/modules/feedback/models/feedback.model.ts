import { Field, Float, ID, Int, InterfaceType, ObjectType, registerEnumType } from '@nestjs/graphql';
import { DateTimeScalar } from '../../../common/scalars/date.scalar';
import { ConnectionType } from '../../../common/pagination/connection';

export enum NpsCategory {
  PROMOTER = 'PROMOTER',
  PASSIVE = 'PASSIVE',
  DETRACTOR = 'DETRACTOR',
}
registerEnumType(NpsCategory, { name: 'NpsCategory', description: 'PROMOTER: 9–10; PASSIVE: 7–8; DETRACTOR: 0–6' });

export enum FeedbackKind {
  NPS = 'NPS',
  CSAT = 'CSAT',
  TEXT = 'TEXT',
}
registerEnumType(FeedbackKind, { name: 'FeedbackKind' });

export enum FeedbackSource {
  CALL = 'CALL',
  EMAIL = 'EMAIL',
  TICKET = 'TICKET',
  SURVEY = 'SURVEY',
  MEETING = 'MEETING',
  OTHER = 'OTHER',
}
registerEnumType(FeedbackSource, { name: 'FeedbackSource' });

export enum Sentiment {
  POSITIVE = 'POSITIVE',
  NEUTRAL = 'NEUTRAL',
  NEGATIVE = 'NEGATIVE',
}
registerEnumType(Sentiment, { name: 'Sentiment' });

/** Plain shapes the service returns (also the parents of the GraphQL types below). */
export interface NpsResponseRow {
  kind: FeedbackKind.NPS;
  id: string;
  accountId: string;
  score: number;
  category: NpsCategory;
  comment: string | null;
  respondentEmail: string | null;
  respondedAt: Date;
  occurredAt: Date;
}
export interface CsatResponseRow {
  kind: FeedbackKind.CSAT;
  id: string;
  accountId: string;
  score: number;
  comment: string | null;
  topic: string | null;
  respondedAt: Date;
  occurredAt: Date;
}
export interface FeedbackNoteRow {
  kind: FeedbackKind.TEXT;
  id: string;
  accountId: string;
  text: string;
  source: FeedbackSource;
  sentiment: Sentiment | null;
  tags: string[];
  occurredAt: Date;
}
export type FeedbackItemRow = NpsResponseRow | CsatResponseRow | FeedbackNoteRow;

@InterfaceType('FeedbackItem', {
  description: 'Anything a customer told us: an NPS or CSAT response, or a free-text verbatim (kind says which).',
  resolveType: (item: FeedbackItemRow) =>
    item.kind === FeedbackKind.NPS ? 'NpsResponse' : item.kind === FeedbackKind.CSAT ? 'CsatResponse' : 'Feedback',
})
export class FeedbackItemModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  accountId: string;

  @Field(() => FeedbackKind)
  kind: FeedbackKind;

  @Field(() => DateTimeScalar, { description: 'When the customer said it (respondedAt for surveys).' })
  occurredAt: Date;
}

@ObjectType('NpsResponse', { implements: () => [FeedbackItemModel] })
export class NpsResponseModel extends FeedbackItemModel {
  @Field(() => Int, { description: '0..10' })
  score: number;

  @Field(() => NpsCategory)
  category: NpsCategory;

  @Field(() => String, { nullable: true })
  comment: string | null;

  @Field(() => String, { nullable: true })
  respondentEmail: string | null;

  @Field(() => DateTimeScalar)
  respondedAt: Date;
}

@ObjectType('CsatResponse', { implements: () => [FeedbackItemModel] })
export class CsatResponseModel extends FeedbackItemModel {
  @Field(() => Int, { description: '1..5' })
  score: number;

  @Field(() => String, { nullable: true })
  comment: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'What the survey was about, e.g. a support ticket or onboarding.',
  })
  topic: string | null;

  @Field(() => DateTimeScalar)
  respondedAt: Date;
}

@ObjectType('Feedback', { implements: () => [FeedbackItemModel], description: 'A free-text verbatim.' })
export class FeedbackModel extends FeedbackItemModel {
  @Field()
  text: string;

  @Field(() => FeedbackSource)
  source: FeedbackSource;

  @Field(() => Sentiment, { nullable: true })
  sentiment: Sentiment | null;

  @Field(() => [String])
  tags: string[];
}

@ObjectType('FeedbackItemConnection')
export class FeedbackItemConnection extends ConnectionType(FeedbackItemModel, 'FeedbackItem') {}

@ObjectType('NpsSummary', {
  description:
    'NPS over the matching responses (every response counts, repeat respondents included). All figures but `responses` are null when there are none.',
})
export class NpsSummaryModel {
  @Field(() => Int)
  responses: number;

  @Field(() => Int)
  promoters: number;

  @Field(() => Int)
  passives: number;

  @Field(() => Int)
  detractors: number;

  @Field(() => Float, {
    nullable: true,
    description: '%promoters − %detractors, −100..100 (passives count in the denominator).',
  })
  nps: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Lower bound of the 95 % adjusted-Wald interval (Rocks 2016), clamped to −100.',
  })
  confidenceLow: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Upper bound of the 95 % adjusted-Wald interval, clamped to 100.',
  })
  confidenceHigh: number | null;
}

@ObjectType('AccountNps')
export class AccountNpsModel {
  @Field(() => Int, { nullable: true, description: 'Score of the most recent response (null if none).' })
  latestScore: number | null;

  @Field(() => NpsCategory, { nullable: true })
  latestCategory: NpsCategory | null;

  @Field(() => Float, { nullable: true, description: 'NPS over the responses of the last 12 months (null if none).' })
  nps12m: number | null;

  @Field(() => Int)
  responses12m: number;
}
