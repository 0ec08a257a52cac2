import { Field, Float, ID, InputType, Int, registerEnumType } from '@nestjs/graphql';
import { HealthBand, RedFlagTypeEnum, RiskBandEnum, TrendDirection } from '../../../common/graphql/domain-enums';
import {
  IsBoolean,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import { DateScalar, DateTimeScalar } from '../../../common/scalars/date.scalar';
import { AccountStatusEnum } from '../models/account.model';
import { NOT_BLANK_RE, SINGLE_LINE_RE } from '../../../core/text-rules';
import { SingleLineText, OptionalSingleLineText } from '../../../common/validation/text-field.decorators';

@InputType()
export class CreateAccountInput {
  @Field()
  @SingleLineText(200)
  externalId: string;

  @Field()
  @SingleLineText(300)
  name: string;

  @Field(() => String, { nullable: true })
  @OptionalSingleLineText(100)
  segment?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'ownerId must be a user id' })
  ownerId?: string | null;

  @Field(() => DateTimeScalar, { nullable: true })
  @IsOptional()
  customerSince?: Date | null;

  @Field(() => DateScalar, { nullable: true })
  @IsOptional()
  renewalDate?: string | null;

  @Field(() => String, { nullable: true })
  @OptionalSingleLineText(100)
  industry?: string | null;
}

/** Every field optional; an explicit null clears segment, owner, customerSince, renewalDate or industry. */
@InputType()
export class UpdateAccountInput {
  @Field({ nullable: true })
  @ValidateIf((_o, v) => v !== undefined)
  @IsString({ message: 'externalId must be a string (it cannot be cleared)' })
  @Length(1, 200)
  @Matches(NOT_BLANK_RE, { message: 'externalId must not be blank' })
  @Matches(SINGLE_LINE_RE, { message: 'externalId must not contain control characters' })
  externalId?: string;

  @Field({ nullable: true })
  @ValidateIf((_o, v) => v !== undefined)
  @IsString({ message: 'name must be a string (it cannot be cleared)' })
  @Length(1, 300)
  @Matches(NOT_BLANK_RE, { message: 'name must not be blank' })
  @Matches(SINGLE_LINE_RE, { message: 'name must not contain control characters' })
  name?: string;

  @Field(() => String, { nullable: true })
  @OptionalSingleLineText(100)
  segment?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'ownerId must be a user id' })
  ownerId?: string | null;

  @Field(() => DateTimeScalar, { nullable: true })
  @IsOptional()
  customerSince?: Date | null;

  @Field(() => DateScalar, { nullable: true })
  @IsOptional()
  renewalDate?: string | null;

  @Field(() => String, { nullable: true })
  @OptionalSingleLineText(100)
  industry?: string | null;
}

/** A past day's band: the account's stored daily health history on `day` says `band` (Portfolio health's bars). */
@InputType()
export class BandOnDayInput {
  @Field(() => DateScalar, { description: 'A UTC calendar day.' })
  day: string;

  @Field(() => HealthBand, { description: 'The computed band stored for that day (overrides are not in the history).' })
  band: HealthBand;
}

@InputType()
export class AccountFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  ownerId?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(0, 100)
  segment?: string;

  @Field(() => AccountStatusEnum, { nullable: true })
  @IsOptional()
  status?: AccountStatusEnum;

  @Field(() => DateScalar, { nullable: true, description: 'Accounts whose renewal date is before this date.' })
  @IsOptional()
  renewalBefore?: string;

  @Field(() => DateScalar, { nullable: true, description: 'Accounts renewing on or after this date.' })
  @IsOptional()
  renewalFrom?: string;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'Accounts renewing before this date ([renewalFrom, renewalTo)).',
  })
  @IsOptional()
  renewalTo?: string;

  @Field(() => Int, {
    nullable: true,
    description: 'Accounts renewing between today and today + N days (UTC, both included); 0..1100.',
  })
  @IsOptional()
  @IsInt({ message: 'renewalWithinDays must be a whole number of days' })
  @Min(0, { message: 'renewalWithinDays must be between 0 and 1100' })
  @Max(1100, { message: 'renewalWithinDays must be between 0 and 1100' })
  renewalWithinDays?: number;

  @Field({ nullable: true, description: 'true: accounts with at least one active red flag; false: none.' })
  @IsOptional()
  @IsBoolean()
  hasRedFlag?: boolean;

  @Field({ nullable: true, description: 'Case-insensitive substring of the name or externalId.' })
  @IsOptional()
  @IsString()
  @Length(0, 200)
  search?: string;

  @Field(() => HealthBand, { nullable: true, description: 'Accounts whose health band (override included) is this.' })
  @IsOptional()
  band?: HealthBand;

  @Field(() => Float, { nullable: true, description: 'Computed health score at least this.' })
  @IsOptional()
  @IsNumber({}, { message: 'minScore must be a number' })
  minScore?: number;

  @Field(() => Float, { nullable: true, description: 'Computed health score at most this.' })
  @IsOptional()
  @IsNumber({}, { message: 'maxScore must be a number' })
  maxScore?: number;

  @Field(() => RedFlagTypeEnum, { nullable: true, description: 'Accounts with this red flag active.' })
  @IsOptional()
  hasFlag?: string;

  @Field(() => TrendDirection, { nullable: true, description: 'Accounts whose 7-day health trend is this.' })
  @IsOptional()
  trend?: TrendDirection;

  @Field(() => Float, {
    nullable: true,
    description: 'Accounts whose current churn probability is at least this (0..1); unscored accounts are excluded.',
  })
  @IsOptional()
  @IsNumber({}, { message: 'minRisk must be a number' })
  @Min(0, { message: 'minRisk must be between 0 and 1' })
  @Max(1, { message: 'minRisk must be between 0 and 1' })
  minRisk?: number;

  @Field(() => RiskBandEnum, { nullable: true, description: 'Accounts in this churn-risk band.' })
  @IsOptional()
  riskBand?: RiskBandEnum;

  @Field(() => BandOnDayInput, {
    nullable: true,
    description:
      "Accounts whose health history on that day has that band (a bar of portfolioHealth's weekly band mix).",
  })
  @IsOptional()
  bandOn?: BandOnDayInput;

  @Field({
    nullable: true,
    description:
      'true: MRR at risk — not churned, and the band people see is RED or the churn-risk band is HIGH (either); false: the rest.',
  })
  @IsOptional()
  @IsBoolean()
  atRisk?: boolean;
}

export enum AccountOrder {
  NAME_ASC = 'NAME_ASC',
  NAME_DESC = 'NAME_DESC',
  MRR_DESC = 'MRR_DESC',
  MRR_ASC = 'MRR_ASC',
  RENEWAL_ASC = 'RENEWAL_ASC',
  CUSTOMER_SINCE_DESC = 'CUSTOMER_SINCE_DESC',
  CREATED_DESC = 'CREATED_DESC',
  /** Lowest health first; accounts without a score last. */
  HEALTH_ASC = 'HEALTH_ASC',
  /** Highest health first; accounts without a score last. */
  HEALTH_DESC = 'HEALTH_DESC',
  /** Highest churn probability first; accounts without a risk score last. */
  RISK_DESC = 'RISK_DESC',
  /** Lowest churn probability first; accounts without a risk score last. */
  RISK_ASC = 'RISK_ASC',
  /** Latest renewal first; accounts without a renewal date last. */
  RENEWAL_DESC = 'RENEWAL_DESC',
  /** Biggest 7-day health fall first; accounts without a 7-day change last. */
  CHANGE_7D_ASC = 'CHANGE_7D_ASC',
  /** Biggest 7-day health rise first; accounts without a 7-day change last. */
  CHANGE_7D_DESC = 'CHANGE_7D_DESC',
}
registerEnumType(AccountOrder, { name: 'AccountOrder' });
