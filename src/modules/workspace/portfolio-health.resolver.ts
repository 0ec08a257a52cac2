import { Args, ID, Int, Query, Resolver } from '@nestjs/graphql';
import { CurrentUser, Roles } from '../../common/auth/roles.decorator';
import { Principal } from '../../common/auth/principal';
import { Role } from '../../common/auth/role.enum';
import { PortfolioHealthService } from './portfolio-health.service';
import { PortfolioHealthModel } from './models/portfolio-health.models';

@Resolver(() => PortfolioHealthModel)
export class PortfolioHealthResolver {
  constructor(private readonly service: PortfolioHealthService) {}

  @Query(() => PortfolioHealthModel, {
    description:
      'Portfolio health: the weekly band mix of the last `weeks` ISO weeks (1..104, default 26), MRR at risk and the declines of the last 7 days, for a segment and/or one owner. A CSM: their own book only (another ownerId is FORBIDDEN).',
  })
  @Roles(Role.ADMIN, Role.MANAGER, Role.CSM)
  portfolioHealth(
    @CurrentUser() p: Principal,
    @Args('weeks', { type: () => Int, nullable: true, defaultValue: 26 }) weeks: number,
    @Args('segment', { type: () => String, nullable: true }) segment?: string | null,
    @Args('ownerId', { type: () => ID, nullable: true }) ownerId?: string | null,
  ): Promise<PortfolioHealthModel> {
    return this.service.portfolioHealth(p, weeks, segment, ownerId);
  }
}
