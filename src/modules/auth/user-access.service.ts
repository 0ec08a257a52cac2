import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError } from '../../common/errors/app-error';
import { isUuid } from '../../core/ids';
import { UserEntity } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { PasswordLinksService } from './password-links.service';
import { SessionsService } from './sessions.service';

/** An ADMIN ending a user's access: their sessions, or the user as a whole (deactivation), and undoing that. */
@Injectable()
export class UserAccessService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly links: PasswordLinksService,
  ) {}

  /** Ends all of a user's sessions; the number that were live. */
  async revokeSessions(userId: string): Promise<number> {
    return this.db.transaction(async (em) => {
      await this.lockUser(em.getRepository(UserEntity), userId);
      return this.sessions.revokeForUser(em, userId);
    });
  }

  /** Deactivates a user: no sign-in, sessions ended, open links ended, API keys refused. Idempotent. */
  async deactivate(userId: string, actorId: string): Promise<UserEntity> {
    if (userId === actorId) throw AppError.badInput('id', 'you cannot deactivate yourself');
    const user = await this.db.transaction(async (em) => {
      const user = await this.lockUser(em.getRepository(UserEntity), userId);
      if (!user.deactivatedAt) {
        await em.query(`UPDATE users SET deactivated_at = now() WHERE id = $1`, [userId]);
        await this.sessions.revokeForUser(em, userId);
        await this.links.revokeForUser(em, userId);
      }
      return em.getRepository(UserEntity).findOneByOrFail({ id: userId });
    });
    this.users.forgetCachedKeys(userId);
    return user;
  }

  /** Lets a deactivated user back in (their password and API keys work again). Idempotent. */
  async reactivate(userId: string): Promise<UserEntity> {
    return this.db.transaction(async (em) => {
      await this.lockUser(em.getRepository(UserEntity), userId);
      await em.query(`UPDATE users SET deactivated_at = NULL WHERE id = $1`, [userId]);
      return em.getRepository(UserEntity).findOneByOrFail({ id: userId });
    });
  }

  private async lockUser(repo: ReturnType<DataSource['getRepository']>, userId: string): Promise<UserEntity> {
    const user = isUuid(userId)
      ? ((await repo.findOne({ where: { id: userId }, lock: { mode: 'pessimistic_write' } })) as UserEntity | null)
      : null;
    if (!user) throw AppError.notFound('User', userId);
    return user;
  }
}
