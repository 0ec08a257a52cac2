import { Args, ID, Mutation, Resolver } from '@nestjs/graphql';
import { Roles } from '../../common/auth/roles.decorator';
import { Role } from '../../common/auth/role.enum';
import { UserModel } from '../users/models/user.model';
import { UserRoleService } from './user-role.service';

@Resolver()
export class UserRoleResolver {
  constructor(private readonly roles: UserRoleService) {}

  @Mutation(() => UserModel, {
    description:
      'ADMIN. Changes a person’s role (ADMIN, MANAGER, CSM; INGEST users and the INGEST role are refused with BAD_USER_INPUT). ' +
      'Demoting the last active ADMIN is a CONFLICT. Takes effect on the user’s next request.',
  })
  @Roles(Role.ADMIN)
  setUserRole(
    @Args('id', { type: () => ID }) id: string,
    @Args('role', { type: () => Role }) role: Role,
  ): Promise<UserModel> {
    return this.roles.setRole(id, role);
  }
}
