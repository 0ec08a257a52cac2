import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Principal } from '../../common/auth/principal';
import { AppError } from '../../common/errors/app-error';
import { checkPassword } from '../../core/auth/password-policy';
import { PasswordHasher } from './password-hasher.service';
import { SessionsService } from './sessions.service';
import { SignInLimiter, tooManySignIns } from './sign-in-limiter';

/**
 * A signed-in person changes their own password: the current one is checked (failures count against the same
 * per-email and per-address limits as sign-in), the new one must pass the policy, and every other session of
 * theirs ends — the one making the change stays signed in.
 */
@Injectable()
export class PasswordChangeService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionsService,
    private readonly limiter: SignInLimiter,
  ) {}

  async change(p: Principal, currentPassword: string, newPassword: string, ip: string | null): Promise<boolean> {
    const rows: Array<{ email: string; name: string; password_hash: string | null }> = await this.db.query(
      `SELECT email, name, password_hash FROM users WHERE id = $1`,
      [p.userId],
    );
    const user = rows[0];
    if (!user?.password_hash)
      throw AppError.badInput(
        'currentPassword',
        'you have no password yet; ask an administrator for a link to set one',
      );
    const key = user.email.toLowerCase();
    const wait = await this.limiter.take(key, ip ?? 'unknown');
    if (wait !== null) throw tooManySignIns(wait);
    if (!(await this.hasher.verify(user.password_hash, currentPassword.slice(0, 1024))))
      throw AppError.badInput('currentPassword', 'is not your current password');
    await this.limiter.succeeded(key, ip ?? 'unknown');
    const verdict = checkPassword(newPassword, [user.email, user.name]);
    if (!verdict.ok) throw AppError.badInput('newPassword', verdict.message);
    if (newPassword === currentPassword)
      throw AppError.badInput('newPassword', 'must differ from the current password');
    const hash = await this.hasher.hash(newPassword);
    await this.db.transaction(async (em) => {
      await em.query(`UPDATE users SET password_hash = $2, password_set_at = now() WHERE id = $1`, [p.userId, hash]);
      await this.sessions.revokeForUser(em, p.userId, p.sessionId);
    });
    return true;
  }
}
