import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { UserModel } from '../users/models/user.model';
import { UserEntity } from '../users/user.entity';
import { UsersService } from '../users/users.service';

/** Sign-in status on User, for an ADMIN's user list (invited and not yet signed up, deactivated). */
@Resolver(() => UserModel)
export class UserStatusResolver {
  constructor(private readonly users: UsersService) {}

  @ResolveField(() => Boolean, {
    description: 'Whether the user has set a password (false: invited, link not used yet).',
  })
  async passwordSet(@Parent() u: UserModel & Partial<UserEntity>): Promise<boolean> {
    return !!(await this.full(u))?.passwordSetAt;
  }

  @ResolveField(() => Date, { nullable: true, description: 'When the user was deactivated; null while active.' })
  async deactivatedAt(@Parent() u: UserModel & Partial<UserEntity>): Promise<Date | null> {
    return (await this.full(u))?.deactivatedAt ?? null;
  }

  /** Users come from several modules' queries; the few built without these columns are read again. */
  private async full(
    u: UserModel & Partial<UserEntity>,
  ): Promise<Pick<UserEntity, 'passwordSetAt' | 'deactivatedAt'> | null> {
    if (u.passwordSetAt !== undefined && u.deactivatedAt !== undefined) return u as UserEntity;
    return this.users.findById(u.id);
  }
}
