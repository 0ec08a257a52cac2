import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Principal } from '../../common/auth/principal';
import { AppError } from '../../common/errors/app-error';
import { periodBuckets, PeriodUnit } from '../../core/metrics';
import {
  addOutcome,
  emptyOutcomeTotals,
  RENEWAL_PRIORITIES,
  renewalPriority,
} from '../../core/renewals/renewal-outcomes';
import { MetricsFilter, MetricsInterval } from '../metrics/dto/metrics.input';
import { MetricsService, readPeriod } from '../metrics/metrics.service';
import { PAST_RENEWALS_SQL, UPCOMING_RENEWALS_SQL } from './renewals.sql';
import { RenewalPeriodModel, RenewalReportModel, UpcomingRenewalModel } from './models/renewals.model';

const UNIT: Record<MetricsInterval, PeriodUnit> = { MONTH: 'month', QUARTER: 'quarter', YEAR: 'year' };

/** Renewals by bucket: upcoming from the stored renewal dates, past inferred (core/renewals); two statements. */
@Injectable()
export class RenewalsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly metrics: MetricsService,
  ) {}

  async renewals(
    p: Principal,
    fromDay: string,
    toDay: string,
    interval: MetricsInterval | null,
    filter: MetricsFilter | null | undefined,
    firstArg: number | null | undefined,
  ): Promise<RenewalReportModel> {
    const period = readPeriod(fromDay, toDay, { from: 'from', to: 'to' });
    const first = firstArg ?? 200;
    if (!Number.isInteger(first) || first < 0 || first > 500)
      throw AppError.badInput('upcomingLimit', 'must be between 0 and 500');
    const scope = this.metrics.scopeFor(p, filter);
    const args = [fromDay, toDay, scope.segment, scope.ownerId];
    const [past, upcoming] = await Promise.all([
      this.db.query<Array<{ account_id: string; day: string; base_cents: string; after_cents: string }>>(
        PAST_RENEWALS_SQL,
        args,
      ),
      this.db.query<UpcomingRow[]>(UPCOMING_RENEWALS_SQL, args),
    ]);

    const periods: RenewalPeriodModel[] = periodBuckets(
      period.from,
      period.to,
      UNIT[interval ?? MetricsInterval.MONTH],
    ).map((b) => ({
      periodStart: b.periodStart,
      periodEnd: b.periodEnd,
      upcomingCount: 0,
      upcomingMrrCents: 0,
      atRiskCount: 0,
      atRiskMrrCents: 0,
      watchCount: 0,
      watchMrrCents: 0,
      ...emptyOutcomeTotals(),
    }));
    const bucketOf = (day: string) => {
      const t = Date.parse(`${day}T00:00:00Z`);
      return periods.find((b) => b.periodStart.getTime() <= t && t < b.periodEnd.getTime());
    };
    for (const r of past) {
      const b = bucketOf(r.day);
      if (b)
        addOutcome(b, {
          accountId: r.account_id,
          day: r.day,
          baseCents: Number(r.base_cents),
          afterCents: Number(r.after_cents),
        });
    }
    const rows: UpcomingRenewalModel[] = upcoming.map((r) => ({
      accountId: r.id,
      name: r.name,
      segment: r.segment,
      ownerName: r.owner_name,
      renewalDate: r.renewal_date,
      mrrCents: Number(r.mrr_cents),
      band: r.band,
      score: r.score === null ? null : Number(r.score),
      riskBand: r.risk_band,
      riskProbability: r.probability === null ? null : Number(r.probability),
      priority: renewalPriority(r.band, r.risk_band),
    }));
    for (const r of rows) {
      const b = bucketOf(r.renewalDate);
      if (!b) continue;
      b.upcomingCount++;
      b.upcomingMrrCents += r.mrrCents;
      if (r.priority === 'AT_RISK') {
        b.atRiskCount++;
        b.atRiskMrrCents += r.mrrCents;
      } else if (r.priority === 'WATCH') {
        b.watchCount++;
        b.watchMrrCents += r.mrrCents;
      }
    }
    const rank = (r: UpcomingRenewalModel) => RENEWAL_PRIORITIES.indexOf(r.priority);
    rows.sort(
      (a, b) =>
        rank(a) - rank(b) ||
        a.renewalDate.localeCompare(b.renewalDate) ||
        b.mrrCents - a.mrrCents ||
        a.accountId.localeCompare(b.accountId),
    );
    return { periods, upcoming: rows.slice(0, first), upcomingCount: rows.length };
  }
}

interface UpcomingRow {
  id: string;
  name: string;
  segment: string | null;
  owner_name: string | null;
  renewal_date: string;
  mrr_cents: string;
  band: UpcomingRenewalModel['band'];
  score: string | number | null;
  risk_band: UpcomingRenewalModel['riskBand'];
  probability: string | number | null;
}
