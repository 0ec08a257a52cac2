import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { AppError, isUniqueViolation } from '../../common/errors/app-error';
import { generateApiKey, hashApiKey } from '../../common/auth/api-key.util';
import { Principal } from '../../common/auth/principal';
import { Role } from '../../common/auth/role.enum';
import { UserEntity } from './user.entity';
import { ApiKeyEntity } from './api-key.entity';
import { CreateUserInput } from './dto/create-user.input';
import { isUuid } from '../../core/ids';
import { lockForTransaction } from '../../database/advisory-locks';

/**
 * Successful API-key lookups are cached in memory for this long, so a burst of requests with one key costs one
 * query. Revoking through this instance drops the cache at once; another instance honours a revocation within
 * this many milliseconds. Unknown keys are never cached.
 */
export const AUTH_CACHE_TTL_MS = 5_000;
const AUTH_CACHE_MAX = 10_000;

export { isUuid };

@Injectable()
export class UsersService {
  private readonly authCache = new Map<string, { principal: Principal; expires: number }>();
  /** Bumped by each revocation, so a lookup that raced with one is not cached. */
  private revocations = 0;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Resolves an API key to its user; null for unknown or revoked keys (cached, see AUTH_CACHE_TTL_MS). */
  async authenticate(key: string): Promise<Principal | null> {
    if (key.length > 200) return null;
    const hash = hashApiKey(key);
    const now = Date.now();
    const cached = this.authCache.get(hash);
    if (cached && cached.expires > now) return cached.principal;
    const generation = this.revocations;
    const principal = await this.lookupKey(hash);
    if (principal && generation === this.revocations) {
      if (this.authCache.size >= AUTH_CACHE_MAX) this.authCache.clear();
      this.authCache.set(hash, { principal, expires: now + AUTH_CACHE_TTL_MS });
    } else {
      this.authCache.delete(hash);
    }
    return principal;
  }

  private async lookupKey(hash: string): Promise<Principal | null> {
    const rows: Array<{ key_id: string; user_id: string; role: Role; name: string; email: string }> =
      await this.db.query(
        `SELECT k.id AS key_id, u.id AS user_id, u.role, u.name, u.email
         FROM api_keys k JOIN users u ON u.id = k.user_id
        WHERE k.key_hash = $1 AND k.revoked_at IS NULL AND u.deactivated_at IS NULL`,
        [hash],
      );
    const r = rows[0];
    return r
      ? { userId: r.user_id, role: r.role, apiKeyId: r.key_id, sessionId: null, name: r.name, email: r.email }
      : null;
  }

  findById(id: string): Promise<UserEntity | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return this.db.getRepository(UserEntity).findOneBy({ id });
  }

  async findByIds(ids: readonly string[]): Promise<UserEntity[]> {
    const valid = ids.filter(isUuid);
    if (!valid.length) return [];
    return this.db.getRepository(UserEntity).findBy({ id: In(valid) });
  }

  findByEmail(email: string, em: EntityManager = this.db.manager): Promise<UserEntity | null> {
    return em
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .where('lower(u.email) = lower(:email)', { email })
      .getOne();
  }

  list(): Promise<UserEntity[]> {
    return this.db.getRepository(UserEntity).find({ order: { name: 'ASC', id: 'ASC' } });
  }

  /** Creates a user and their first API key in one transaction. */
  async createUser(input: CreateUserInput): Promise<{ user: UserEntity; apiKey: string }> {
    try {
      return await this.db.transaction(async (em) => {
        const user = await em
          .getRepository(UserEntity)
          .save(
            em
              .getRepository(UserEntity)
              .create({ name: input.name.trim(), email: input.email.trim(), role: input.role }),
          );
        const { key } = await this.insertKey(em, user.id);
        return { user, apiKey: key };
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw AppError.conflict(`A user with email ${input.email} already exists`, 'email');
      throw err;
    }
  }

  async issueApiKey(userId: string): Promise<{ id: string; key: string }> {
    const user = await this.findById(userId);
    if (!user) throw AppError.notFound('User', userId);
    return this.db.transaction((em) => this.insertKey(em, user.id));
  }

  /** Revokes a key. Returns false when it was already revoked. */
  async revokeApiKey(id: string): Promise<boolean> {
    if (!isUuid(id)) throw AppError.notFound('API key', id);
    const repo = this.db.getRepository(ApiKeyEntity);
    const key = await repo.findOneBy({ id });
    if (!key) throw AppError.notFound('API key', id);
    const res = await repo.update({ id, revokedAt: IsNull() }, { revokedAt: new Date() });
    this.revocations++;
    for (const [hash, entry] of this.authCache) if (entry.principal.apiKeyId === id) this.authCache.delete(hash);
    return (res.affected ?? 0) > 0;
  }

  /** Drops cached key look-ups of a user (deactivation): their keys are refused on the next request here. */
  forgetCachedKeys(userId: string): void {
    this.revocations++;
    for (const [hash, entry] of this.authCache) if (entry.principal.userId === userId) this.authCache.delete(hash);
  }

  /**
   * Makes sure an admin can get in: with ADMIN_API_KEY, an admin user holding exactly that key exists
   * (idempotent across restarts); without it, a key is generated only when no admin exists yet.
   * Returns the generated key, if any, and the admin whose key this is (the one the setup link is for).
   */
  async ensureAdmin(configuredKey: string | undefined): Promise<{ generatedKey: string | null; adminId: string }> {
    return this.db.transaction(async (em) => {
      // Serialise concurrent starts of several instances.
      await lockForTransaction(em, 'ensure-admin');
      if (configuredKey) {
        const hash = hashApiKey(configuredKey);
        const found: Array<{ user_id: string }> = await em.query(
          `SELECT k.user_id FROM api_keys k WHERE k.key_hash = $1`,
          [hash],
        );
        if (found.length) {
          await em.query(`UPDATE api_keys SET revoked_at = NULL WHERE key_hash = $1`, [hash]);
          return { generatedKey: null, adminId: found[0].user_id };
        }
        let admin = await this.findByEmail('admin@vitals.local', em);
        if (!admin) {
          admin = await em
            .getRepository(UserEntity)
            .save(
              em
                .getRepository(UserEntity)
                .create({ name: 'Administrator', email: 'admin@vitals.local', role: Role.ADMIN }),
            );
        }
        await em
          .getRepository(ApiKeyEntity)
          .insert({ userId: admin.id, keyHash: hash, keyPrefix: configuredKey.slice(0, 10) });
        return { generatedKey: null, adminId: admin.id };
      }
      const admins: Array<{ id: string }> = await em.query(
        `SELECT u.id FROM users u JOIN api_keys k ON k.user_id = u.id
          WHERE u.role = 'ADMIN' AND k.revoked_at IS NULL AND u.deactivated_at IS NULL
          ORDER BY u.created_at, u.id LIMIT 1`,
      );
      if (admins.length) return { generatedKey: null, adminId: admins[0].id };
      let admin = await this.findByEmail('admin@vitals.local', em);
      if (!admin) {
        admin = await em
          .getRepository(UserEntity)
          .save(
            em
              .getRepository(UserEntity)
              .create({ name: 'Administrator', email: 'admin@vitals.local', role: Role.ADMIN }),
          );
      }
      const { key } = await this.insertKey(em, admin.id);
      return { generatedKey: key, adminId: admin.id };
    });
  }

  /** Finds the user with this email or creates one with the given role (used by the CLI). */
  async findOrCreate(email: string, role: Role, name?: string): Promise<UserEntity> {
    return this.db.transaction(async (em) => {
      const existing = await this.findByEmail(email, em);
      if (existing) return existing;
      return em
        .getRepository(UserEntity)
        .save(em.getRepository(UserEntity).create({ email, role, name: name ?? email.split('@')[0] }));
    });
  }

  private async insertKey(em: EntityManager, userId: string): Promise<{ id: string; key: string }> {
    const key = generateApiKey();
    const saved = await em
      .getRepository(ApiKeyEntity)
      .save(em.getRepository(ApiKeyEntity).create({ userId, keyHash: hashApiKey(key), keyPrefix: key.slice(0, 10) }));
    return { id: saved.id, key };
  }
}
