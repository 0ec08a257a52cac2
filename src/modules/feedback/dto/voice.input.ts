import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { IsEnum, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { DateTimeScalar } from '../../../common/scalars/date.scalar';
import { OptionalSingleLineText } from '../../../common/validation/text-field.decorators';
import { FeedbackKind, NpsCategory } from '../models/feedback.model';

/** Whose feedback a voice-of-the-customer figure covers (all optional, combined with AND). */
@InputType()
export class VoiceFilter {
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

/** CSAT over a period: the VoiceFilter conditions and the half-open [from, to) of the responses. */
@InputType()
export class CsatFilter extends VoiceFilter {
  @Field(() => DateTimeScalar, { nullable: true, description: 'Responses at or after this instant.' })
  @IsOptional()
  from?: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Responses strictly before this instant.' })
  @IsOptional()
  to?: Date | null;
}

/** The verbatim feed's filters: the VoiceFilter ones, plus kind, score and text. */
@InputType()
export class VerbatimFilter extends VoiceFilter {
  @Field(() => FeedbackKind, { nullable: true, description: 'Only NPS comments, CSAT comments or notes.' })
  @IsOptional()
  @IsEnum(FeedbackKind)
  kind?: FeedbackKind | null;

  @Field(() => NpsCategory, { nullable: true, description: 'Only NPS comments of this category.' })
  @IsOptional()
  @IsEnum(NpsCategory)
  npsCategory?: NpsCategory | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Score at least this (0..10; NPS on 0..10, CSAT on 1..5). Notes (no score) are left out.',
  })
  @IsOptional()
  @IsInt({ message: 'minScore must be an integer from 0 to 10' })
  @Min(0, { message: 'minScore must be an integer from 0 to 10' })
  @Max(10, { message: 'minScore must be an integer from 0 to 10' })
  minScore?: number | null;

  @Field(() => Int, { nullable: true, description: 'Score at most this (0..10). Notes (no score) are left out.' })
  @IsOptional()
  @IsInt({ message: 'maxScore must be an integer from 0 to 10' })
  @Min(0, { message: 'maxScore must be an integer from 0 to 10' })
  @Max(10, { message: 'maxScore must be an integer from 0 to 10' })
  maxScore?: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'Words the text contains (case-insensitive; % and _ are matched literally), ≤ 200 characters.',
  })
  @OptionalSingleLineText(200)
  search?: string | null;
}
