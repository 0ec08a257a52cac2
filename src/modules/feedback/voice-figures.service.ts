import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError } from '../../common/errors/app-error';
import { Principal } from '../../common/auth/principal';
import { npsFigures, NpsFigures } from '../../core/feedback/nps-stats';
import { csatSummaryFromCounts, CsatSummary } from '../../core/feedback/csat';
import { CsatFilter, VoiceFilter } from './dto/voice.input';
import { addAccountScope, SqlConditions } from './voice-scope.sql';

export const MAX_TREND_MONTHS = 36;

export type NpsMonth = NpsFigures & { month: string };

/**
 * The voice-of-the-customer figures across the book: NPS per UTC calendar month with its interval, and the CSAT
 * summary. SQL counts (one grouped statement each); the maths is core's (npsFigures, csatSummaryFromCounts), the
 * same functions npsSummary and the account pages use.
 */
@Injectable()
export class VoiceFigures {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The last `months` calendar months (the current one included), oldest first; months without responses too. */
  async npsTrend(p: Principal, filter: VoiceFilter | null | undefined, months: number): Promise<NpsMonth[]> {
    if (!Number.isInteger(months) || months < 1 || months > MAX_TREND_MONTHS)
      throw AppError.badInput('months', `must be an integer from 1 to ${MAX_TREND_MONTHS}`);
    const c = new SqlConditions();
    const first = c.param(months - 1);
    const join = addAccountScope(c, p, filter);
    if (filter?.accountId) c.add(`r.account_id = ${c.param(filter.accountId)}::uuid`);
    const rows: Array<{ month: string; promoters: number; passives: number; detractors: number }> = await this.db.query(
      `WITH bounds AS (
         SELECT date_trunc('month', now() AT TIME ZONE 'UTC') - make_interval(months => ${first}::int) AS first_month
       ), counts AS (
         SELECT date_trunc('month', r.responded_at AT TIME ZONE 'UTC') AS m,
                count(*) FILTER (WHERE r.category = 'PROMOTER')::int AS promoters,
                count(*) FILTER (WHERE r.category = 'PASSIVE')::int AS passives,
                count(*) FILTER (WHERE r.category = 'DETRACTOR')::int AS detractors
           FROM nps_responses r${join ? ' JOIN accounts a ON a.id = r.account_id' : ''}, bounds b
          WHERE r.responded_at >= b.first_month AT TIME ZONE 'UTC' AND ${c.sql()}
          GROUP BY 1
       )
       SELECT to_char(s.m, 'YYYY-MM-DD') AS month, COALESCE(k.promoters, 0) AS promoters,
              COALESCE(k.passives, 0) AS passives, COALESCE(k.detractors, 0) AS detractors
         FROM bounds b
         CROSS JOIN LATERAL generate_series(b.first_month, date_trunc('month', now() AT TIME ZONE 'UTC'), interval '1 month') AS s(m)
         LEFT JOIN counts k ON k.m = s.m
        ORDER BY s.m`,
      c.params,
    );
    return rows.map((r) => ({ month: r.month, ...npsFigures(r) }));
  }

  /** CSAT over the responses in [from, to) (either end optional) of the filtered accounts. */
  async csatSummary(p: Principal, filter: CsatFilter | null | undefined): Promise<CsatSummary> {
    const f = filter ?? {};
    if (f.from && f.to && f.from.getTime() > f.to.getTime())
      throw AppError.badInput('filter.to', 'must not be before from');
    const c = new SqlConditions();
    const join = addAccountScope(c, p, f);
    if (f.accountId) c.add(`r.account_id = ${c.param(f.accountId)}::uuid`);
    if (f.from) c.add(`r.responded_at >= ${c.param(f.from)}::timestamptz`);
    if (f.to) c.add(`r.responded_at < ${c.param(f.to)}::timestamptz`);
    const rows: Array<{ score: number; n: number }> = await this.db.query(
      `SELECT r.score::int AS score, count(*)::int AS n
         FROM csat_responses r${join ? ' JOIN accounts a ON a.id = r.account_id' : ''}
        WHERE ${c.sql()} GROUP BY 1`,
      c.params,
    );
    const counts = [0, 0, 0, 0, 0];
    for (const r of rows) counts[r.score - 1] = r.n;
    return csatSummaryFromCounts(counts);
  }
}
