import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentUser, Roles } from '../../common/auth/roles.decorator';
import { Principal } from '../../common/auth/principal';
import { Role } from '../../common/auth/role.enum';
import { AppError } from '../../common/errors/app-error';
import { UsersService } from './users.service';
import { CreateUserPayload, IssuedApiKey, UserModel } from './models/user.model';
import { CreateUserInput } from './dto/create-user.input';
import { ApiKeysService } from './api-keys.service';
import { ApiKeyModel } from './models/api-key.model';

@Resolver(() => UserModel)
export class UsersResolver {
  constructor(
    private readonly service: UsersService,
    private readonly keys: ApiKeysService,
  ) {}

  @Query(() => UserModel, { description: 'The caller.' })
  async me(@CurrentUser() p: Principal): Promise<UserModel> {
    const user = await this.service.findById(p.userId);
    if (!user) throw AppError.unauthenticated();
    return user;
  }

  @Query(() => [UserModel])
  @Roles(Role.ADMIN, Role.MANAGER)
  users(): Promise<UserModel[]> {
    return this.service.list();
  }

  @Mutation(() => CreateUserPayload)
  @Roles(Role.ADMIN)
  createUser(@Args('input') input: CreateUserInput): Promise<CreateUserPayload> {
    return this.service.createUser(input);
  }

  @Query(() => [ApiKeyModel], {
    description: 'ADMIN. Issued API keys, newest first (revoked ones with includeRevoked); never the key itself.',
  })
  @Roles(Role.ADMIN)
  apiKeys(
    @Args('userId', { type: () => ID, nullable: true }) userId?: string | null,
    @Args('includeRevoked', { type: () => Boolean, nullable: true, defaultValue: false }) includeRevoked?: boolean,
  ): Promise<ApiKeyModel[]> {
    return this.keys.list(userId, includeRevoked ?? false);
  }

  @Mutation(() => IssuedApiKey)
  @Roles(Role.ADMIN)
  issueApiKey(@Args('userId', { type: () => ID }) userId: string): Promise<IssuedApiKey> {
    return this.service.issueApiKey(userId);
  }

  @Mutation(() => Boolean, { description: 'Revokes a key; false if it was already revoked.' })
  @Roles(Role.ADMIN)
  revokeApiKey(@Args('id', { type: () => ID }) id: string): Promise<boolean> {
    return this.service.revokeApiKey(id);
  }
}
