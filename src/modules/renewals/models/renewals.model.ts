import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { CentsScalar } from '../../../common/scalars/cents.scalar';
import { DateScalar, DateTimeScalar } from '../../../common/scalars/date.scalar';
import { graphqlEnumOf, HealthBand, RiskBandEnum } from '../../../common/graphql/domain-enums';
import { RENEWAL_PRIORITIES, RenewalPriority as CoreRenewalPriority } from '../../../core/renewals/renewal-outcomes';

export const RenewalPriority = graphqlEnumOf(
  RENEWAL_PRIORITIES,
  'RenewalPriority',
  'AT_RISK: RED health or HIGH churn risk; WATCH: YELLOW or MEDIUM; OK: the rest.',
);
export type RenewalPriority = CoreRenewalPriority;

@ObjectType('RenewalPeriod', {
  description:
    'One bucket of renewals. Upcoming: stored renewal dates from today on. Past (before today): inferred annual anniversaries, outcome from MRR around the day (docs/metrics.md, "Renewals").',
})
export class RenewalPeriodModel {
  @Field(() => DateTimeScalar)
  periodStart: Date;
  @Field(() => DateTimeScalar)
  periodEnd: Date;

  @Field(() => Int, {
    description: 'Accounts (not churned) whose stored renewal date is in the bucket, from today on.',
  })
  upcomingCount: number;
  @Field(() => CentsScalar, { description: 'Their current MRR: the MRR up for renewal.' })
  upcomingMrrCents: number;
  @Field(() => Int, { description: 'Upcoming renewals with RED health or HIGH risk.' })
  atRiskCount: number;
  @Field(() => CentsScalar)
  atRiskMrrCents: number;
  @Field(() => Int, { description: 'Upcoming renewals with YELLOW health or MEDIUM risk (and not at risk).' })
  watchCount: number;
  @Field(() => CentsScalar)
  watchMrrCents: number;

  @Field(() => Int, { description: 'Past renewals due (a customer 30 days before the anniversary).' })
  dueCount: number;
  @Field(() => CentsScalar, { description: 'Their MRR 30 days before (the base).' })
  dueMrrCents: number;
  @Field(() => Int, { description: 'Due renewals still paying 30 days after (or now, when sooner).' })
  renewedCount: number;
  @Field(() => CentsScalar, { description: 'Their MRR after.' })
  renewedMrrCents: number;
  @Field(() => Int, { description: 'Due renewals paying nothing after.' })
  churnedCount: number;
  @Field(() => CentsScalar, { description: 'Their base MRR (lost).' })
  churnedMrrCents: number;
  @Field(() => Int, { description: 'Renewed above the base.' })
  expandedCount: number;
  @Field(() => CentsScalar, { description: 'Σ (after − base) of the expanded.' })
  expansionMrrCents: number;
  @Field(() => Int, { description: 'Renewed below the base.' })
  contractedCount: number;
  @Field(() => CentsScalar, { description: 'Σ (base − after) of the contracted.' })
  contractionMrrCents: number;
}

@ObjectType('UpcomingRenewal', { description: 'An account up for renewal, with its health and churn risk.' })
export class UpcomingRenewalModel {
  @Field(() => ID)
  accountId: string;
  @Field()
  name: string;
  @Field(() => String, { nullable: true })
  segment: string | null;
  @Field(() => String, { nullable: true })
  ownerName: string | null;
  @Field(() => DateScalar)
  renewalDate: string;
  @Field(() => CentsScalar, { description: 'Current MRR.' })
  mrrCents: number;
  @Field(() => HealthBand, { description: 'The band people see (override included); UNKNOWN without a score.' })
  band: HealthBand;
  @Field(() => Float, { nullable: true })
  score: number | null;
  @Field(() => RiskBandEnum, { nullable: true })
  riskBand: RiskBandEnum | null;
  @Field(() => Float, { nullable: true })
  riskProbability: number | null;
  @Field(() => RenewalPriority)
  priority: RenewalPriority;
}

@ObjectType('RenewalReport')
export class RenewalReportModel {
  @Field(() => [RenewalPeriodModel])
  periods: RenewalPeriodModel[];
  @Field(() => [UpcomingRenewalModel], {
    description:
      'Upcoming renewals of [from, to) from today on: AT_RISK first, then WATCH, then OK; each by date, then MRR (largest first); at most `upcomingLimit`.',
  })
  upcoming: UpcomingRenewalModel[];
  @Field(() => Int, { description: 'All upcoming renewals of [from, to) (the list may be cut at `upcomingLimit`).' })
  upcomingCount: number;
}
