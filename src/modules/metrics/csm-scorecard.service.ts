import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Principal } from '../../common/auth/principal';
import { Role } from '../../common/auth/role.enum';
import { npsOf } from '../../core/feedback/nps-stats';
import { computeRetentionMetrics, CustomerPeriodFacts } from '../../core/metrics';
import { allocateCostCents, crcFromCost, totalProratedCostCents } from '../../core/metrics/reporting';
import { MetricsService, readPeriod } from './metrics.service';
import { SERVED_ALL_SQL } from './metrics.sql';
import {
  SCORECARD_AVERAGE_HEALTH_SQL,
  SCORECARD_HEALTH_SQL,
  SCORECARD_OWNERS_SQL,
  SCORECARD_TASKS_SQL,
} from './csm-scorecard.sql';
import { PeriodInput } from './dto/metrics.input';
import { CsmMetricsModel } from './models/metrics.model';

/**
 * The CSM scorecard: one row per account owner over a period — retention of their book (facts grouped by the
 * account's current owner), health mix now, their tasks, and CRC with the company-wide CS cost allocated by their
 * share of customers served (the allocation rule of retentionMetrics with an owner filter; docs/metrics.md).
 */
@Injectable()
export class CsmScorecardService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly metrics: MetricsService,
  ) {}

  async csmScorecard(p: Principal, input: PeriodInput): Promise<CsmMetricsModel[]> {
    const period = readPeriod(input.from, input.to, { from: 'period.from', to: 'period.to' });
    const scope = this.metrics.scopeFor(p, null);
    const asOf = new Date(Math.min(period.to.getTime(), Date.now()));
    const [facts, owners, nps, mix, avg, tasks, costs, served] = await Promise.all([
      this.metrics.facts(scope, period),
      this.db.query<Array<{ id: string; name: string; email: string; role: Role; accounts: number }>>(
        SCORECARD_OWNERS_SQL,
        [scope.ownerId],
      ),
      this.metrics.npsByOwner(scope, period),
      this.db.query<Array<{ owner_id: string; green: number; yellow: number; red: number; unknown: number }>>(
        SCORECARD_HEALTH_SQL,
        [scope.ownerId],
      ),
      this.db.query<Array<{ owner_id: string; avg: number }>>(SCORECARD_AVERAGE_HEALTH_SQL, [scope.ownerId]),
      this.db.query<Array<{ assignee_id: string; completed: number; on_time: number; overdue: number }>>(
        SCORECARD_TASKS_SQL,
        [period.from, period.to, asOf, scope.ownerId],
      ),
      this.metrics.costsOverlapping(period),
      this.db.query<Array<{ served: number }>>(SERVED_ALL_SQL, [period.from, period.to]),
    ]);
    const totalCost = totalProratedCostCents(costs, period.from, period.to);
    const servedAll = served[0].served;
    const factsByOwner = new Map<string, CustomerPeriodFacts[]>();
    for (const f of facts) {
      if (!f.ownerId) continue;
      let list = factsByOwner.get(f.ownerId);
      if (!list) factsByOwner.set(f.ownerId, (list = []));
      list.push(f);
    }
    const mixBy = new Map(mix.map((r) => [r.owner_id, r]));
    const avgBy = new Map(avg.map((r) => [r.owner_id, r.avg]));
    const tasksBy = new Map(tasks.map((r) => [r.assignee_id, r]));
    return owners.map((o) => {
      const m = computeRetentionMetrics(factsByOwner.get(o.id) ?? [], period);
      const n = nps.get(o.id);
      const h = mixBy.get(o.id);
      const t = tasksBy.get(o.id);
      const completed = t?.completed ?? 0;
      const onTime = t?.on_time ?? 0;
      // As retentionMetrics with an owner filter: no cost recorded → 0; else the book's share of served customers.
      const csCostCents = totalCost > 0 ? allocateCostCents(totalCost, m.customersServed, servedAll) : totalCost;
      return {
        owner: { id: o.id, name: o.name, email: o.email, role: o.role },
        accounts: o.accounts,
        activeCustomers: m.endCustomers,
        startMrrCents: m.mrr.startMrrCents,
        mrrCents: m.mrr.endMrrCents,
        churnRate: m.churnRatePct,
        nrr: m.nrrPct,
        grr: m.grrPct,
        averageHealth: avgBy.get(o.id) ?? null,
        nps: n ? npsOf(n) : null,
        churnedMrrCents: m.mrr.churnCents,
        healthMix: { green: h?.green ?? 0, yellow: h?.yellow ?? 0, red: h?.red ?? 0, unknown: h?.unknown ?? 0 },
        tasksCompleted: completed,
        tasksCompletedOnTime: onTime,
        onTimeShare: completed ? (onTime / completed) * 100 : null,
        tasksOverdue: t?.overdue ?? 0,
        csCostCents,
        crcCents: crcFromCost(csCostCents, m.customersServed),
        customersServed: m.customersServed,
      };
    });
  }
}
