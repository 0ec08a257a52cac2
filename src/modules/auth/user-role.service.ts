import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError } from '../../common/errors/app-error';
import { Role } from '../../common/auth/role.enum';
import { isUuid } from '../../core/ids';
import { roleChangeProblem } from '../../core/auth/role-change';
import { UserEntity } from '../users/user.entity';
import { UsersService } from '../users/users.service';

/** An ADMIN changing a person's role (the rules are core's roleChangeProblem). */
@Injectable()
export class UserRoleService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly users: UsersService,
  ) {}

  /** One transaction: the active ADMINs and the target are locked, so two demotions cannot both pass the rule. */
  async setRole(userId: string, role: Role): Promise<UserEntity> {
    if (!isUuid(userId)) throw AppError.notFound('User', userId, 'id');
    const user = await this.db.transaction(async (em) => {
      const admins: Array<{ id: string }> = await em.query(
        `SELECT id FROM users WHERE role = 'ADMIN' AND deactivated_at IS NULL ORDER BY id FOR UPDATE`,
      );
      const rows: Array<{ id: string; role: Role; deactivated: boolean }> = await em.query(
        `SELECT id, role, deactivated_at IS NOT NULL AS deactivated FROM users WHERE id = $1 FOR UPDATE`,
        [userId],
      );
      if (!rows.length) throw AppError.notFound('User', userId, 'id');
      const problem = roleChangeProblem(
        rows[0],
        role,
        admins.map((a) => a.id),
      );
      if (problem?.kind === 'LAST_ADMIN') throw AppError.conflict(problem.message, problem.field);
      if (problem) throw AppError.badInput(problem.field, problem.message);
      if (rows[0].role !== role) await em.query(`UPDATE users SET role = $2 WHERE id = $1`, [userId, role]);
      return em.getRepository(UserEntity).findOneByOrFail({ id: userId });
    });
    // Cached API-key look-ups carry the role: the next request sees the new one.
    this.users.forgetCachedKeys(userId);
    return user;
  }
}
