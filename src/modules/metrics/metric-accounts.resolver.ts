import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { CurrentUser, Roles } from '../../common/auth/roles.decorator';
import { Principal } from '../../common/auth/principal';
import { Role } from '../../common/auth/role.enum';
import { MetricAccountsService } from './metric-accounts.service';
import { MetricsFilter, PeriodInput } from './dto/metrics.input';
import { MetricAccountConnectionModel, MetricFigure } from './models/metric-accounts.model';

@Resolver()
export class MetricAccountsResolver {
  constructor(private readonly drillDown: MetricAccountsService) {}

  @Query(() => MetricAccountConnectionModel, {
    description:
      'Drill-down: the accounts (and their movements) behind a retention figure in [from, to) for the same filter as retentionMetrics; totalCount and sumCents equal the figure. A CSM gets only their own book (another ownerId is FORBIDDEN).',
  })
  @Roles(Role.ADMIN, Role.MANAGER, Role.CSM)
  metricAccounts(
    @CurrentUser() p: Principal,
    @Args('period', { type: () => PeriodInput }) period: PeriodInput,
    @Args('figure', { type: () => MetricFigure }) figure: MetricFigure,
    @Args('filter', { type: () => MetricsFilter, nullable: true }) filter?: MetricsFilter,
    @Args('first', { type: () => Int, nullable: true, description: '1..500, default 50.' }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<MetricAccountConnectionModel> {
    return this.drillDown.metricAccounts(p, period, figure, filter, first, after);
  }
}
