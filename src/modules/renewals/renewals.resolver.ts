import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { CurrentUser, Roles } from '../../common/auth/roles.decorator';
import { Principal } from '../../common/auth/principal';
import { Role } from '../../common/auth/role.enum';
import { DateScalar } from '../../common/scalars/date.scalar';
import { MetricsFilter, MetricsInterval } from '../metrics/dto/metrics.input';
import { RenewalsService } from './renewals.service';
import { RenewalReportModel } from './models/renewals.model';

@Resolver()
export class RenewalsResolver {
  constructor(private readonly renewalsService: RenewalsService) {}

  @Query(() => RenewalReportModel, {
    description:
      'Renewals in [from, to) by calendar bucket: MRR up for renewal with health and risk (stored renewal dates from today on), and for past days the inferred renewals renewed, churned, expanded and contracted (docs/metrics.md, "Renewals"). A CSM gets only their own book (another ownerId is FORBIDDEN).',
  })
  @Roles(Role.ADMIN, Role.MANAGER, Role.CSM)
  renewals(
    @CurrentUser() p: Principal,
    @Args('from', { type: () => DateScalar }) from: string,
    @Args('to', { type: () => DateScalar }) to: string,
    @Args('interval', { type: () => MetricsInterval, nullable: true, defaultValue: MetricsInterval.MONTH })
    interval: MetricsInterval | null,
    @Args('filter', { type: () => MetricsFilter, nullable: true }) filter?: MetricsFilter,
    @Args('upcomingLimit', {
      type: () => Int,
      nullable: true,
      description: 'Most upcoming renewals listed, 0..500, default 200.',
    })
    upcomingLimit?: number,
  ): Promise<RenewalReportModel> {
    return this.renewalsService.renewals(p, from, to, interval, filter, upcomingLimit);
  }
}
