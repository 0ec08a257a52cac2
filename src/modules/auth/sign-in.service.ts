import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Role } from '../../common/auth/role.enum';
import { AppError } from '../../common/errors/app-error';
import { UserEntity } from '../users/user.entity';
import { PasswordHasher } from './password-hasher.service';
import { NewSession, SessionMeta, SessionsService } from './sessions.service';
import { SignInLimiter, tooManySignIns } from './sign-in-limiter';

export const WRONG_CREDENTIALS = 'Email or password is incorrect';

/** Longer inputs are never a real email or password: answered like any wrong password, without a lookup. */
const MAX_EMAIL = 320;
const MAX_PASSWORD = 1024;
// eslint-disable-next-line no-control-regex -- the point is to find control characters
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

export interface SignedIn {
  user: UserEntity;
  session: NewSession;
}

/**
 * Email + password → a session. Every failure — unknown email, wrong password, no password set yet, deactivated,
 * an INGEST user — gets the same error after the same work (one argon2 verification, against a dummy hash when
 * there is no real one), so the answer tells nothing about which emails exist.
 */
@Injectable()
export class SignInService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionsService,
    private readonly limiter: SignInLimiter,
  ) {}

  async signIn(email: string, password: string, meta: SessionMeta): Promise<SignedIn> {
    const normalized = email
      .trim()
      .toLowerCase()
      .slice(0, MAX_EMAIL + 1);
    const ip = meta.ip ?? 'unknown';
    const wait = await this.limiter.take(normalized, ip);
    if (wait !== null) throw tooManySignIns(wait);

    // Never a real email: too long or with control characters (PostgreSQL refuses NUL in text).
    const plausible =
      normalized.length <= MAX_EMAIL && !CONTROL_CHARS.test(normalized) && password.length <= MAX_PASSWORD;
    const rows: Array<{ id: string; password_hash: string | null; role: Role; deactivated_at: Date | null }> = plausible
      ? await this.db.query(`SELECT id, password_hash, role, deactivated_at FROM users WHERE lower(email) = $1`, [
          normalized,
        ])
      : [];
    const found = rows[0];
    const usable = !!found?.password_hash && !found.deactivated_at && found.role !== Role.INGEST;
    const matches = await this.hasher.verify(usable ? found.password_hash : null, plausible ? password : '');
    if (!usable || !matches) throw AppError.unauthenticated(WRONG_CREDENTIALS);

    await this.limiter.succeeded(normalized, ip);
    return this.db.transaction(async (em) => {
      const user = await em.getRepository(UserEntity).findOneByOrFail({ id: found.id });
      return { user, session: await this.sessions.open(em, user, meta) };
    });
  }
}
