import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsEnum, IsOptional } from 'class-validator';
import { TIMELINE_KINDS, TimelineKind } from '../../../core/workspace/timeline';
import { CentsScalar } from '../../../common/scalars/cents.scalar';
import { DateTimeScalar } from '../../../common/scalars/date.scalar';
import { ConnectionType } from '../../../common/pagination/connection';
import { UserModel } from '../../users/models/user.model';

/** GraphQL enum derived from the one vocabulary in src/core/workspace/timeline.ts. */
export const TimelineKindEnum = Object.fromEntries(TIMELINE_KINDS.map((k) => [k, k])) as { [K in TimelineKind]: K };
registerEnumType(TimelineKindEnum, {
  name: 'TimelineKind',
  description: 'What happened: MRR, health band, red flags, feedback, tasks, playbook runs, overrides, churn reasons.',
});

@InputType()
export class TimelineFilter {
  @Field(() => [TimelineKindEnum], { nullable: true, description: 'Only these kinds (null or absent: all).' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(TIMELINE_KINDS.length * 2)
  @IsEnum(TimelineKindEnum, { each: true })
  kinds?: TimelineKind[] | null;
}

@ObjectType('TimelineMrr')
export class TimelineMrrModel {
  @Field({ description: 'NEW, EXPANSION, CONTRACTION, CHURN or REACTIVATION' })
  type: string;
  @Field(() => CentsScalar)
  amountCents: number;
  @Field(() => CentsScalar)
  mrrBeforeCents: number;
  @Field(() => CentsScalar)
  mrrAfterCents: number;
}

@ObjectType('TimelineBandChange')
export class TimelineBandChangeModel {
  @Field()
  from: string;
  @Field()
  to: string;
  @Field(() => Float, { nullable: true, description: 'The computed score that day.' })
  score: number | null;
}

@ObjectType('TimelineFlag')
export class TimelineFlagModel {
  @Field()
  type: string;
  @Field()
  evidence: string;
}

@ObjectType('TimelineFeedback')
export class TimelineFeedbackModel {
  @Field(() => Int, { nullable: true, description: 'NPS 0..10 or CSAT 1..5; null for a note.' })
  score: number | null;
  @Field(() => String, { nullable: true, description: 'NPS: PROMOTER, PASSIVE or DETRACTOR.' })
  category: string | null;
  @Field(() => String, { nullable: true, description: 'The comment or the note text.' })
  comment: string | null;
  @Field(() => String, { nullable: true, description: 'Notes: CALL, EMAIL, TICKET, …' })
  source: string | null;
  @Field(() => String, { nullable: true })
  sentiment: string | null;
  @Field(() => String, { nullable: true, description: 'CSAT topic.' })
  topic: string | null;
}

@ObjectType('TimelineTask')
export class TimelineTaskModel {
  @Field(() => ID)
  taskId: string;
  @Field()
  title: string;
  @Field()
  type: string;
  @Field({ description: 'The status now (not at the time of the event).' })
  status: string;
  @Field(() => String, { nullable: true })
  outcome: string | null;
  @Field(() => DateTimeScalar)
  dueAt: string;
}

@ObjectType('TimelinePlaybookRun')
export class TimelinePlaybookRunModel {
  @Field(() => ID)
  runId: string;
  @Field(() => ID)
  playbookId: string;
  @Field()
  playbookName: string;
  @Field({ description: 'The status now.' })
  status: string;
  @Field(() => String, { nullable: true })
  outcome: string | null;
  @Field()
  triggerKind: string;
}

@ObjectType('TimelineOverride')
export class TimelineOverrideModel {
  @Field()
  band: string;
  @Field()
  reason: string;
  @Field(() => DateTimeScalar)
  expiresAt: string;
}

@ObjectType('TimelineChurnReason')
export class TimelineChurnReasonModel {
  @Field()
  reason: string;
  @Field(() => String, { nullable: true })
  detail: string | null;
}

@ObjectType('TimelineItem', {
  description: 'One event of an account. Exactly the detail field of its kind is set; the others are null.',
})
export class TimelineItemModel {
  @Field(() => ID, { description: 'Unique within the account: kind and the source row.' })
  id: string;
  @Field(() => TimelineKindEnum)
  kind: TimelineKind;
  @Field(() => DateTimeScalar)
  occurredAt: Date;
  @Field({ description: 'What happened, in plain words.' })
  title: string;
  @Field({ description: 'One line of detail in plain words.' })
  summary: string;
  /** Resolved through the user DataLoader. */
  actorId: string | null;
  @Field(() => UserModel, { nullable: true, description: 'Who did it, when a person did.' })
  actor?: UserModel | null;
  @Field(() => TimelineMrrModel, { nullable: true })
  mrr: TimelineMrrModel | null;
  @Field(() => TimelineBandChangeModel, { nullable: true })
  band: TimelineBandChangeModel | null;
  @Field(() => TimelineFlagModel, { nullable: true })
  flag: TimelineFlagModel | null;
  @Field(() => TimelineFeedbackModel, { nullable: true })
  feedback: TimelineFeedbackModel | null;
  @Field(() => TimelineTaskModel, { nullable: true })
  task: TimelineTaskModel | null;
  @Field(() => TimelinePlaybookRunModel, { nullable: true })
  playbookRun: TimelinePlaybookRunModel | null;
  @Field(() => TimelineOverrideModel, { nullable: true })
  override: TimelineOverrideModel | null;
  @Field(() => TimelineChurnReasonModel, { nullable: true })
  churnReason: TimelineChurnReasonModel | null;
}

@ObjectType('TimelineConnection')
export class TimelineConnection extends ConnectionType(TimelineItemModel, 'TimelineItem') {}
