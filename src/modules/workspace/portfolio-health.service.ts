import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError } from '../../common/errors/app-error';
import { bookOwnerFilter, Principal } from '../../common/auth/principal';
import { HEALTH_BANDS } from '../../core/health/scorecard-scoring';
import { hasControlChar } from '../../core/text-rules';
import { bandWorsened, MAX_PORTFOLIO_WEEKS, portfolioWeekStarts } from '../../core/workspace/portfolio-weeks';
import { ReasonComponent, ReasonFlag, topHealthReason } from '../../core/workspace/reasons';
import { mapAccountRow } from '../accounts/accounts.service';
import { bookOwnerFor } from './book-scope';
import {
  PORTFOLIO_AT_RISK_SQL,
  PORTFOLIO_DECLINES_SQL,
  PORTFOLIO_SEGMENTS_SQL,
  PORTFOLIO_WEEKS_SQL,
} from './portfolio-health.sql';
import { PortfolioDeclineModel, PortfolioHealthModel, PortfolioWeekModel } from './models/portfolio-health.models';

const MAX_DECLINES = 200;

/** Portfolio health (issue 19, screen 1): the weekly band mix, MRR at risk, and what declined this week and why. */
@Injectable()
export class PortfolioHealthService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async portfolioHealth(
    p: Principal,
    weeks: number,
    segment: string | null | undefined,
    ownerId: string | null | undefined,
  ): Promise<PortfolioHealthModel> {
    if (!Number.isInteger(weeks) || weeks < 1 || weeks > MAX_PORTFOLIO_WEEKS)
      throw AppError.badInput('weeks', `must be a whole number of weeks 1..${MAX_PORTFOLIO_WEEKS}`);
    const seg = segment ?? null;
    if (seg !== null && (seg.length > 100 || hasControlChar(seg)))
      throw AppError.badInput('segment', 'must be a segment name (one line, at most 100 characters)');
    const owner = await bookOwnerFor(this.db, p, ownerId ?? null, 'their own book');
    const today = new Date().toISOString().slice(0, 10);
    const starts = portfolioWeekStarts(today, weeks);
    const [bars, risk, declines, segments] = await Promise.all([
      this.db.query(PORTFOLIO_WEEKS_SQL, [owner, seg, starts, today]),
      this.db.query(PORTFOLIO_AT_RISK_SQL, [owner, seg]),
      this.db.query(PORTFOLIO_DECLINES_SQL, [owner, seg, MAX_DECLINES]),
      // A CSM picks among their own book's segments; a manager among everyone's.
      this.db.query(PORTFOLIO_SEGMENTS_SQL, [bookOwnerFilter(p)]),
    ]);
    const r = risk[0];
    return {
      ownerId: owner,
      segment: seg,
      segments: segments.map((x: { segment: string }) => x.segment),
      weeks: toWeeks(starts, bars),
      mrrAtRisk: {
        accounts: r.accounts,
        mrrCents: Number(r.mrr_cents),
        redAccounts: r.red,
        highRiskAccounts: r.high,
        bookAccounts: r.book_accounts,
        bookMrrCents: Number(r.book_mrr_cents),
      },
      declines: declines.map(toDecline),
      declinesCount: declines[0]?.total ?? 0,
    };
  }
}

/** One bar per week, oldest first, every band present (zeros included). */
function toWeeks(
  starts: string[],
  rows: Array<{ week_start: string; day: string; band: string; accounts: number; mrr_cents: string }>,
): PortfolioWeekModel[] {
  return starts.map((weekStart) => {
    const mine = rows.filter((x) => x.week_start === weekStart);
    const bands = HEALTH_BANDS.map((band) => {
      const row = mine.find((x) => x.band === band);
      return { band, accounts: row?.accounts ?? 0, mrrCents: Number(row?.mrr_cents ?? 0) };
    });
    return {
      weekStart,
      day: mine[0]?.day ?? null,
      accounts: bands.reduce((n, b) => n + b.accounts, 0),
      bands,
    };
  });
}

function toDecline(r: any): PortfolioDeclineModel {
  return {
    account: mapAccountRow(r),
    comparedDay: r.past_day,
    scoreFrom: r.score_from,
    scoreTo: r.score_to,
    bandFrom: r.band_from,
    bandTo: r.band_to,
    bandWorsened: bandWorsened(r.band_from, r.band_to),
    computedAt: r.computed_at,
    reason: topHealthReason((r.flags ?? []) as ReasonFlag[], (r.components ?? []) as ReasonComponent[]),
  };
}
