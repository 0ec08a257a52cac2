import { Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { HealthBand, RedFlagTypeEnum } from '../../common/graphql/domain-enums';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsInt,
  IsNumber,
  IsOptional,
  IsUUID,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { DateTimeScalar } from '../../common/scalars/date.scalar';
import { PlaybookRunStatus, PlaybookTriggerKind, StepAssignee, TaskStatus, TaskType } from './playbooks.models';
import {
  SingleLineText,
  OptionalSingleLineText,
  OptionalMultiLineText,
} from '../../common/validation/text-field.decorators';

export const MAX_STEPS = 20;

@InputType()
export class PlaybookTriggerInput {
  @Field(() => PlaybookTriggerKind)
  @IsEnum(PlaybookTriggerKind)
  kind: PlaybookTriggerKind;

  @Field(() => HealthBand, { nullable: true, description: 'HEALTH_BAND_ENTERED' })
  @IsOptional()
  band?: string | null;

  @Field(() => Float, { nullable: true, description: 'HEALTH_DROP: score points (0 < points ≤ 100)' })
  @IsOptional()
  @IsNumber({}, { message: 'points must be a number' })
  points?: number | null;

  @Field(() => Int, { nullable: true, description: 'HEALTH_DROP window, RENEWAL_WITHIN, CHURNED_FOR (1..3650)' })
  @IsOptional()
  @IsInt({ message: 'days must be an integer' })
  days?: number | null;

  @Field(() => Float, { nullable: true, description: 'RISK_ABOVE: churn probability (0 < p < 1)' })
  @IsOptional()
  @IsNumber({}, { message: 'probability must be a number' })
  probability?: number | null;

  @Field(() => RedFlagTypeEnum, { nullable: true, description: 'FLAG_RAISED' })
  @IsOptional()
  flag?: string | null;
}

@InputType()
export class PlaybookStepInput {
  @Field()
  @SingleLineText(200)
  title: string;

  @Field(() => String, { nullable: true })
  @OptionalMultiLineText(4000)
  description?: string | null;

  @Field(() => TaskType)
  @IsEnum(TaskType)
  type: TaskType;

  @Field(() => Int, { description: 'Days after the run starts (0..365).' })
  @IsInt()
  @Min(0)
  @Max(365)
  dueInDays: number;

  @Field(() => StepAssignee, { defaultValue: StepAssignee.OWNER })
  @IsOptional()
  @IsEnum(StepAssignee)
  assignee?: StepAssignee;

  @Field(() => ID, { nullable: true, description: 'Required when assignee is USER.' })
  @IsOptional()
  @IsUUID('all', { message: 'userId must be a user id' })
  userId?: string | null;

  @Field({ defaultValue: false, description: 'Counts against the contact cap.' })
  @IsOptional()
  @IsBoolean()
  touchesCustomer?: boolean;
}

@InputType()
export class CreatePlaybookInput {
  @Field()
  @SingleLineText(200)
  name: string;

  @Field(() => String, { nullable: true })
  @OptionalMultiLineText(4000)
  description?: string | null;

  @Field(() => String, { nullable: true, description: 'Only accounts of this segment.' })
  @OptionalSingleLineText(100)
  segment?: string | null;

  @Field(() => PlaybookTriggerInput)
  @ValidateNested()
  @Type(() => PlaybookTriggerInput)
  trigger: PlaybookTriggerInput;

  @Field(() => [PlaybookStepInput])
  @IsArray()
  @ArrayMinSize(1, { message: 'steps must have at least one step' })
  @ArrayMaxSize(MAX_STEPS)
  @ValidateNested({ each: true })
  @Type(() => PlaybookStepInput)
  steps: PlaybookStepInput[];

  @Field(() => Int, { defaultValue: 30 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(3650)
  cooldownDays?: number;

  @Field({ defaultValue: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @Field(() => ID, {
    nullable: true,
    description: 'Who gets OWNER steps of accounts without an owner (default: an ADMIN).',
  })
  @IsOptional()
  @IsUUID('all', { message: 'fallbackUserId must be a user id' })
  fallbackUserId?: string | null;
}

@InputType()
export class UpdatePlaybookInput {
  @Field({ nullable: true })
  @IsOptional()
  @SingleLineText(200)
  name?: string;

  @Field(() => String, { nullable: true })
  @OptionalMultiLineText(4000)
  description?: string | null;

  @Field(() => String, { nullable: true })
  @OptionalSingleLineText(100)
  segment?: string | null;

  @Field(() => PlaybookTriggerInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => PlaybookTriggerInput)
  trigger?: PlaybookTriggerInput;

  @Field(() => [PlaybookStepInput], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1, { message: 'steps must have at least one step' })
  @ArrayMaxSize(MAX_STEPS)
  @ValidateNested({ each: true })
  @Type(() => PlaybookStepInput)
  steps?: PlaybookStepInput[];

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(3650)
  cooldownDays?: number;

  @Field({ nullable: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'fallbackUserId must be a user id' })
  fallbackUserId?: string | null;
}

@InputType()
export class PlaybookRunFilter {
  @Field({ nullable: true, description: 'true: only suppressed attempts; false: only real runs.' })
  @IsOptional()
  @IsBoolean()
  suppressed?: boolean;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'playbookId must be a playbook id' })
  playbookId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'accountId must be an account id' })
  accountId?: string;

  @Field(() => PlaybookRunStatus, { nullable: true })
  @IsOptional()
  @IsEnum(PlaybookRunStatus)
  status?: PlaybookRunStatus;
}

@InputType()
export class TaskFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'assigneeId must be a user id' })
  assigneeId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'accountId must be an account id' })
  accountId?: string;

  @Field(() => TaskStatus, { nullable: true })
  @IsOptional()
  @IsEnum(TaskStatus)
  status?: TaskStatus;

  @Field({ nullable: true, description: 'true: open and past due; false: everything else.' })
  @IsOptional()
  @IsBoolean()
  overdue?: boolean;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'playbookId must be a playbook id' })
  playbookId?: string;

  @Field({
    nullable: true,
    defaultValue: false,
    description: 'Snoozed tasks (snoozedUntil in the future) are left out unless this is true.',
  })
  @IsOptional()
  @IsBoolean()
  includeSnoozed?: boolean;
}

@InputType()
export class CreateTaskInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'accountId must be an account id' })
  accountId: string;

  @Field()
  @SingleLineText(200)
  title: string;

  @Field(() => String, { nullable: true })
  @OptionalMultiLineText(4000)
  description?: string | null;

  @Field(() => TaskType, { defaultValue: TaskType.OTHER })
  @IsOptional()
  @IsEnum(TaskType)
  type?: TaskType;

  @Field(() => DateTimeScalar)
  dueAt: Date;

  @Field(() => ID, { nullable: true, description: "Default: the account's owner, else the caller." })
  @IsOptional()
  @IsUUID('all', { message: 'assigneeId must be a user id' })
  assigneeId?: string | null;

  @Field({ defaultValue: false })
  @IsOptional()
  @IsBoolean()
  touchesCustomer?: boolean;
}

@InputType()
export class UpdateTaskInput {
  @Field({ nullable: true })
  @IsOptional()
  @SingleLineText(200)
  title?: string;

  @Field(() => DateTimeScalar, { nullable: true })
  @IsOptional()
  dueAt?: Date;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'assigneeId must be a user id' })
  assigneeId?: string;

  @Field(() => TaskStatus, {
    nullable: true,
    description: 'DONE here records outcome DONE; use completeTask for another outcome.',
  })
  @IsOptional()
  @IsEnum(TaskStatus)
  status?: TaskStatus;
}
