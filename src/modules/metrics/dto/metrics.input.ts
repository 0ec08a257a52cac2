import { Field, ID, InputType, registerEnumType } from '@nestjs/graphql';
import { IsEnum, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { CentsScalar } from '../../../common/scalars/cents.scalar';
import { DateScalar } from '../../../common/scalars/date.scalar';
import { MULTI_LINE_TEXT_RE } from '../../../core/text-rules';

export enum MetricsInterval {
  MONTH = 'MONTH',
  QUARTER = 'QUARTER',
  YEAR = 'YEAR',
}
registerEnumType(MetricsInterval, { name: 'MetricsInterval', description: 'Calendar buckets (UTC).' });

export enum CohortInterval {
  MONTH = 'MONTH',
  QUARTER = 'QUARTER',
}
registerEnumType(CohortInterval, {
  name: 'CohortInterval',
  description: 'Cohort grouping by customerSince (UTC calendar).',
});

export enum CsCostCategory {
  STAFF = 'STAFF',
  TOOLS = 'TOOLS',
  PROGRAMS = 'PROGRAMS',
  SERVICES = 'SERVICES',
  MARKETING = 'MARKETING',
  OTHER = 'OTHER',
}
registerEnumType(CsCostCategory, { name: 'CsCostCategory' });

/** A half-open UTC period [from, to) of calendar dates (from 00:00Z to 00:00Z). */
@InputType()
export class PeriodInput {
  @Field(() => DateScalar, { description: 'Inclusive (00:00 UTC of this day).' })
  from: string;

  @Field(() => DateScalar, { description: 'Exclusive (00:00 UTC of this day); after from, at most 10 years later.' })
  to: string;
}

@InputType()
export class MetricsFilter {
  @Field(() => String, { nullable: true, description: 'Only accounts of this segment.' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  segment?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'Only accounts owned by this user (a CSM may only give their own id).',
  })
  @IsOptional()
  @IsUUID('all', { message: 'ownerId must be a user id' })
  ownerId?: string | null;
}

@InputType()
export class RecordCsCostInput {
  @Field(() => DateScalar, { description: 'First day covered.' })
  periodStart: string;

  @Field(() => DateScalar, { description: 'Day after the last day covered (exclusive).' })
  periodEnd: string;

  @Field(() => CentsScalar)
  @IsInt()
  @Min(0, { message: 'amountCents must not be negative' })
  @Max(Number.MAX_SAFE_INTEGER, { message: 'amountCents is too large' })
  amountCents: number;

  @Field(() => CsCostCategory)
  @IsEnum(CsCostCategory)
  category: CsCostCategory;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(0, 2000)
  @Matches(MULTI_LINE_TEXT_RE, { message: 'note must not contain control characters' })
  note?: string | null;
}
