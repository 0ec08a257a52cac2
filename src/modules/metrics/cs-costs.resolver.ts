import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { Roles } from '../../common/auth/roles.decorator';
import { Role } from '../../common/auth/role.enum';
import { CsCostCategory, PeriodInput } from './dto/metrics.input';
import { CsCostConnection } from './models/cs-cost-connection.model';
import { CsCostsService } from './cs-costs.service';

@Resolver()
export class CsCostsResolver {
  constructor(private readonly costs: CsCostsService) {}

  @Query(() => CsCostConnection, {
    description:
      'MANAGER/ADMIN. Recorded CS costs, newest recorded first: those overlapping the period (all without one), of one category if given; sumCents over all pages.',
  })
  @Roles(Role.ADMIN, Role.MANAGER)
  csCosts(
    @Args('period', { type: () => PeriodInput, nullable: true }) period?: PeriodInput | null,
    @Args('category', { type: () => CsCostCategory, nullable: true }) category?: CsCostCategory | null,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 50 }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string | null,
  ): Promise<CsCostConnection> {
    return this.costs.list(period, category, first, after);
  }
}
