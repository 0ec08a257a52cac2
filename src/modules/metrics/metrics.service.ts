import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError } from '../../common/errors/app-error';
import { Principal } from '../../common/auth/principal';
import { Role } from '../../common/auth/role.enum';
import { AppConfig } from '../../config/config';
import { InjectConfig } from '../../config/config.module';
import { npsOf } from '../../core/feedback/nps-stats';
import {
  CohortRetentionRow,
  CustomerPeriodFacts,
  PeriodUnit,
  addUtcPeriods,
  cohortRetention,
  computeRetentionMetrics,
  growthPct,
  mrrLookupFromSnapshots,
  periodBuckets,
  startOfUtcPeriod,
  subscriptionClvCents,
} from '../../core/metrics';
import {
  BucketSums,
  addUtcMonthsClamped,
  allocateCostCents,
  chainWaterfall,
  checkPeriod,
  crcFromCost,
  factsFromSqlRow,
  SqlFactsRow,
  totalProratedCostCents,
} from '../../core/metrics/reporting';
import {
  COHORT_SQL,
  FACTS_SQL,
  NPS_BY_OWNER_SQL,
  SERVED_ALL_SQL,
  TOTAL_MRR_BEFORE_SQL,
  WATERFALL_SQL,
} from './metrics.sql';
import { CohortInterval, MetricsFilter, MetricsInterval, PeriodInput, RecordCsCostInput } from './dto/metrics.input';
import { CsCostModel, MrrBucketModel, RetentionMetricsModel } from './models/metrics.model';
import { visibleAccountSql } from '../../common/auth/account-access';
import { CS_COST_COLUMNS, mapCsCost } from './cs-cost.rows';

/** Which accounts a metrics request covers. */
export interface MetricsScope {
  segment: string | null;
  ownerId: string | null;
}

interface Period {
  from: Date;
  to: Date;
}

const UNIT: Record<MetricsInterval | CohortInterval, PeriodUnit> = { MONTH: 'month', QUARTER: 'quarter', YEAR: 'year' };

/** 'YYYY-MM-DD' (already validated by the Date scalar) → 00:00 UTC of that day. */
function dayStart(d: string): Date {
  return new Date(`${d}T00:00:00Z`);
}

export function readPeriod(from: string, to: string, fields: { from: string; to: string }): Period {
  const p = { from: dayStart(from), to: dayStart(to) };
  const problem = checkPeriod(p.from, p.to, fields);
  if (problem) throw AppError.badInput(problem.field, problem.message);
  return p;
}

@Injectable()
export class MetricsService {
  private readonly grossMargin: number;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectConfig() config: AppConfig,
  ) {
    this.grossMargin = config.GROSS_MARGIN;
  }

  /**
   * ADMIN/MANAGER: the filter as given. CSM: always their own book; naming another owner is FORBIDDEN.
   */
  scopeFor(p: Principal, filter: MetricsFilter | null | undefined): MetricsScope {
    const segment = filter?.segment ?? null;
    if (p.role === Role.ADMIN || p.role === Role.MANAGER) return { segment, ownerId: filter?.ownerId ?? null };
    if (p.role !== Role.CSM) throw AppError.forbidden();
    if (filter?.ownerId && filter.ownerId.toLowerCase() !== p.userId.toLowerCase()) {
      throw AppError.forbidden('A CSM can only see metrics of their own book; leave ownerId empty or give your own id');
    }
    return { segment, ownerId: p.userId };
  }

  /** Facts rows (CustomerPeriodFacts + owner) for the scope and [from, to): one set-based query. */
  async facts(scope: MetricsScope, period: Period): Promise<Array<CustomerPeriodFacts & { ownerId: string | null }>> {
    const rows: SqlFactsRow[] = await this.db.query(FACTS_SQL, [period.from, period.to, scope.segment, scope.ownerId]);
    return rows.map((r) => ({ ...factsFromSqlRow(r), ownerId: r.owner_id ?? null }));
  }

  /** Total MRR of the scope just before each instant. */
  private async totalMrrBefore(scope: MetricsScope, period: Period, instants: Date[]): Promise<Map<number, number>> {
    const rows: Array<{ at: Date; mrr: string }> = await this.db.query(TOTAL_MRR_BEFORE_SQL, [
      period.from,
      period.to,
      scope.segment,
      scope.ownerId,
      instants,
    ]);
    return new Map(rows.map((r) => [new Date(r.at).getTime(), Number(r.mrr)]));
  }

  /** NPS counts of the period's responses per owner of the account. */
  async npsByOwner(
    scope: MetricsScope,
    period: Period,
  ): Promise<Map<string | null, { promoters: number; passives: number; detractors: number }>> {
    const rows: Array<{ owner_id: string | null; promoters: number; passives: number; detractors: number }> =
      await this.db.query(NPS_BY_OWNER_SQL, [period.from, period.to, scope.segment, scope.ownerId]);
    return new Map(
      rows.map((r) => [r.owner_id, { promoters: r.promoters, passives: r.passives, detractors: r.detractors }]),
    );
  }

  /** Costs overlapping [from, to) (dates; a cost covers [period_start, period_end)). */
  async costsOverlapping(period: Period): Promise<Array<{ amountCents: number; periodStart: Date; periodEnd: Date }>> {
    const rows: Array<{ amount_cents: string; period_start: string; period_end: string }> = await this.db.query(
      `SELECT amount_cents, to_char(period_start, 'YYYY-MM-DD') AS period_start, to_char(period_end, 'YYYY-MM-DD') AS period_end
         FROM cs_costs WHERE period_start < ($2::timestamptz AT TIME ZONE 'UTC')::date
                         AND period_end > ($1::timestamptz AT TIME ZONE 'UTC')::date`,
      [period.from, period.to],
    );
    return rows.map((r) => ({
      amountCents: Number(r.amount_cents),
      periodStart: dayStart(r.period_start),
      periodEnd: dayStart(r.period_end),
    }));
  }

  async retentionMetrics(
    p: Principal,
    input: PeriodInput,
    filter: MetricsFilter | null | undefined,
  ): Promise<RetentionMetricsModel> {
    const period = readPeriod(input.from, input.to, { from: 'period.from', to: 'period.to' });
    const scope = this.scopeFor(p, filter);
    const quarterAgo = addUtcMonthsClamped(period.to, -3);
    const yearAgo = addUtcMonthsClamped(period.to, -12);
    const [facts, earlier, nps, costs] = await Promise.all([
      this.facts(scope, period),
      this.totalMrrBefore(scope, period, [quarterAgo, yearAgo]),
      this.npsByOwner(scope, period),
      this.costsOverlapping(period),
    ]);
    const m = computeRetentionMetrics(facts, period);

    // CS costs are company-wide: a filtered view gets the share of the customers it served.
    const totalCost = totalProratedCostCents(costs, period.from, period.to);
    let csCostCents: number | null = totalCost;
    if ((scope.segment !== null || scope.ownerId !== null) && totalCost > 0) {
      const [{ served }] = await this.db.query(SERVED_ALL_SQL, [period.from, period.to]);
      csCostCents = allocateCostCents(totalCost, m.customersServed, served);
    }

    const npsCounts = { promoters: 0, passives: 0, detractors: 0 };
    for (const c of nps.values()) {
      npsCounts.promoters += c.promoters;
      npsCounts.passives += c.passives;
      npsCounts.detractors += c.detractors;
    }

    return {
      from: period.from,
      to: period.to,
      days: m.days,
      customersAtStart: m.startCustomers,
      customersAtEnd: m.endCustomers,
      newCustomers: m.newCustomers,
      acquiredCustomers: m.acquiredCustomers,
      churnedCustomers: m.churnedCustomers,
      reactivatedCustomers: m.reactivatedCustomers,
      customersServed: m.customersServed,
      churnRate: m.churnRatePct,
      crr: m.customerRetentionRatePct,
      logoRetentionRate: m.logoRetentionRatePct,
      startMrrCents: m.mrr.startMrrCents,
      newMrrCents: m.mrr.newCents,
      expansionMrrCents: m.mrr.expansionCents,
      contractionMrrCents: m.mrr.contractionCents,
      churnedMrrCents: m.mrr.churnCents,
      reactivationMrrCents: m.mrr.reactivationCents,
      endMrrCents: m.mrr.endMrrCents,
      netNewMrrCents: m.netNewMrrCents,
      nrr: m.nrrPct,
      grr: m.grrPct,
      startArrCents: m.startArrCents,
      endArrCents: m.endArrCents,
      arrGrowth: m.arrGrowthPct,
      mrrGrowthQoq: growthPct(earlier.get(quarterAgo.getTime()) ?? 0, m.mrr.endMrrCents),
      mrrGrowthYoy: growthPct(earlier.get(yearAgo.getTime()) ?? 0, m.mrr.endMrrCents),
      quickRatio: m.quickRatio,
      arpaCents: m.arpaCents,
      clvCents: subscriptionClvCents({
        arpaCents: m.arpaCents,
        grossMargin: this.grossMargin,
        periodChurnRatePct: m.churnRatePct,
        periodDays: m.days,
      }),
      csCostCents,
      crcCents: crcFromCost(csCostCents, m.customersServed),
      existingRevenueShare: m.existingCustomerRevenueSharePct,
      nps: npsOf(npsCounts),
      npsResponses: npsCounts.promoters + npsCounts.passives + npsCounts.detractors,
    };
  }

  async mrrMovements(
    p: Principal,
    fromDay: string,
    toDay: string,
    interval: MetricsInterval,
    filter: MetricsFilter | null | undefined,
  ): Promise<MrrBucketModel[]> {
    const period = readPeriod(fromDay, toDay, { from: 'from', to: 'to' });
    const scope = this.scopeFor(p, filter);
    const unit = UNIT[interval ?? MetricsInterval.MONTH];
    const buckets = periodBuckets(period.from, period.to, unit);
    const [start, sums] = await Promise.all([
      this.totalMrrBefore(scope, period, [period.from]),
      this.db.query<Array<Record<string, string>>>(WATERFALL_SQL, [
        period.from,
        period.to,
        scope.segment,
        scope.ownerId,
        unit,
      ]),
    ]);
    const byBucket = new Map<number, BucketSums>(
      sums.map((r) => [
        new Date(r.bucket).getTime(),
        {
          new: Number(r.new),
          expansion: Number(r.expansion),
          contraction: Number(r.contraction),
          churn: Number(r.churn),
          reactivation: Number(r.reactivation),
        },
      ]),
    );
    const rows = chainWaterfall(start.get(period.from.getTime()) ?? 0, buckets, byBucket);
    return rows.map((r, i) => ({ ...r, periodEnd: buckets[i].periodEnd }));
  }

  async cohortRetention(
    p: Principal,
    fromDay: string,
    toDay: string,
    interval: CohortInterval,
    filter: MetricsFilter | null | undefined,
  ): Promise<CohortRetentionRow[]> {
    const period = readPeriod(fromDay, toDay, { from: 'from', to: 'to' });
    const scope = this.scopeFor(p, filter);
    const unit = UNIT[interval ?? CohortInterval.MONTH] as 'month' | 'quarter';
    const asOf = new Date(Math.min(period.to.getTime(), Date.now()));
    // Every calendar start after the first cohort's start, up to asOf: the possible period ends.
    const ends: Date[] = [];
    for (
      let e = addUtcPeriods(startOfUtcPeriod(period.from, unit), unit, 1);
      e.getTime() <= asOf.getTime();
      e = addUtcPeriods(e, unit, 1)
    ) {
      ends.push(e);
    }
    const rows: Array<{ account_id: string; customer_since: Date; at: Date | null; mrr: string | null }> =
      await this.db.query(COHORT_SQL, [period.from, period.to, scope.segment, scope.ownerId, ends]);
    const customers = new Map<string, Date>();
    const snapshots: Array<{ accountId: string; at: Date; mrrCents: number }> = [];
    for (const r of rows) {
      customers.set(r.account_id, new Date(r.customer_since));
      if (r.at !== null && r.mrr !== null)
        snapshots.push({ accountId: r.account_id, at: new Date(r.at), mrrCents: Number(r.mrr) });
    }
    return cohortRetention({
      customers: [...customers].map(([accountId, customerSince]) => ({ accountId, customerSince })),
      mrrJustBefore: mrrLookupFromSnapshots(snapshots),
      unit,
      asOf,
    });
  }

  async recordCsCost(p: Principal, input: RecordCsCostInput): Promise<CsCostModel> {
    readPeriod(input.periodStart, input.periodEnd, { from: 'periodStart', to: 'periodEnd' });
    if (!Number.isSafeInteger(input.amountCents) || input.amountCents < 0)
      throw AppError.badInput('amountCents', 'must not be negative');
    const rows = await this.db.transaction((em) =>
      em.query(
        `INSERT INTO cs_costs (period_start, period_end, amount_cents, category, note, recorded_by)
         VALUES ($1::date, $2::date, $3, $4, $5, $6)
         RETURNING ${CS_COST_COLUMNS}`,
        [input.periodStart, input.periodEnd, input.amountCents, input.category, input.note ?? null, p.userId],
      ),
    );
    return mapCsCost(rows[0]);
  }

  /**
   * Churns by reason in [from, to) for the scope, most frequent first. Reads churn_reasons (playbooks); an empty
   * list while that table does not exist.
   */
  async churnReasons(
    p: Principal,
    input: PeriodInput,
    filter: MetricsFilter | null | undefined,
  ): Promise<Array<{ reason: string; count: number }>> {
    const period = readPeriod(input.from, input.to, { from: 'period.from', to: 'period.to' });
    const scope = this.scopeFor(p, filter);
    const [{ present }] = await this.db.query(`SELECT to_regclass('churn_reasons') IS NOT NULL AS present`);
    if (!present) return [];
    return this.db.query(
      `SELECT cr.reason, count(*)::int AS count
         FROM churn_reasons cr JOIN accounts a ON a.id = cr.account_id
        WHERE cr.recorded_at >= $1::timestamptz AND cr.recorded_at < $2::timestamptz
          AND ($3::text IS NULL OR a.segment = $3::text) AND ${visibleAccountSql('$4')}
        GROUP BY cr.reason ORDER BY count DESC, cr.reason`,
      [period.from, period.to, scope.segment, scope.ownerId],
    );
  }
}
