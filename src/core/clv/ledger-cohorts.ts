/**
 * Monthly sign-up cohorts from an MRR ledger, segment churn over the last 12 months, and the
 * per-account CLV formulas used by the product. Pure functions (no I/O). See docs/models-clv.md.
 */
import { sbgDerl } from './sbg';

export interface LedgerAccount {
  /** Instant of the account's first NEW movement (the cohort is its UTC month). */
  firstNewAt: Date;
  /** MRR after each movement, in time order. */
  movements: ReadonlyArray<{ at: Date; mrrAfter: number }>;
}

/** Index of a UTC month: year·12 + month. */
export function monthIndex(d: Date): number {
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

function monthStart(index: number): number {
  return Date.UTC(Math.floor(index / 12), index % 12, 1);
}

/** MRR in effect at instant x (movements effective at or before x). */
export function mrrAt(a: LedgerAccount, x: number): number {
  let mrr = 0;
  for (const m of a.movements) {
    if (m.at.getTime() <= x) mrr = m.mrrAfter;
    else break;
  }
  return mrr;
}

/**
 * Survivor counts per monthly cohort (cohort = UTC month of the first NEW movement), oldest first:
 * n_0 = cohort size, n_k = customers of the cohort with MRR > 0 at the start of month cohort + k and at
 * every month start before it (a lapse is final: sBG churn is absorbing, a later reactivation does not
 * make the customer a survivor again). Months whose start is after `asOf` are not observed yet.
 */
export function monthlyCohorts(accounts: readonly LedgerAccount[], asOf: Date): number[][] {
  const current = monthIndex(asOf);
  const byCohort = new Map<number, LedgerAccount[]>();
  for (const a of accounts) {
    const c = monthIndex(a.firstNewAt);
    if (c > current) continue;
    const list = byCohort.get(c) ?? [];
    list.push(a);
    byCohort.set(c, list);
  }
  return [...byCohort.keys()]
    .sort((x, y) => x - y)
    .map((c) => {
      const members = byCohort.get(c)!;
      const counts = [members.length];
      const alive = members.map(() => true);
      for (let k = 1; c + k <= current; k++) {
        const x = monthStart(c + k);
        let n = 0;
        members.forEach((a, i) => {
          if (alive[i] && mrrAt(a, x) <= 0) alive[i] = false;
          if (alive[i]) n++;
        });
        counts.push(n);
      }
      return counts;
    });
}

export interface SegmentChurn {
  /** Σ customers with MRR > 0 at the start of each of the last 12 full months. */
  customerMonths: number;
  /** Of those, customers with MRR = 0 at the start of the following month. */
  churned: number;
  /** churned / customerMonths, null when customerMonths = 0. */
  monthlyChurn: number | null;
}

/**
 * Monthly churn over the last 12 full months before `asOf`'s month: for each month m, customers with
 * MRR > 0 at m's start are at risk; those with MRR = 0 at the next month's start churned.
 */
export function segmentMonthlyChurn(accounts: readonly LedgerAccount[], asOf: Date, months = 12): SegmentChurn {
  const current = monthIndex(asOf);
  let customerMonths = 0;
  let churned = 0;
  for (let m = current - months; m < current; m++) {
    const start = monthStart(m);
    const next = monthStart(m + 1);
    for (const a of accounts) {
      if (mrrAt(a, start) > 0) {
        customerMonths++;
        if (mrrAt(a, next) <= 0) churned++;
      }
    }
  }
  return { customerMonths, churned, monthlyChurn: customerMonths > 0 ? churned / customerMonths : null };
}

/** Whole months from the cohort month of `firstNewAt` to `asOf`'s month: the renewals made so far. */
export function renewalsSoFar(firstNewAt: Date, asOf: Date): number {
  return Math.max(0, monthIndex(asOf) - monthIndex(firstNewAt));
}

/**
 * Undiscounted expected remaining lifetime in months of a customer with `renewals` renewals so far:
 * Σ_{t = n .. n + cap − 1} S(t)/S(n − 1), n = renewals + 1, i.e. the expected number of future
 * renewals, truncated at `cap` months (the untruncated sum is (β + n − 1)/(α − 1) for α > 1 and
 * infinite for α ≤ 1).
 */
export function sbgExpectedRemainingMonths(alpha: number, beta: number, renewals: number, cap = 600): number {
  const n = renewals + 1;
  let s = 1; // S(t)/S(n − 1), starting at t = n − 1
  let sum = 0;
  for (let t = n; t < n + cap; t++) {
    s *= (beta + t - 1) / (alpha + beta + t - 1);
    sum += s;
  }
  return sum;
}

/** Above this α + β the sBG is treated as its geometric limit (constant churn θ = α/(α+β)). */
export const GEOMETRIC_LIMIT = 1e6;

/**
 * DERL that also works at the geometric limit. When the data show no heterogeneity the sBG fit runs
 * to α, β → ∞ (see docs/models-clv.md) and ₂F₁ no longer converges; there S(t)/S(n−1) = (1 − θ)^{t−n+1}, so
 *
 *   DERL = Σ_{k ≥ 0} (1 − θ)^{k+1} (1 + d)^{−k} = (1 − θ)(1 + d) / (d + θ),   θ = α/(α + β)
 *
 * (relative error of order n/(α + β) against the exact sBG value). Otherwise exactly `sbgDerl`.
 */
export function sbgDerlStable(alpha: number, beta: number, discount: number, renewals: number): number {
  if (alpha + beta > GEOMETRIC_LIMIT) {
    const theta = alpha / (alpha + beta);
    return ((1 - theta) * (1 + discount)) / (discount + theta);
  }
  return sbgDerl(alpha, beta, discount, renewals);
}

export interface AccountClv {
  valueCents: number | null;
  expectedLifetimeMonths: number | null;
}

/** sBG CLV: MRR × margin × DERL(monthly discount | α, β, renewals so far) (`sbgDerlStable`), rounded to whole cents. */
export function sbgAccountClv(
  mrrCents: number,
  margin: number,
  alpha: number,
  beta: number,
  monthlyDiscount: number,
  renewals: number,
): AccountClv {
  return {
    valueCents: Math.round(mrrCents * margin * sbgDerlStable(alpha, beta, monthlyDiscount, renewals)),
    expectedLifetimeMonths: sbgExpectedRemainingMonths(alpha, beta, renewals),
  };
}

/** Formula CLV: MRR × margin / monthly churn; null value and lifetime when churn is 0 or unknown. */
export function formulaAccountClv(mrrCents: number, margin: number, monthlyChurn: number | null): AccountClv {
  if (monthlyChurn === null || !(monthlyChurn > 0)) return { valueCents: null, expectedLifetimeMonths: null };
  return { valueCents: Math.round((mrrCents * margin) / monthlyChurn), expectedLifetimeMonths: 1 / monthlyChurn };
}
