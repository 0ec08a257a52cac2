import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { graphqlEnumOf, HealthBand, RedFlagTypeEnum } from '../../common/graphql/domain-enums';
import {
  RUN_OUTCOMES,
  RunOutcome,
  STEP_TYPES,
  StepType,
  SUPPRESSION_REASONS,
  SuppressionReason,
  TRIGGER_KINDS,
  TriggerKind,
} from '../../core/playbooks';
import { DateTimeScalar } from '../../common/scalars/date.scalar';
import { ConnectionType } from '../../common/pagination/connection';

export const PlaybookTriggerKind = graphqlEnumOf(
  TRIGGER_KINDS,
  'PlaybookTriggerKind',
  'MANUAL; HEALTH_BAND_ENTERED {band}; HEALTH_DROP {points, days}; RISK_ABOVE {probability}; FLAG_RAISED {flag}; NPS_DETRACTOR; RENEWAL_WITHIN {days}; ACCOUNT_CREATED; ACCOUNT_CHURNED; CHURNED_FOR {days}',
);
export type PlaybookTriggerKind = TriggerKind;

export const TaskType = graphqlEnumOf(STEP_TYPES, 'TaskType');
export type TaskType = StepType;

export enum StepAssignee {
  OWNER = 'OWNER',
  USER = 'USER',
}
registerEnumType(StepAssignee, {
  name: 'StepAssignee',
  description: "OWNER: the account's owner (else the playbook's fallback user, else an ADMIN); USER: userId",
});

export enum AssignedVia {
  OWNER = 'OWNER',
  USER = 'USER',
  FALLBACK = 'FALLBACK',
  ADMIN = 'ADMIN',
}
registerEnumType(AssignedVia, {
  name: 'AssignedVia',
  description: 'How the assignee was chosen (FALLBACK/ADMIN: the account has no owner).',
});

export const PlaybookSuppression = graphqlEnumOf(SUPPRESSION_REASONS, 'PlaybookSuppression');
export type PlaybookSuppression = SuppressionReason;

export enum PlaybookRunStatus {
  OPEN = 'OPEN',
  ENDED = 'ENDED',
  SUPPRESSED = 'SUPPRESSED',
}
registerEnumType(PlaybookRunStatus, { name: 'PlaybookRunStatus' });

export const PlaybookRunOutcome = graphqlEnumOf(
  RUN_OUTCOMES,
  'PlaybookRunOutcome',
  'Set 90 days after the start: CHURNED, SAVED (active, band not RED), else AT_RISK.',
);
export type PlaybookRunOutcome = RunOutcome;

export enum TaskStatus {
  OPEN = 'OPEN',
  DONE = 'DONE',
  CANCELLED = 'CANCELLED',
}
registerEnumType(TaskStatus, { name: 'TaskStatus' });

export enum TaskOutcome {
  DONE = 'DONE',
  NO_RESPONSE = 'NO_RESPONSE',
  ESCALATED = 'ESCALATED',
  NOT_NEEDED = 'NOT_NEEDED',
}
registerEnumType(TaskOutcome, { name: 'TaskOutcome' });

export enum ChurnReasonKind {
  PRICE = 'PRICE',
  PRODUCT_GAP = 'PRODUCT_GAP',
  SERVICE = 'SERVICE',
  COMPETITOR = 'COMPETITOR',
  NO_LONGER_NEEDED = 'NO_LONGER_NEEDED',
  BUDGET = 'BUDGET',
  OTHER = 'OTHER',
}
registerEnumType(ChurnReasonKind, { name: 'ChurnReasonKind' });

@ObjectType('PlaybookTrigger')
export class PlaybookTriggerModel {
  @Field(() => PlaybookTriggerKind)
  kind: PlaybookTriggerKind;

  @Field(() => HealthBand, { nullable: true })
  band?: string | null;

  @Field(() => Float, { nullable: true, description: 'HEALTH_DROP: score points' })
  points?: number | null;

  @Field(() => Int, { nullable: true, description: 'HEALTH_DROP window, RENEWAL_WITHIN, CHURNED_FOR' })
  days?: number | null;

  @Field(() => Float, { nullable: true })
  probability?: number | null;

  @Field(() => RedFlagTypeEnum, { nullable: true })
  flag?: string | null;
}

@ObjectType('PlaybookStep')
export class PlaybookStepModel {
  @Field()
  title: string;

  @Field(() => String, { nullable: true })
  description: string | null;

  @Field(() => TaskType)
  type: TaskType;

  @Field(() => Int)
  dueInDays: number;

  @Field(() => StepAssignee)
  assignee: StepAssignee;

  @Field(() => ID, { nullable: true })
  userId: string | null;

  @Field()
  touchesCustomer: boolean;
}

export interface PlaybookRow {
  id: string;
  name: string;
  description: string | null;
  enabled: boolean;
  segment: string | null;
  trigger: PlaybookTriggerModel;
  steps: PlaybookStepModel[];
  cooldownDays: number;
  fallbackUserId: string | null;
  installedKey: string | null;
  createdAt: Date;
  updatedAt: Date;
}

@ObjectType('Playbook')
export class PlaybookModel implements Omit<PlaybookRow, 'fallbackUserId'> {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field(() => String, { nullable: true })
  description: string | null;

  @Field()
  enabled: boolean;

  @Field(() => String, { nullable: true, description: 'Only accounts of this segment (null = all).' })
  segment: string | null;

  @Field(() => PlaybookTriggerModel)
  trigger: PlaybookTriggerModel;

  @Field(() => [PlaybookStepModel])
  steps: PlaybookStepModel[];

  @Field(() => Int)
  cooldownDays: number;

  @Field(() => String, { nullable: true, description: 'Set for the installed defaults.' })
  installedKey: string | null;

  @Field(() => DateTimeScalar)
  createdAt: Date;

  @Field(() => DateTimeScalar)
  updatedAt: Date;
}

export interface RunRow {
  id: string;
  accountId: string;
  playbookId: string;
  status: PlaybookRunStatus;
  suppressed: PlaybookSuppression | null;
  triggerKind: string;
  triggerKey: string | null;
  note: string | null;
  triggeredById: string | null;
  startedAt: Date;
  endedAt: Date | null;
  outcome: PlaybookRunOutcome | null;
  outcomeAt: Date | null;
  startScore: number | null;
}

@ObjectType('PlaybookRun')
export class PlaybookRunModel {
  @Field(() => ID)
  id: string;

  @Field(() => PlaybookRunStatus)
  status: PlaybookRunStatus;

  @Field(() => PlaybookSuppression, {
    nullable: true,
    description: 'Why this attempt did not start a run (status SUPPRESSED).',
  })
  suppressed: PlaybookSuppression | null;

  @Field(() => PlaybookTriggerKind)
  triggerKind: string;

  @Field(() => String, { nullable: true })
  note: string | null;

  @Field(() => DateTimeScalar)
  startedAt: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  endedAt: Date | null;

  @Field(() => PlaybookRunOutcome, { nullable: true })
  outcome: PlaybookRunOutcome | null;

  @Field(() => Float, { nullable: true, description: 'Health score when the run started.' })
  startScore: number | null;
}

@ObjectType('PlaybookRunConnection')
export class PlaybookRunConnection extends ConnectionType(PlaybookRunModel, 'PlaybookRun') {}

export interface TaskRow {
  id: string;
  accountId: string;
  playbookRunId: string | null;
  title: string;
  description: string | null;
  type: TaskType;
  dueAt: Date;
  status: TaskStatus;
  outcome: TaskOutcome | null;
  assigneeId: string;
  assignedVia: AssignedVia;
  touchesCustomer: boolean;
  createdAt: Date;
  completedAt: Date | null;
  note: string | null;
  snoozedUntil: Date | null;
}

@ObjectType('Task')
export class TaskModel {
  @Field(() => ID)
  id: string;

  @Field()
  title: string;

  @Field(() => String, { nullable: true })
  description: string | null;

  @Field(() => TaskType)
  type: TaskType;

  @Field(() => DateTimeScalar)
  dueAt: Date;

  @Field(() => TaskStatus)
  status: TaskStatus;

  @Field(() => TaskOutcome, { nullable: true })
  outcome: TaskOutcome | null;

  @Field(() => AssignedVia)
  assignedVia: AssignedVia;

  @Field()
  touchesCustomer: boolean;

  @Field(() => DateTimeScalar)
  createdAt: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  completedAt: Date | null;

  @Field(() => String, { nullable: true })
  note: string | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'While in the future the task is snoozed: it leaves task lists (unless includeSnoozed) until then.',
  })
  snoozedUntil: Date | null;
}

@ObjectType('TaskConnection')
export class TaskConnection extends ConnectionType(TaskModel, 'Task') {}

@ObjectType('PlaybookRunResult')
export class PlaybookRunResult {
  @Field(() => PlaybookRunModel, { nullable: true, description: 'null when suppressed' })
  run: RunRow | null;

  @Field(() => [TaskModel])
  tasks: TaskRow[];

  @Field(() => PlaybookSuppression, { nullable: true })
  suppressed: PlaybookSuppression | null;
}

@ObjectType('ChurnReason')
export class ChurnReasonModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  accountId: string;

  @Field(() => ChurnReasonKind)
  reason: ChurnReasonKind;

  @Field(() => String, { nullable: true })
  detail: string | null;

  @Field(() => DateTimeScalar)
  recordedAt: Date;

  @Field(() => ID, { nullable: true })
  recordedById: string | null;
}

@ObjectType('SuppressionCount')
export class SuppressionCountModel {
  @Field(() => PlaybookSuppression)
  reason: string;

  @Field(() => Int)
  count: number;
}

@ObjectType('PlaybookStats')
export class PlaybookStatsModel {
  @Field(() => PlaybookModel)
  playbook: PlaybookRow;

  @Field(() => Int, { description: 'Runs started in the period (not counting suppressed attempts).' })
  runs: number;

  @Field(() => [SuppressionCountModel])
  suppressed: SuppressionCountModel[];

  @Field(() => Int)
  suppressedTotal: number;

  @Field(() => Float, { nullable: true, description: "% of the runs' tasks that are DONE." })
  taskCompletionPct: number | null;

  @Field(() => Float, { nullable: true, description: '% of DONE tasks completed by their due time.' })
  onTimePct: number | null;

  @Field(() => Float, { nullable: true, description: 'Median days from task creation to completion.' })
  medianDaysToComplete: number | null;

  @Field(() => Float, { nullable: true, description: '% SAVED among runs whose outcome is known.' })
  saveRatePct: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Average health score change from the run start to +30 days (runs with history at both ends).',
  })
  avgHealthChange30d: number | null;
}
