import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentUser, Roles } from '../../common/auth/roles.decorator';
import { Principal } from '../../common/auth/principal';
import { Role } from '../../common/auth/role.enum';
import { DateScalar } from '../../common/scalars/date.scalar';
import { CohortRetentionRow } from '../../core/metrics';
import { MetricsService } from './metrics.service';
import { CsmScorecardService } from './csm-scorecard.service';
import { CohortInterval, MetricsFilter, MetricsInterval, PeriodInput, RecordCsCostInput } from './dto/metrics.input';
import {
  ChurnReasonCountModel,
  CohortRowModel,
  CsCostModel,
  CsmMetricsModel,
  MrrBucketModel,
  RetentionMetricsModel,
} from './models/metrics.model';

const READERS = [Role.ADMIN, Role.MANAGER, Role.CSM];
const CSM_NOTE = 'A CSM gets only their own book (ownerId forced to the caller; another ownerId is FORBIDDEN).';

@Resolver()
export class MetricsResolver {
  constructor(
    private readonly metrics: MetricsService,
    private readonly scorecard: CsmScorecardService,
  ) {}

  @Query(() => RetentionMetricsModel, {
    description: `Retention metrics for the period [from, to) (UTC); see docs/metrics.md. ${CSM_NOTE}`,
  })
  @Roles(...READERS)
  retentionMetrics(
    @CurrentUser() p: Principal,
    @Args('period', { type: () => PeriodInput }) period: PeriodInput,
    @Args('filter', { type: () => MetricsFilter, nullable: true }) filter?: MetricsFilter,
  ): Promise<RetentionMetricsModel> {
    return this.metrics.retentionMetrics(p, period, filter);
  }

  @Query(() => [MrrBucketModel], {
    description: `MRR waterfall of [from, to) cut at calendar boundaries; each end is the next start. ${CSM_NOTE}`,
  })
  @Roles(...READERS)
  mrrMovements(
    @CurrentUser() p: Principal,
    @Args('from', { type: () => DateScalar }) from: string,
    @Args('to', { type: () => DateScalar }) to: string,
    @Args('interval', { type: () => MetricsInterval, nullable: true, defaultValue: MetricsInterval.MONTH })
    interval: MetricsInterval,
    @Args('filter', { type: () => MetricsFilter, nullable: true }) filter?: MetricsFilter,
  ): Promise<MrrBucketModel[]> {
    return this.metrics.mrrMovements(p, from, to, interval, filter);
  }

  @Query(() => [CohortRowModel], {
    description: `Cohorts of customers by customerSince in [from, to), with logo and MRR retention per later period. ${CSM_NOTE}`,
  })
  @Roles(...READERS)
  async cohortRetention(
    @CurrentUser() p: Principal,
    @Args('from', { type: () => DateScalar }) from: string,
    @Args('to', { type: () => DateScalar }) to: string,
    @Args('interval', { type: () => CohortInterval, nullable: true, defaultValue: CohortInterval.MONTH })
    interval: CohortInterval,
    @Args('filter', { type: () => MetricsFilter, nullable: true }) filter?: MetricsFilter,
  ): Promise<CohortRowModel[]> {
    const rows: CohortRetentionRow[] = await this.metrics.cohortRetention(p, from, to, interval, filter);
    return rows.map((r) => ({
      cohortStart: r.cohortStart,
      size: r.size,
      baseMrrCents: r.baseMrrCents,
      periods: r.periods.map((c) => ({
        index: c.index,
        periodStart: c.periodStart,
        periodEnd: c.periodEnd,
        activeCustomers: c.activeCustomers,
        logoRetention: c.logoRetentionPct,
        mrrCents: c.mrrCents,
        mrrRetention: c.mrrRetentionPct,
      })),
    }));
  }

  @Query(() => [CsmMetricsModel], {
    description:
      'Per account owner: book size, MRR, churn, churned MRR, NRR, GRR, health mix, average health, NPS, tasks completed / on time / overdue, CS cost and CRC (definitions in docs/metrics.md). A CSM sees only their own row.',
  })
  @Roles(...READERS)
  csmScorecard(
    @CurrentUser() p: Principal,
    @Args('period', { type: () => PeriodInput }) period: PeriodInput,
  ): Promise<CsmMetricsModel[]> {
    return this.scorecard.csmScorecard(p, period);
  }

  @Query(() => [ChurnReasonCountModel], {
    description: `Churn reasons recorded in [from, to), most frequent first. ${CSM_NOTE}`,
  })
  @Roles(...READERS)
  churnReasons(
    @CurrentUser() p: Principal,
    @Args('period', { type: () => PeriodInput }) period: PeriodInput,
    @Args('filter', { type: () => MetricsFilter, nullable: true }) filter?: MetricsFilter,
  ): Promise<ChurnReasonCountModel[]> {
    return this.metrics.churnReasons(p, period, filter);
  }

  @Mutation(() => CsCostModel, {
    description: 'Records a company-wide customer-success cost for the days [periodStart, periodEnd) (MANAGER/ADMIN).',
  })
  @Roles(Role.ADMIN, Role.MANAGER)
  recordCsCost(@CurrentUser() p: Principal, @Args('input') input: RecordCsCostInput): Promise<CsCostModel> {
    return this.metrics.recordCsCost(p, input);
  }
}
