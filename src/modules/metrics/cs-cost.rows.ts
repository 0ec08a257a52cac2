import { CsCostCategory } from './dto/metrics.input';
import { CsCostModel } from './models/metrics.model';

/** The cs_costs columns a CsCost is read from (dates as calendar days), for SELECT and RETURNING alike. */
export const CS_COST_COLUMNS = `id, to_char(period_start, 'YYYY-MM-DD') AS period_start, to_char(period_end, 'YYYY-MM-DD') AS period_end,
  amount_cents, category, note, recorded_at`;

/** One cs_costs row (read with CS_COST_COLUMNS) as the GraphQL CsCost. */
export function mapCsCost(r: Record<string, any>): CsCostModel {
  return {
    id: r.id,
    periodStart: r.period_start,
    periodEnd: r.period_end,
    amountCents: Number(r.amount_cents),
    category: r.category as CsCostCategory,
    note: r.note,
    recordedAt: r.recorded_at,
  };
}
