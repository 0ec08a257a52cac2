import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { DateTimeScalar } from '../../../common/scalars/date.scalar';
import { FeedbackSource, Sentiment } from '../models/feedback.model';
import { NOT_BLANK_RE, SINGLE_LINE_RE, MULTI_LINE_TEXT_RE } from '../../../core/text-rules';
import { OptionalSingleLineText, OptionalMultiLineText } from '../../../common/validation/text-field.decorators';

export const MAX_TEXT_LENGTH = 10_000;
export const MAX_TAGS = 20;
export const MAX_TAG_LENGTH = 50;

@InputType()
export class RecordNpsInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'accountId must be an account id' })
  accountId: string;

  @Field(() => Int, { description: '0..10' })
  @IsInt({ message: 'score must be an integer from 0 to 10' })
  @Min(0, { message: 'score must be an integer from 0 to 10' })
  @Max(10, { message: 'score must be an integer from 0 to 10' })
  score: number;

  @Field(() => String, { nullable: true })
  @OptionalMultiLineText(MAX_TEXT_LENGTH)
  comment?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsEmail({}, { message: 'respondentEmail must be an e-mail address' })
  @MaxLength(320)
  respondentEmail?: string | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'Defaults to now; not in the future (5 minutes of clock skew allowed).',
  })
  @IsOptional()
  respondedAt?: Date | null;
}

@InputType()
export class RecordCsatInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'accountId must be an account id' })
  accountId: string;

  @Field(() => Int, { description: '1..5' })
  @IsInt({ message: 'score must be an integer from 1 to 5' })
  @Min(1, { message: 'score must be an integer from 1 to 5' })
  @Max(5, { message: 'score must be an integer from 1 to 5' })
  score: number;

  @Field(() => String, { nullable: true })
  @OptionalMultiLineText(MAX_TEXT_LENGTH)
  comment?: string | null;

  @Field(() => String, { nullable: true, description: 'What was rated, e.g. "Support ticket" (≤ 100 characters).' })
  @OptionalSingleLineText(100)
  topic?: string | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'Defaults to now; not in the future (5 minutes of clock skew allowed).',
  })
  @IsOptional()
  respondedAt?: Date | null;
}

@InputType()
export class RecordFeedbackInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'accountId must be an account id' })
  accountId: string;

  @Field({ description: `The verbatim, 1..${MAX_TEXT_LENGTH} characters.` })
  @IsString()
  @Length(1, MAX_TEXT_LENGTH, { message: `text must be 1 to ${MAX_TEXT_LENGTH} characters long` })
  @Matches(NOT_BLANK_RE, { message: 'text must not be blank' })
  @Matches(MULTI_LINE_TEXT_RE, { message: 'text must not contain control characters' })
  text: string;

  @Field(() => FeedbackSource, { nullable: true, description: 'Where it came from; OTHER when not given.' })
  @IsOptional()
  @IsEnum(FeedbackSource)
  source?: FeedbackSource | null;

  @Field(() => Sentiment, { nullable: true, description: 'null when unknown.' })
  @IsOptional()
  @IsEnum(Sentiment)
  sentiment?: Sentiment | null;

  @Field(() => [String], {
    nullable: true,
    description: `At most ${MAX_TAGS} tags of 1..${MAX_TAG_LENGTH} characters; trimmed, lower-cased and de-duplicated.`,
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_TAGS, { message: `at most ${MAX_TAGS} tags` })
  @IsString({ each: true })
  @Transform(({ value }) => (Array.isArray(value) ? value.map((t) => (typeof t === 'string' ? t.trim() : t)) : value))
  @Length(1, MAX_TAG_LENGTH, {
    each: true,
    message: `each tag must be 1 to ${MAX_TAG_LENGTH} characters (after trimming)`,
  })
  @Matches(SINGLE_LINE_RE, { each: true, message: 'tags must not contain control characters' })
  tags?: string[] | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description:
      'When the customer said it (the call, the e-mail…); defaults to now; not in the future (5 minutes of skew).',
  })
  @IsOptional()
  occurredAt?: Date | null;
}

@InputType()
export class NpsSummaryFilter {
  @Field(() => DateTimeScalar, { nullable: true, description: 'Responses at or after this instant.' })
  @IsOptional()
  from?: Date | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'Responses strictly before this instant (half-open [from, to)).',
  })
  @IsOptional()
  to?: Date | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(0, 100)
  segment?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'ownerId must be a user id' })
  ownerId?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'accountId must be an account id' })
  accountId?: string | null;
}
