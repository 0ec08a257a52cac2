import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { UUID_RE } from '../../core/ids';
import { AccountSummaryInput } from '../../core/workspace/account-summary';

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

  /** What the three summary lines need, for a batch of accounts in one statement. */
  async summaryInputsFor(accountIds: readonly string[]): Promise<Map<string, AccountSummaryInput>> {
    const ids = accountIds.filter((id) => UUID_RE.test(id));
    if (!ids.length) return new Map();
    const rows: Array<Record<string, any>> = await this.db.query(
      `SELECT a.id, a.status, a.mrr_cents, to_char(a.renewal_date, 'YYYY-MM-DD') AS renewal_date,
              (a.renewal_date - (now() AT TIME ZONE 'UTC')::date)::int AS days_to_renewal,
              h.account_id IS NOT NULL AS has_health, h.score, h.band, h.delta7d, h.flags::jsonb AS flags,
              h.components::jsonb AS components, ho.band AS o_band, ho.reason AS o_reason, ho.expires_at AS o_expires,
              r.band AS risk_band, r.probability, r.drivers::jsonb AS drivers,
              (SELECT m.mrr_after_cents FROM mrr_movements m
                WHERE m.account_id = a.id AND m.effective_at <= now() - interval '90 days'
                ORDER BY m.effective_at DESC, m.seq DESC LIMIT 1) AS mrr_then,
              EXISTS (SELECT 1 FROM mrr_movements m WHERE m.account_id = a.id AND m.effective_at > now() - interval '90 days') AS moved_since
         FROM accounts a
         LEFT JOIN health_current h ON h.account_id = a.id
         LEFT JOIN health_overrides ho ON ho.account_id = a.id AND ho.cleared_at IS NULL AND ho.expires_at > now()
         LEFT JOIN account_risk r ON r.account_id = a.id
        WHERE a.id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(
      rows.map((r) => [
        r.id as string,
        {
          status: r.status,
          mrrCents: Number(r.mrr_cents),
          // No ledger entry 90 days back: 0 then if the account has moved since (it is new), else unknown.
          mrr90dAgoCents: r.mrr_then !== null ? Number(r.mrr_then) : r.moved_since ? 0 : null,
          renewalDate: r.renewal_date,
          daysToRenewal: r.days_to_renewal,
          health: r.has_health
            ? { score: r.score, band: r.band, delta7d: r.delta7d, flags: r.flags ?? [], components: r.components ?? [] }
            : null,
          override: r.o_band ? { band: r.o_band, reason: r.o_reason, expiresAt: r.o_expires } : null,
          risk: r.risk_band ? { band: r.risk_band, probability: r.probability, drivers: r.drivers ?? [] } : null,
        } satisfies AccountSummaryInput,
      ]),
    );
  }
}
