import { Inject, Injectable } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Principal } from '../../common/auth/principal';
import { Role } from '../../common/auth/role.enum';
import { generateToken, hashToken } from '../../common/auth/session-cookie';
import { preparedRead, runPreparedRead } from '../../common/database/prepared-read';
import { AppError } from '../../common/errors/app-error';
import { UserEntity } from '../users/user.entity';
import { AUTH_SETTINGS, AuthSettings } from './auth-settings';

/** last_seen_at is written at most once a minute per session: idle expiry is exact to within that. */
const TOUCH_AFTER_SECONDS = 60;
/** Ended sessions are kept this long (who was signed in when), then deleted. */
const KEEP_ENDED_DAYS = 30;

const LOOKUP = preparedRead(
  'auth_session_lookup',
  `SELECT s.id, s.user_id, s.expires_at, u.role, u.name, u.email,
          s.last_seen_at < now() - make_interval(secs => ${TOUCH_AFTER_SECONDS}) AS stale
     FROM sessions s JOIN users u ON u.id = s.user_id
    WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now()
      AND s.last_seen_at > now() - make_interval(secs => $2::double precision)
      AND u.deactivated_at IS NULL AND u.role <> 'INGEST'`,
);

export interface NewSession {
  token: string;
  id: string;
  expiresAt: Date;
  idleExpiresAt: Date;
}

export interface SessionMeta {
  ip?: string | null;
  userAgent?: string | null;
}

/**
 * Server-side sessions. The browser holds a random token (HttpOnly cookie); the table holds its SHA-256 hash,
 * the user, when it was last used (idle expiry) and when it ends regardless (absolute expiry). No cache: a
 * revocation or expiry takes effect on the very next request, on every instance.
 */
@Injectable()
export class SessionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(AUTH_SETTINGS) private readonly settings: AuthSettings,
  ) {}

  /** Opens a session for a user who just proved who they are. INGEST users never get one. */
  async open(em: EntityManager, user: { id: string; role: Role }, meta: SessionMeta): Promise<NewSession> {
    if (user.role === Role.INGEST) throw AppError.forbidden('INGEST users sign in with API keys only');
    const token = generateToken();
    const rows: Array<{ id: string; expires_at: Date; last_seen_at: Date }> = await em.query(
      `INSERT INTO sessions (user_id, token_hash, expires_at, ip, user_agent)
       VALUES ($1, $2, now() + make_interval(secs => $3::double precision), $4, $5)
       RETURNING id, expires_at, last_seen_at`,
      [user.id, hashToken(token), this.settings.maxAgeSeconds, meta.ip ?? null, meta.userAgent?.slice(0, 512) ?? null],
    );
    const row = rows[0];
    return {
      token,
      id: row.id,
      expiresAt: row.expires_at,
      idleExpiresAt: this.idleEnd(row.last_seen_at, row.expires_at),
    };
  }

  /** The principal of a live session token; null when unknown, ended, idle too long or past its end. */
  async authenticate(token: string): Promise<Principal | null> {
    const rows = await runPreparedRead<{
      id: string;
      user_id: string;
      expires_at: Date;
      role: Role;
      name: string;
      email: string;
      stale: boolean;
    }>(this.db, LOOKUP, [hashToken(token), this.settings.idleSeconds]);
    const r = rows[0];
    if (!r) return null;
    if (r.stale) await this.db.query(`UPDATE sessions SET last_seen_at = now() WHERE id = $1`, [r.id]);
    return { userId: r.user_id, role: r.role, apiKeyId: null, sessionId: r.id, name: r.name, email: r.email };
  }

  /** A live session by id (the caller's own), with its user. */
  async describe(sessionId: string): Promise<{ user: UserEntity; expiresAt: Date; idleExpiresAt: Date } | null> {
    const rows: Array<{ user_id: string; expires_at: Date; last_seen_at: Date }> = await this.db.query(
      `SELECT user_id, expires_at, last_seen_at FROM sessions WHERE id = $1 AND revoked_at IS NULL`,
      [sessionId],
    );
    const r = rows[0];
    if (!r) return null;
    const user = await this.db.getRepository(UserEntity).findOneBy({ id: r.user_id });
    if (!user) return null;
    return { user, expiresAt: r.expires_at, idleExpiresAt: this.idleEnd(r.last_seen_at, r.expires_at) };
  }

  /** Ends the session of this token; false when it was not live. */
  async revokeToken(token: string): Promise<boolean> {
    const res: [unknown[], number] = await this.db.query(
      `UPDATE sessions SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL`,
      [hashToken(token)],
    );
    return res[1] > 0;
  }

  /** Ends every open session of a user (except `keep`); returns how many were open and not yet expired. */
  async revokeForUser(em: EntityManager, userId: string, keep: string | null = null): Promise<number> {
    const res: [Array<{ live: boolean }>, number] = await em.query(
      `UPDATE sessions SET revoked_at = now()
        WHERE user_id = $1 AND revoked_at IS NULL AND ($2::uuid IS NULL OR id <> $2::uuid)
        RETURNING (expires_at > now() AND last_seen_at > now() - make_interval(secs => $3::double precision)) AS live`,
      [userId, keep, this.settings.idleSeconds],
    );
    return res[0].filter((r) => r.live).length;
  }

  /** When a session used at `lastSeen` ends for idleness (never after its absolute end). */
  idleEnd(lastSeen: Date, expiresAt: Date): Date {
    return new Date(Math.min(lastSeen.getTime() + this.settings.idleSeconds * 1000, expiresAt.getTime()));
  }

  /** Hourly: deletes sessions, and set-password links, that ended more than KEEP_ENDED_DAYS ago. */
  @Interval('auth-session-cleanup', 3_600_000)
  async deleteOldSessions(): Promise<void> {
    await this.db
      .query(
        `DELETE FROM sessions
          WHERE expires_at < now() - make_interval(days => ${KEEP_ENDED_DAYS})
             OR revoked_at < now() - make_interval(days => ${KEEP_ENDED_DAYS})
             OR last_seen_at < now() - make_interval(days => ${KEEP_ENDED_DAYS})`,
      )
      .catch(() => undefined);
    await this.db
      .query(
        `DELETE FROM password_tokens
          WHERE LEAST(expires_at, coalesce(used_at, 'infinity'), coalesce(revoked_at, 'infinity'))
                < now() - make_interval(days => ${KEEP_ENDED_DAYS})`,
      )
      .catch(() => undefined);
  }
}
