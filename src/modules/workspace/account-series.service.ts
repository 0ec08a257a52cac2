import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { UUID_RE } from '../../core/ids';

export interface HealthTrendRow {
  accountId: string;
  day: string;
  score: number | null;
  band: string;
}

export interface UsageByTypeRow {
  accountId: string;
  type: string;
  count: number;
  quantity: number;
  activeDays: number;
  /** Count of the same length of period just before (for "up/down vs before"). */
  previousCount: number;
}

/** Per-account series for the account pages and lists, each one statement for a whole batch of accounts. */
@Injectable()
export class AccountSeriesService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Daily health points of the last `days` UTC days (today included), oldest first. */
  async healthTrendFor(accountIds: readonly string[], days: number): Promise<HealthTrendRow[]> {
    const ids = accountIds.filter((id) => UUID_RE.test(id));
    if (!ids.length) return [];
    const rows: Array<Record<string, any>> = await this.db.query(
      `SELECT account_id, to_char(day, 'YYYY-MM-DD') AS day, score, band
         FROM health_history
        WHERE account_id = ANY($1::uuid[]) AND day > (now() AT TIME ZONE 'UTC')::date - $2::int
        ORDER BY account_id, day`,
      [ids, days],
    );
    return rows.map((r) => ({ accountId: r.account_id, day: r.day, score: r.score, band: r.band }));
  }

  /** Usage per signal type over the last `days` UTC days (today included) and the `days` before them. */
  async usageByTypeFor(accountIds: readonly string[], days: number): Promise<UsageByTypeRow[]> {
    const ids = accountIds.filter((id) => UUID_RE.test(id));
    if (!ids.length) return [];
    const rows: Array<Record<string, any>> = await this.db.query(
      `WITH bounds AS (SELECT (now() AT TIME ZONE 'UTC')::date - $2::int AS start)
       SELECT d.account_id, d.type,
              COALESCE(sum(d.count) FILTER (WHERE d.day > b.start), 0)::bigint AS count,
              COALESCE(sum(d.quantity) FILTER (WHERE d.day > b.start), 0)::float8 AS quantity,
              count(DISTINCT d.day) FILTER (WHERE d.day > b.start)::int AS active_days,
              COALESCE(sum(d.count) FILTER (WHERE d.day <= b.start), 0)::bigint AS previous_count
         FROM signal_daily d, bounds b
        WHERE d.account_id = ANY($1::uuid[]) AND d.day > b.start - $2::int
        GROUP BY d.account_id, d.type
        ORDER BY d.account_id, count DESC, d.type`,
      [ids, days],
    );
    return rows.map((r) => ({
      accountId: r.account_id,
      type: r.type,
      count: Number(r.count),
      quantity: Number(r.quantity),
      activeDays: r.active_days,
      previousCount: Number(r.previous_count),
    }));
  }
}
