import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { DateScalar, DateTimeScalar } from '../../../common/scalars/date.scalar';
import { ConnectionType } from '../../../common/pagination/connection';
import { FeedbackKind, FeedbackSource, NpsCategory, Sentiment } from './feedback.model';
import { NpsSummaryModel } from './feedback.model';

@ObjectType('NpsMonth', { description: 'The NPS of the responses given in one UTC calendar month.' })
export class NpsMonthModel extends NpsSummaryModel {
  @Field(() => DateScalar, { description: 'First day of the month (UTC).' })
  month: string;
}

@ObjectType('CsatSummary', {
  description: 'CSAT over the matching responses: average (1..5), share satisfied (4 or 5) and the distribution.',
})
export class CsatSummaryModel {
  @Field(() => Int)
  responses: number;

  @Field(() => [Int], { description: 'Responses per score, index 0 = score 1 … index 4 = score 5.' })
  distribution: number[];

  @Field(() => Int, { description: 'Responses scoring 4 or 5.' })
  satisfied: number;

  @Field(() => Float, { nullable: true, description: 'satisfied / responses × 100; null without responses.' })
  csatPct: number | null;

  @Field(() => Float, { nullable: true, description: 'Mean score 1..5; null without responses.' })
  average: number | null;
}

export interface VerbatimRow {
  id: string;
  kind: FeedbackKind;
  occurredAt: Date;
  accountId: string;
  accountName: string;
  segment: string | null;
  score: number | null;
  npsCategory: NpsCategory | null;
  text: string;
  topic: string | null;
  source: FeedbackSource | null;
  sentiment: Sentiment | null;
}

@ObjectType('Verbatim', {
  description: 'What a customer said in words: an NPS or CSAT comment, or a feedback note, with its account.',
})
export class VerbatimModel {
  @Field(() => ID, { description: 'The response or note id.' })
  id: string;
  @Field(() => FeedbackKind)
  kind: FeedbackKind;
  @Field(() => DateTimeScalar)
  occurredAt: Date;
  @Field(() => ID)
  accountId: string;
  @Field()
  accountName: string;
  @Field(() => String, { nullable: true })
  segment: string | null;
  @Field(() => Int, { nullable: true, description: 'NPS 0..10 or CSAT 1..5; null for a note.' })
  score: number | null;
  @Field(() => NpsCategory, { nullable: true })
  npsCategory: NpsCategory | null;
  @Field({ description: 'The comment, or the note text.' })
  text: string;
  @Field(() => String, { nullable: true, description: 'CSAT: what was rated.' })
  topic: string | null;
  @Field(() => FeedbackSource, { nullable: true, description: 'Notes: where it came from.' })
  source: FeedbackSource | null;
  @Field(() => Sentiment, { nullable: true })
  sentiment: Sentiment | null;
}

@ObjectType('VerbatimConnection')
export class VerbatimConnection extends ConnectionType(VerbatimModel, 'Verbatim') {}
