import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError } from '../../common/errors/app-error';
import { Principal } from '../../common/auth/principal';
import { validateOverride } from '../../core/health/red-flag-rules';
import { rowsOf } from '../../database/query-result';
import { assertAccountsVisible } from '../../common/auth/account-access';

/** Overrides: a band a person sets on an account until it expires (the computed score stays visible). */
@Injectable()
export class HealthOverrides {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async setOverride(p: Principal, accountId: string, band: string, reason: string, expiresAt: Date) {
    const now = new Date();
    const problems = validateOverride(reason, expiresAt, now);
    if (problems.length) throw AppError.badInput(problems);
    await this.assertVisible(p, accountId);
    return this.db.transaction(async (em) => {
      await em.query(`SELECT 1 FROM accounts WHERE id = $1 FOR UPDATE`, [accountId]);
      await em.query(
        `UPDATE health_overrides SET cleared_at = now(), cleared_by = $2 WHERE account_id = $1 AND cleared_at IS NULL`,
        [accountId, p.userId],
      );
      const [row] = await em.query(
        `INSERT INTO health_overrides (account_id, band, reason, set_by, expires_at) VALUES ($1, $2, $3, $4, $5)
         RETURNING band, reason, set_by, set_at, expires_at`,
        [accountId, band, reason.trim(), p.userId, expiresAt],
      );
      return { band: row.band, reason: row.reason, setById: row.set_by, setAt: row.set_at, expiresAt: row.expires_at };
    });
  }

  async clearOverride(p: Principal, accountId: string): Promise<boolean> {
    await this.assertVisible(p, accountId);
    const res = await this.db.query(
      `UPDATE health_overrides SET cleared_at = now(), cleared_by = $2 WHERE account_id = $1 AND cleared_at IS NULL RETURNING 1`,
      [accountId, p.userId],
    );
    return rowsOf(res).length > 0;
  }

  private async assertVisible(p: Principal, accountId: string): Promise<void> {
    await assertAccountsVisible(this.db, p, [accountId]);
  }
}
