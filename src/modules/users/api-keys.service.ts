import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError } from '../../common/errors/app-error';
import { isUuid } from '../../core/ids';
import { ApiKeyModel } from './models/api-key.model';

/** Lists issued API keys for an ADMIN: who holds each, when issued and revoked; never the key or its hash. */
@Injectable()
export class ApiKeysService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(userId: string | null | undefined, includeRevoked: boolean): Promise<ApiKeyModel[]> {
    if (userId != null && !isUuid(userId)) throw AppError.badInput('userId', 'must be a user id');
    const rows: Array<Record<string, any>> = await this.db.query(
      `SELECT k.id, k.key_prefix, k.created_at, k.revoked_at,
              u.id AS user_id, u.name, u.email, u.role, u.password_set_at, u.deactivated_at
         FROM api_keys k JOIN users u ON u.id = k.user_id
        WHERE ($1::uuid IS NULL OR k.user_id = $1::uuid) AND ($2::boolean OR k.revoked_at IS NULL)
        ORDER BY k.created_at DESC, k.id DESC`,
      [userId ?? null, includeRevoked],
    );
    return rows.map((r) => ({
      id: r.id,
      keyPrefix: r.key_prefix,
      createdAt: r.created_at,
      revokedAt: r.revoked_at,
      // The sign-in status fields ride along, so User.passwordSet needs no second read per key.
      user: {
        id: r.user_id,
        name: r.name,
        email: r.email,
        role: r.role,
        passwordSetAt: r.password_set_at,
        deactivatedAt: r.deactivated_at,
      } as ApiKeyModel['user'],
    }));
  }
}
