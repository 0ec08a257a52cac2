/**
 * Cohort retention: customers grouped by the calendar month/quarter of `customerSince`.
 *
 * For a cohort whose calendar period starts at c, period k (k = 0, 1, …) is
 * [c + k units, c + (k+1) units). Period 0 is the cohort's own period.
 * - size: customers whose customerSince falls in the cohort's period.
 * - active in period k: MRR just before the end of period k is > 0.
 * - logo retention k = active in k / size × 100 (null when size is 0 – never, cohorts are non-empty).
 * - MRR k = Σ MRR just before the end of period k over the cohort's customers.
 * - base MRR = MRR 0 (the cohort's MRR at the end of its first period).
 * - MRR retention k = MRR k / base MRR × 100 (null when base MRR is 0); it includes expansion, so
 *   it can exceed 100.
 * Only complete periods (end <= asOf) are reported.
 */
import { percentage } from './formulas';
import { addUtcPeriods, startOfUtcPeriod } from './periods';

export type CohortUnit = 'month' | 'quarter';

export interface CohortCustomer {
  accountId: string;
  customerSince: Date;
}

export interface CohortPeriodRetention {
  index: number;
  periodStart: Date;
  periodEnd: Date;
  activeCustomers: number;
  logoRetentionPct: number | null;
  mrrCents: number;
  mrrRetentionPct: number | null;
}

export interface CohortRetentionRow {
  cohortStart: Date;
  size: number;
  baseMrrCents: number;
  periods: CohortPeriodRetention[];
}

/**
 * Cohort retention table, cohorts ascending.
 * `mrrJustBefore(accountId, instant)` gives the account's MRR just before an instant (see
 * mrrLookupFromMovements, or a lookup built from SQL snapshots at the period ends).
 */
export function cohortRetention(input: {
  customers: readonly CohortCustomer[];
  mrrJustBefore: (accountId: string, instant: Date) => number;
  unit: CohortUnit;
  asOf: Date;
}): CohortRetentionRow[] {
  const cohorts = new Map<number, CohortCustomer[]>();
  for (const c of input.customers) {
    const key = startOfUtcPeriod(c.customerSince, input.unit).getTime();
    let list = cohorts.get(key);
    if (!list) {
      list = [];
      cohorts.set(key, list);
    }
    list.push(c);
  }
  const asOf = input.asOf.getTime();
  const rows: CohortRetentionRow[] = [];
  for (const key of [...cohorts.keys()].sort((a, b) => a - b)) {
    const members = cohorts.get(key)!;
    const cohortStart = new Date(key);
    const periods: CohortPeriodRetention[] = [];
    let baseMrrCents = 0;
    for (let k = 0; ; k++) {
      const periodStart = addUtcPeriods(cohortStart, input.unit, k);
      const periodEnd = addUtcPeriods(cohortStart, input.unit, k + 1);
      if (periodEnd.getTime() > asOf) break;
      let active = 0;
      let mrr = 0;
      for (const m of members) {
        const v = input.mrrJustBefore(m.accountId, periodEnd);
        if (v > 0) active++;
        mrr += v;
      }
      if (k === 0) baseMrrCents = mrr;
      periods.push({
        index: k,
        periodStart,
        periodEnd,
        activeCustomers: active,
        logoRetentionPct: percentage(active, members.length),
        mrrCents: mrr,
        mrrRetentionPct: percentage(mrr, baseMrrCents),
      });
    }
    rows.push({ cohortStart, size: members.length, baseMrrCents, periods });
  }
  return rows;
}

/**
 * A lookup from snapshot rows {accountId, at, mrrCents} meaning "MRR just before `at`" (e.g. one
 * row per customer and period end, produced by SQL). Missing rows count as 0, so zero-MRR rows
 * may be omitted.
 */
export function mrrLookupFromSnapshots(
  rows: readonly { accountId: string; at: Date; mrrCents: number }[],
): (accountId: string, instant: Date) => number {
  const map = new Map<string, number>();
  for (const r of rows) map.set(`${r.accountId}\u0000${r.at.getTime()}`, r.mrrCents);
  return (accountId, instant) => map.get(`${accountId}\u0000${instant.getTime()}`) ?? 0;
}
