import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { readPageArgs, toConnection } from '../../common/pagination/connection';
import { CsCostCategory, PeriodInput } from './dto/metrics.input';
import { CsCostModel } from './models/metrics.model';
import { CsCostConnection } from './models/cs-cost-connection.model';
import { readPeriod } from './metrics.service';
import { CS_COST_COLUMNS, mapCsCost } from './cs-cost.rows';

/**
 * The recorded customer-success costs, newest recorded first: those whose covered days [periodStart, periodEnd)
 * overlap the period (all without one), optionally of one category. One statement per page, keyset-paged.
 */
@Injectable()
export class CsCostsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(
    period: PeriodInput | null | undefined,
    category: CsCostCategory | null | undefined,
    first: number | null | undefined,
    after: string | null | undefined,
  ): Promise<CsCostConnection> {
    const page = readPageArgs(first, after, ['timestamp', 'uuid']);
    const p = period ? readPeriod(period.from, period.to, { from: 'period.from', to: 'period.to' }) : null;
    const where = `($1::date IS NULL OR (c.period_start < $2::date AND c.period_end > $1::date))
                   AND ($3::text IS NULL OR c.category = $3::text)`;
    const base = [p ? period!.from : null, p ? period!.to : null, category ?? null];
    const rows: Array<Record<string, any>> = await this.db.query(
      `SELECT ${CS_COST_COLUMNS}
         FROM cs_costs c
        WHERE ${where} AND ($4::timestamptz IS NULL OR (c.recorded_at, c.id) < ($4::timestamptz, $5::uuid))
        ORDER BY c.recorded_at DESC, c.id DESC LIMIT $6`,
      [...base, page.after?.[0] ?? null, page.after?.[1] ?? null, page.first + 1],
    );
    const items: CsCostModel[] = rows.map(mapCsCost);
    // cs_costs is a short, hand-entered list: its count and sum are read with every page.
    const [t] = await this.db.query(
      `SELECT count(*)::int AS n, COALESCE(sum(c.amount_cents), 0)::text AS cents FROM cs_costs c WHERE ${where}`,
      base,
    );
    const connection = toConnection(items, page.first, (c) => [c.recordedAt.toISOString(), c.id], t.n as number);
    return { ...connection, sumCents: Number(t.cents) } as CsCostConnection;
  }
}
