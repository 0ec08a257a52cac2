import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Role } from '../../common/auth/role.enum';
import { generateToken, hashToken } from '../../common/auth/session-cookie';
import { AppError, isUniqueViolation } from '../../common/errors/app-error';
import { checkPassword } from '../../core/auth/password-policy';
import { isUuid } from '../../core/ids';
import { UserEntity } from '../users/user.entity';
import { AUTH_SETTINGS, AuthSettings, PASSWORD_LINK_TTL_SECONDS } from './auth-settings';
import { InviteUserInput } from './dto/invite-user.input';
import { PasswordHasher } from './password-hasher.service';
import { SessionMeta, SessionsService } from './sessions.service';
import type { SignedIn } from './sign-in.service';
import { lockForTransaction } from '../../database/advisory-locks';

export type LinkPurpose = 'INVITE' | 'RESET' | 'SETUP';

/** The web app's route that takes the token. */
export const SET_PASSWORD_PATH = '/app/set-password';

export const BAD_LINK = 'This link is invalid, expired or already used; ask an administrator for a new one';

export interface IssuedLink {
  user: UserEntity;
  url: string;
  expiresAt: Date;
}

export interface LinkInfo {
  email: string;
  name: string;
  purpose: LinkPurpose;
  expiresAt: Date;
}

interface TokenRow {
  id: string;
  user_id: string;
  purpose: LinkPurpose;
  expires_at: Date;
  email: string;
  name: string;
  role: Role;
}

/**
 * One-time set-password links: invitations, resets and the first admin's setup link. A link is a random token
 * (only its hash is stored), valid 7 days, good for one use; issuing a new one for a user ends the earlier ones.
 */
@Injectable()
export class PasswordLinksService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(AUTH_SETTINGS) private readonly settings: AuthSettings,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionsService,
  ) {}

  /** Creates a user without an API key and their invitation link (ADMIN). */
  async invite(input: InviteUserInput, actorId: string | null, origin: string | null): Promise<IssuedLink> {
    if (input.role === Role.INGEST)
      throw AppError.badInput(
        'role',
        'INGEST users cannot sign in; create them with createUser, which gives an API key',
      );
    try {
      return await this.db.transaction(async (em) => {
        const repo = em.getRepository(UserEntity);
        const user = await repo.save(
          repo.create({ name: input.name.trim(), email: input.email.trim(), role: input.role }),
        );
        return this.issue(em, user, 'INVITE', actorId, origin);
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw AppError.conflict(`A user with email ${input.email} already exists`, 'email');
      throw err;
    }
  }

  /** A reset link for an existing user (ADMIN). Their password keeps working until the link is used. */
  async resetLink(userId: string, actorId: string | null, origin: string | null): Promise<IssuedLink> {
    return this.db.transaction(async (em) => {
      const user = isUuid(userId) ? await em.getRepository(UserEntity).findOneBy({ id: userId }) : null;
      if (!user) throw AppError.notFound('User', userId);
      if (user.role === Role.INGEST)
        throw AppError.badInput('userId', 'INGEST users cannot sign in; they use API keys');
      if (user.deactivatedAt) throw AppError.badInput('userId', 'this user is deactivated; reactivate them first');
      return this.issue(em, user, user.passwordSetAt ? 'RESET' : 'INVITE', actorId, origin);
    });
  }

  /**
   * At start-up: when the admin has no password yet and no unused setup link, a new setup link. Returns null
   * when there is nothing to print (a password is set, or a link issued earlier is still open).
   */
  async setupLinkForAdmin(adminId: string, origin: string): Promise<IssuedLink | null> {
    return this.db.transaction(async (em) => {
      await lockForTransaction(em, 'admin-setup-link');
      const user = await em.getRepository(UserEntity).findOneBy({ id: adminId });
      if (!user || user.passwordSetAt || user.deactivatedAt) return null;
      const open: unknown[] = await em.query(
        `SELECT 1 FROM password_tokens
          WHERE user_id = $1 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > now() LIMIT 1`,
        [adminId],
      );
      if (open.length) return null;
      return this.issue(em, user, 'SETUP', null, origin);
    });
  }

  /** Whether a user has set a password (the setup-link file is deleted once the admin has). */
  async hasPassword(userId: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(`SELECT 1 FROM users WHERE id = $1 AND password_set_at IS NOT NULL`, [
      userId,
    ]);
    return rows.length > 0;
  }

  /** Who a link is for, so the page can greet them, or BAD_USER_INPUT when it cannot be used. */
  async describe(token: string): Promise<LinkInfo> {
    const row = await this.openToken(this.db.manager, token, false);
    return { email: row.email, name: row.name, purpose: row.purpose, expiresAt: row.expires_at };
  }

  /**
   * Sets the password behind a link, uses the link up, ends the user's other sessions and signs them in.
   * A refused password changes nothing: the link still works.
   */
  async setPassword(token: string, password: string, meta: SessionMeta): Promise<SignedIn> {
    const peek = await this.openToken(this.db.manager, token, false);
    const verdict = checkPassword(password, [peek.email, peek.name]);
    if (!verdict.ok) throw AppError.badInput('password', verdict.message);
    const hash = await this.hasher.hash(password);
    return this.db.transaction(async (em) => {
      // Locked and checked again: two tabs submitting one link at once give one success.
      const row = await this.openToken(em, token, true);
      await em.query(`UPDATE users SET password_hash = $2, password_set_at = now() WHERE id = $1`, [row.user_id, hash]);
      await em.query(`UPDATE password_tokens SET used_at = now() WHERE id = $1`, [row.id]);
      await em.query(
        `UPDATE password_tokens SET revoked_at = now() WHERE user_id = $1 AND used_at IS NULL AND revoked_at IS NULL`,
        [row.user_id],
      );
      await this.sessions.revokeForUser(em, row.user_id);
      const user = await em.getRepository(UserEntity).findOneByOrFail({ id: row.user_id });
      return { user, session: await this.sessions.open(em, user, meta) };
    });
  }

  /** Ends a user's open links (deactivation). */
  async revokeForUser(em: EntityManager, userId: string): Promise<void> {
    await em.query(
      `UPDATE password_tokens SET revoked_at = now() WHERE user_id = $1 AND used_at IS NULL AND revoked_at IS NULL`,
      [userId],
    );
  }

  private async issue(
    em: EntityManager,
    user: UserEntity,
    purpose: LinkPurpose,
    actorId: string | null,
    origin: string | null,
  ): Promise<IssuedLink> {
    await this.revokeForUser(em, user.id);
    const token = generateToken();
    const rows: Array<{ expires_at: Date }> = await em.query(
      `INSERT INTO password_tokens (user_id, token_hash, purpose, created_by, expires_at)
       VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5)) RETURNING expires_at`,
      [user.id, hashToken(token), purpose, actorId, PASSWORD_LINK_TTL_SECONDS],
    );
    const base = this.settings.publicUrl ?? origin ?? '';
    return { user, url: `${base}${SET_PASSWORD_PATH}?token=${token}`, expiresAt: rows[0].expires_at };
  }

  private async openToken(em: EntityManager, token: string, lock: boolean): Promise<TokenRow> {
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw AppError.badInput('token', BAD_LINK);
    const rows: TokenRow[] = await em.query(
      `SELECT t.id, t.user_id, t.purpose, t.expires_at, u.email, u.name, u.role
         FROM password_tokens t JOIN users u ON u.id = t.user_id
        WHERE t.token_hash = $1 AND t.used_at IS NULL AND t.revoked_at IS NULL AND t.expires_at > now()
          AND u.deactivated_at IS NULL AND u.role <> 'INGEST'
        ${lock ? 'FOR UPDATE OF t' : ''}`,
      [hashToken(token)],
    );
    if (!rows[0]) throw AppError.badInput('token', BAD_LINK);
    return rows[0];
  }
}
