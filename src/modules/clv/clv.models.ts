import { Field, Float, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { CentsScalar } from '../../common/scalars/cents.scalar';
import { DateTimeScalar } from '../../common/scalars/date.scalar';

export enum ClvMethodEnum {
  SBG = 'SBG',
  FORMULA = 'FORMULA',
}
registerEnumType(ClvMethodEnum, {
  name: 'ClvMethod',
  description:
    'SBG: shifted-beta-geometric fitted on the monthly cohorts of the segment; FORMULA: too little history (< 6 cohorts or < 30 customers), ARPA × margin / monthly churn.',
});

@ObjectType('AccountClv')
export class AccountClvModel {
  @Field(() => CentsScalar, {
    nullable: true,
    description:
      'SBG: MRR × GROSS_MARGIN × DERL (monthly discount from DISCOUNT_RATE). FORMULA: MRR × margin / monthly churn; null when the segment had no churn.',
  })
  valueCents: number | null;
  @Field(() => ClvMethodEnum)
  method: ClvMethodEnum;
  @Field(() => Float, {
    nullable: true,
    description:
      'Undiscounted expected remaining lifetime in months (SBG: truncated at 600 months; FORMULA: 1 / churn, null when churn is 0).',
  })
  expectedLifetimeMonths: number | null;
  @Field(() => Int, { description: 'Renewals so far: whole months since the month of the first NEW movement.' })
  renewals: number;
}

@ObjectType('RetentionPoint')
export class RetentionPointModel {
  @Field(() => Int)
  month: number;
  @Field(() => Float, {
    description: 'Projected share of a new cohort still a customer after this many months; S(0) = 1.',
  })
  survival: number;
}

@ObjectType('RetentionForecast')
export class RetentionForecastModel {
  @Field(() => String, { nullable: true, description: 'null: all accounts pooled.' })
  segment: string | null;
  @Field(() => ClvMethodEnum)
  method: ClvMethodEnum;
  @Field(() => Float, { nullable: true })
  alpha: number | null;
  @Field(() => Float, { nullable: true })
  beta: number | null;
  @Field(() => Int, { description: 'Monthly sign-up cohorts in the fit.' })
  cohortsUsed: number;
  @Field(() => Int, { description: 'Customers in those cohorts.' })
  customers: number;
  @Field(() => Float, { nullable: true, description: 'Churned / customer-months over the last 12 full months.' })
  monthlyChurn: number | null;
  @Field(() => [RetentionPointModel], { description: 'months + 1 points: S(0) = 1, S(1) … S(months).' })
  survival: RetentionPointModel[];
  @Field(() => DateTimeScalar)
  fittedAt: Date;
  @Field(() => String, { nullable: true })
  note: string | null;
}
