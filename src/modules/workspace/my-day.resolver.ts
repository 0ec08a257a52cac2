import { Args, Context, ID, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentUser, Roles } from '../../common/auth/roles.decorator';
import { Principal } from '../../common/auth/principal';
import { Role } from '../../common/auth/role.enum';
import { GraphqlContext } from '../../common/graphql-context';
import { USER_BY_ID } from '../accounts/accounts.loaders';
import { UserModel } from '../users/models/user.model';
import { UserEntity } from '../users/user.entity';
import { MyDayService } from './my-day.service';
import { MyDayModel } from './models/my-day.models';

@Resolver(() => MyDayModel)
export class MyDayResolver {
  constructor(private readonly service: MyDayService) {}

  @Query(() => MyDayModel, {
    description:
      "My Day. A CSM: their own book (ownerId absent or their own id). A MANAGER/ADMIN: the whole team (ownerId absent) or one user's book. `timeZone` (IANA, default UTC) decides where today ends for tasks.",
  })
  @Roles(Role.ADMIN, Role.MANAGER, Role.CSM)
  myDay(
    @CurrentUser() p: Principal,
    @Args('ownerId', { type: () => ID, nullable: true }) ownerId?: string | null,
    @Args('timeZone', { type: () => String, nullable: true }) timeZone?: string | null,
  ): Promise<MyDayModel> {
    return this.service.myDay(p, ownerId, timeZone);
  }

  @ResolveField(() => UserModel, { nullable: true })
  owner(@Parent() d: MyDayModel, @Context() ctx: GraphqlContext): Promise<UserEntity | null> | null {
    return d.ownerId ? ctx.loaders.get<string, UserEntity | null>(USER_BY_ID).load(d.ownerId) : null;
  }
}
