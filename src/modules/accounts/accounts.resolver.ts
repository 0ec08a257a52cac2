import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentUser, Roles } from '../../common/auth/roles.decorator';
import { Principal } from '../../common/auth/principal';
import { Role } from '../../common/auth/role.enum';
import { GraphqlContext } from '../../common/graphql-context';
import { UserModel } from '../users/models/user.model';
import { UserEntity } from '../users/user.entity';
import { AccountsService } from './accounts.service';
import { AccountConnection, AccountModel } from './models/account.model';
import { AccountFilter, AccountOrder, CreateAccountInput, UpdateAccountInput } from './dto/account.input';
import { AccountEntity } from './account.entity';
import { USER_BY_ID } from './accounts.loaders';
import { CentsScalar } from '../../common/scalars/cents.scalar';

const READERS = [Role.ADMIN, Role.MANAGER, Role.CSM];

@Resolver(() => AccountModel)
export class AccountsResolver {
  constructor(private readonly service: AccountsService) {}

  @Query(() => AccountModel, { nullable: true, description: 'null when absent or not visible to the caller.' })
  @Roles(...READERS)
  account(
    @CurrentUser() p: Principal,
    @Args('id', { type: () => ID, nullable: true }) id?: string,
    @Args('externalId', { nullable: true }) externalId?: string,
  ): Promise<AccountEntity | null> {
    return this.service.findVisible(p, { id, externalId });
  }

  @Query(() => AccountConnection)
  @Roles(...READERS)
  accounts(
    @CurrentUser() p: Principal,
    @Args('filter', { type: () => AccountFilter, nullable: true }) filter?: AccountFilter,
    @Args('orderBy', { type: () => AccountOrder, nullable: true, defaultValue: AccountOrder.NAME_ASC })
    orderBy?: AccountOrder,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 50 }) first?: number,
    @Args('after', { nullable: true }) after?: string,
  ) {
    return this.service.list(p, filter, orderBy, first, after);
  }

  @Mutation(() => AccountModel)
  @Roles(Role.ADMIN, Role.MANAGER)
  createAccount(@CurrentUser() p: Principal, @Args('input') input: CreateAccountInput): Promise<AccountEntity> {
    return this.service.create(p, input);
  }

  @Mutation(() => AccountModel, {
    description: 'MANAGER/ADMIN; a CSM may edit accounts of their own book but not reassign them.',
  })
  @Roles(...READERS)
  updateAccount(
    @CurrentUser() p: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateAccountInput,
  ): Promise<AccountEntity> {
    return this.service.update(p, id, input);
  }

  @ResolveField(() => UserModel, { nullable: true })
  owner(@Parent() a: AccountEntity, @Context() ctx: GraphqlContext): Promise<UserEntity | null> | null {
    return a.ownerId ? ctx.loaders.get<string, UserEntity | null>(USER_BY_ID).load(a.ownerId) : null;
  }

  @ResolveField(() => CentsScalar)
  arrCents(@Parent() a: AccountEntity): number {
    return a.mrrCents * 12;
  }
}
