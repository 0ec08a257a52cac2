import { Args, Context, ID, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentUser, Roles } from '../../common/auth/roles.decorator';
import { Principal } from '../../common/auth/principal';
import { Role } from '../../common/auth/role.enum';
import { GraphqlContext } from '../../common/graphql-context';
import { USER_BY_ID } from '../accounts/accounts.loaders';
import { UserModel } from '../users/models/user.model';
import { UserEntity } from '../users/user.entity';
import { AccountTimelineService } from './account-timeline.service';
import { TimelineConnection, TimelineFilter, TimelineItemModel } from './models/timeline.models';

@Resolver(() => TimelineItemModel)
export class AccountTimelineResolver {
  constructor(private readonly timeline: AccountTimelineService) {}

  @Query(() => TimelineConnection, {
    description:
      "An account's events newest first (MRR movements, health band changes, red flags, feedback, tasks, playbook runs, overrides, churn reasons), filterable by kind, cursor-paged (default 30). NOT_FOUND when the account is absent or not in a CSM's book.",
  })
  @Roles(Role.ADMIN, Role.MANAGER, Role.CSM)
  accountTimeline(
    @CurrentUser() p: Principal,
    @Args('accountId', { type: () => ID }) accountId: string,
    @Args('filter', { type: () => TimelineFilter, nullable: true }) filter?: TimelineFilter,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 30 }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ) {
    return this.timeline.page(p, accountId, filter?.kinds, first, after);
  }

  @ResolveField(() => UserModel, { nullable: true })
  actor(@Parent() it: TimelineItemModel, @Context() ctx: GraphqlContext): Promise<UserEntity | null> | null {
    return it.actorId ? ctx.loaders.get<string, UserEntity | null>(USER_BY_ID).load(it.actorId) : null;
  }
}
