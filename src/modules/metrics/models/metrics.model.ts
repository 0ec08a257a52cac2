import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { CentsScalar } from '../../../common/scalars/cents.scalar';
import { DateScalar, DateTimeScalar } from '../../../common/scalars/date.scalar';
import { UserModel } from '../../users/models/user.model';
import { CsCostCategory } from '../dto/metrics.input';

const PCT = 'percent, unrounded (7.5 means 7.5 %)';

@ObjectType('RetentionMetrics', { description: 'Retention metrics for [from, to); definitions in docs/metrics.md.' })
export class RetentionMetricsModel {
  @Field(() => DateTimeScalar)
  from: Date;
  @Field(() => DateTimeScalar)
  to: Date;
  @Field(() => Float, { description: 'Length of the period in days.' })
  days: number;

  @Field(() => Int, { description: '|S|: customers with MRR > 0 just before from.' })
  customersAtStart: number;
  @Field(() => Int, { description: '|E|: customers with MRR > 0 just before to.' })
  customersAtEnd: number;
  @Field(() => Int, { description: 'Customers with a NEW movement in the period.' })
  newCustomers: number;
  @Field(() => Int, { description: '|N|: NEW customers plus customers reactivated while not in S.' })
  acquiredCustomers: number;
  @Field(() => Int, { description: 'Distinct customers with a CHURN movement in the period (in S or not).' })
  churnedCustomers: number;
  @Field(() => Int, { description: 'Distinct customers with a REACTIVATION movement in the period.' })
  reactivatedCustomers: number;
  @Field(() => Int, { description: 'Customers with MRR > 0 at some instant of the period (CRC denominator).' })
  customersServed: number;

  @Field(() => Float, { nullable: true, description: `churned / |S|; ${PCT}; null when S is empty.` })
  churnRate: number | null;
  @Field(() => Float, {
    nullable: true,
    description: `Customer retention rate as the seed defines it, with counts: (|E| − |N|) / |S| (customers at the end minus those acquired in the period, over customers at the start); ${PCT}; null when S is empty. Can be negative.`,
  })
  crr: number | null;
  @Field(() => Float, {
    nullable: true,
    description: `Logo retention: start customers still active at the end, |E − N| / |S| (set difference); ${PCT}; null when S is empty.`,
  })
  logoRetentionRate: number | null;

  @Field(() => CentsScalar)
  startMrrCents: number;
  @Field(() => CentsScalar)
  newMrrCents: number;
  @Field(() => CentsScalar)
  expansionMrrCents: number;
  @Field(() => CentsScalar)
  contractionMrrCents: number;
  @Field(() => CentsScalar)
  churnedMrrCents: number;
  @Field(() => CentsScalar)
  reactivationMrrCents: number;
  @Field(() => CentsScalar, { description: 'start + new + expansion + reactivation − contraction − churn.' })
  endMrrCents: number;
  @Field(() => CentsScalar, { description: 'end − start (may be negative).' })
  netNewMrrCents: number;

  @Field(() => Float, {
    nullable: true,
    description: `Net revenue retention of the start cohort; ${PCT}; null when start MRR is 0.`,
  })
  nrr: number | null;
  @Field(() => Float, {
    nullable: true,
    description: `Gross revenue retention (0..100); ${PCT}; null when start MRR is 0.`,
  })
  grr: number | null;
  @Field(() => CentsScalar)
  startArrCents: number;
  @Field(() => CentsScalar)
  endArrCents: number;
  @Field(() => Float, { nullable: true, description: `${PCT}; null when start ARR is 0.` })
  arrGrowth: number | null;
  @Field(() => Float, {
    nullable: true,
    description: `End MRR vs the MRR one quarter before to; ${PCT}; null when that is 0.`,
  })
  mrrGrowthQoq: number | null;
  @Field(() => Float, {
    nullable: true,
    description: `End MRR vs the MRR one year before to; ${PCT}; null when that is 0.`,
  })
  mrrGrowthYoy: number | null;
  @Field(() => Float, {
    nullable: true,
    description: '(new + expansion + reactivation) / (contraction + churn); null when nothing was lost.',
  })
  quickRatio: number | null;
  @Field(() => CentsScalar, { nullable: true, description: 'End MRR / |E| (nearest cent); null when E is empty.' })
  arpaCents: number | null;
  @Field(() => CentsScalar, {
    nullable: true,
    description: 'ARPA × GROSS_MARGIN × expected lifetime in months (1 / monthly churn); null when no churn.',
  })
  clvCents: number | null;
  @Field(() => CentsScalar, {
    nullable: true,
    description:
      'CS costs prorated by days into the period; with a segment/owner filter, the share of the customers served (null when nobody at all was served).',
  })
  csCostCents: number | null;
  @Field(() => CentsScalar, {
    nullable: true,
    description: 'Customer retention cost = csCost / customersServed; null when nobody was served.',
  })
  crcCents: number | null;
  @Field(() => Float, {
    nullable: true,
    description: `End MRR of start customers / end MRR; ${PCT}; null when end MRR is 0.`,
  })
  existingRevenueShare: number | null;
  @Field(() => Float, {
    nullable: true,
    description: 'NPS (−100..100) of responses given in the period; null when none.',
  })
  nps: number | null;
  @Field(() => Int, { description: 'NPS responses given in the period.' })
  npsResponses: number;
}

@ObjectType('MrrBucket', {
  description:
    'One bucket of the MRR waterfall; end = start + new + expansion + reactivation − contraction − churn = next start.',
})
export class MrrBucketModel {
  @Field(() => DateTimeScalar, { description: 'Inclusive start: from for the first bucket, then calendar starts.' })
  periodStart: Date;
  @Field(() => DateTimeScalar, { description: 'Exclusive end: the next bucket start, or to.' })
  periodEnd: Date;
  @Field(() => CentsScalar)
  start: number;
  @Field(() => CentsScalar)
  new: number;
  @Field(() => CentsScalar)
  expansion: number;
  @Field(() => CentsScalar)
  contraction: number;
  @Field(() => CentsScalar)
  churn: number;
  @Field(() => CentsScalar)
  reactivation: number;
  @Field(() => CentsScalar)
  end: number;
}

@ObjectType('CohortPeriod')
export class CohortPeriodModel {
  @Field(() => Int, { description: '0 = the cohort’s own period.' })
  index: number;
  @Field(() => DateTimeScalar)
  periodStart: Date;
  @Field(() => DateTimeScalar)
  periodEnd: Date;
  @Field(() => Int, { description: 'Cohort customers with MRR > 0 just before periodEnd.' })
  activeCustomers: number;
  @Field(() => Float, { nullable: true, description: `active / size; ${PCT}.` })
  logoRetention: number | null;
  @Field(() => CentsScalar, { description: 'Cohort MRR just before periodEnd.' })
  mrrCents: number;
  @Field(() => Float, { nullable: true, description: `MRR / base MRR (period 0); ${PCT}; null when base MRR is 0.` })
  mrrRetention: number | null;
}

@ObjectType('CohortRow')
export class CohortRowModel {
  @Field(() => DateTimeScalar, { description: 'Start of the cohort’s calendar month/quarter.' })
  cohortStart: Date;
  @Field(() => Int, { description: 'Customers whose customerSince falls in the cohort’s period.' })
  size: number;
  @Field(() => CentsScalar, { description: 'Cohort MRR at the end of its first period.' })
  baseMrrCents: number;
  @Field(() => [CohortPeriodModel], { description: 'Complete periods only (end ≤ min(to, now)).' })
  periods: CohortPeriodModel[];
}

@ObjectType('CsmHealthMix')
export class CsmHealthMixModel {
  @Field(() => Int)
  green: number;
  @Field(() => Int)
  yellow: number;
  @Field(() => Int)
  red: number;
  @Field(() => Int)
  unknown: number;
}

@ObjectType('CsmMetrics', {
  description: 'One CSM’s book over a period (attribution by the current owner of each account).',
})
export class CsmMetricsModel {
  @Field(() => UserModel)
  owner: UserModel;
  @Field(() => Int, { description: 'Accounts the user owns now (any status).' })
  accounts: number;
  @Field(() => Int, { description: 'Customers with MRR > 0 just before to.' })
  activeCustomers: number;
  @Field(() => CentsScalar, { description: 'MRR just before from.' })
  startMrrCents: number;
  @Field(() => CentsScalar, { description: 'MRR just before to.' })
  mrrCents: number;
  @Field(() => Float, { nullable: true, description: `${PCT}; null when the book had no customer at from.` })
  churnRate: number | null;
  @Field(() => Float, { nullable: true, description: PCT })
  nrr: number | null;
  @Field(() => Float, { nullable: true, description: PCT })
  grr: number | null;
  @Field(() => Float, {
    nullable: true,
    description: 'Mean current health score of the owned accounts that have one; null when none.',
  })
  averageHealth: number | null;
  @Field(() => Float, { nullable: true, description: 'NPS of the responses given in the period; null when none.' })
  nps: number | null;
  @Field(() => CentsScalar, {
    description:
      'Churned MRR in the period: the MRR lost by customers of the book who churned in [from, to) (as churnedMrrCents of retentionMetrics).',
  })
  churnedMrrCents: number;
  @Field(() => CsmHealthMixModel, {
    description:
      'Live (not churned) accounts owned now, by the band people see (override included) — now, not as of the period.',
  })
  healthMix: CsmHealthMixModel;
  @Field(() => Int, { description: 'Tasks assigned to the user and completed (DONE) in [from, to).' })
  tasksCompleted: number;
  @Field(() => Int, { description: 'Of tasksCompleted, those completed by their due time (completedAt ≤ dueAt).' })
  tasksCompletedOnTime: number;
  @Field(() => Float, {
    nullable: true,
    description: `${PCT}: tasksCompletedOnTime / tasksCompleted (every task has a due time); null when none was completed.`,
  })
  onTimeShare: number | null;
  @Field(() => Int, {
    description:
      'Tasks assigned to the user that were overdue at the end of the period (T = min(to, now)): created before T, due before T, and still open at T (open now, or completed at or after T). Cancelled tasks are left out (their cancel time is not recorded).',
  })
  tasksOverdue: number;
  @Field(() => CentsScalar, {
    nullable: true,
    description:
      'CS costs of the period allocated to the book by its share of customers served (costs are company-wide; docs/metrics.md); null when nobody was served.',
  })
  csCostCents: number | null;
  @Field(() => CentsScalar, {
    nullable: true,
    description:
      'CRC = csCostCents / customersServed of the book (nearest cent); null without costs or customers served.',
  })
  crcCents: number | null;
  @Field(() => Int, { description: 'Customers of the book active at some instant of [from, to).' })
  customersServed: number;
}

@ObjectType('CsCost')
export class CsCostModel {
  @Field(() => ID)
  id: string;
  @Field(() => DateScalar)
  periodStart: string;
  @Field(() => DateScalar)
  periodEnd: string;
  @Field(() => CentsScalar)
  amountCents: number;
  @Field(() => CsCostCategory)
  category: CsCostCategory;
  @Field(() => String, { nullable: true })
  note: string | null;
  @Field(() => DateTimeScalar)
  recordedAt: Date;
}

@ObjectType('ChurnReasonCount')
export class ChurnReasonCountModel {
  @Field()
  reason: string;
  @Field(() => Int)
  count: number;
}
