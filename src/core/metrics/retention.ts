/**
 * Period retention metrics aggregated from per-customer facts. See docs/metrics.md.
 */
import { checkFacts } from './facts';
import { arpaCents, arrFromMrrCents, arrGrowthPct, percentage, periodDays, quickRatio } from './formulas';
import { CustomerPeriodFacts } from './types';

/** Sums of MRR movements (cents). */
export interface MrrMovementTotals {
  startMrrCents: number;
  newCents: number;
  expansionCents: number;
  contractionCents: number;
  churnCents: number;
  reactivationCents: number;
  endMrrCents: number;
}

/**
 * The start cohort's (S's) figures used by NRR and GRR, measured per customer as the net change
 * between start and end of the period, where a customer who churned at any time in the period
 * counts as fully churned (their start MRR is churn; a later reactivation is not counted).
 * They satisfy:
 *   retainedMrrCents      = startMrrCents + expansionCents − contractionCents − churnCents
 *   grossRetainedMrrCents = startMrrCents − contractionCents − churnCents
 */
export interface StartCohortTotals {
  customers: number;
  startMrrCents: number;
  /** Σ max(0, end − start) over S customers without a churn in the period. */
  expansionCents: number;
  /** Σ max(0, start − end) over S customers without a churn in the period. */
  contractionCents: number;
  /** Σ start MRR over S customers with a churn in the period. */
  churnCents: number;
  /** Σ end MRR over S customers without a churn in the period (NRR numerator). */
  retainedMrrCents: number;
  /** Σ min(start, end) over S customers without a churn in the period (GRR numerator). */
  grossRetainedMrrCents: number;
}

export interface RetentionMetrics {
  from: Date;
  to: Date;
  days: number;

  /** |S|: customers with MRR > 0 just before `from`. */
  startCustomers: number;
  /** |E|: customers with MRR > 0 just before `to`. */
  endCustomers: number;
  /** |N|: customers with a NEW movement, or a REACTIVATION while not in S. */
  acquiredCustomers: number;
  /** Customers with a NEW movement in the period. */
  newCustomers: number;
  /** Distinct customers with a REACTIVATION movement in the period (in S or not). */
  reactivatedCustomers: number;
  /** Distinct customers with a CHURN movement in the period. */
  churnedCustomers: number;
  /** … of which in S. */
  churnedStartCustomers: number;
  /** … of which acquired in the period (not in S). */
  churnedAcquiredCustomers: number;
  /** |E − N| (set difference) = customers in E not acquired in the period (all are in S). */
  retainedCustomers: number;
  /** Customers with MRR > 0 at some instant of [from, to). */
  customersServed: number;

  mrr: MrrMovementTotals;
  /** new + expansion + reactivation − contraction − churn (= end − start). */
  netNewMrrCents: number;
  startCohort: StartCohortTotals;

  /** churned / |S| × 100; null when S is empty. */
  churnRatePct: number | null;
  /** CRR as the seed defines it, with counts: (|E| − |N|) / |S| × 100; null when S is empty. */
  customerRetentionRatePct: number | null;
  /** Logo retention: start customers still active at the end, |E − N| / |S| × 100 (set-based); null when S is empty. */
  logoRetentionRatePct: number | null;
  /** NRR in percent; null when start MRR is 0. */
  nrrPct: number | null;
  /** GRR in percent (0..100); null when start MRR is 0. */
  grrPct: number | null;
  startArrCents: number;
  endArrCents: number;
  /** null when start ARR is 0. */
  arrGrowthPct: number | null;
  /** null when contraction + churn is 0. */
  quickRatio: number | null;
  /** end MRR / |E|, rounded to the nearest cent (halves up); null when E is empty. */
  arpaCents: number | null;
  /** Σ end MRR of S customers / end MRR × 100; null when end MRR is 0. */
  existingCustomerRevenueSharePct: number | null;
  /** Σ end MRR of S customers (cents). */
  existingCustomerEndMrrCents: number;
}

/** Sums the MRR movements of a set of facts rows. */
export function sumMovements(facts: readonly CustomerPeriodFacts[]): MrrMovementTotals {
  const t: MrrMovementTotals = {
    startMrrCents: 0,
    newCents: 0,
    expansionCents: 0,
    contractionCents: 0,
    churnCents: 0,
    reactivationCents: 0,
    endMrrCents: 0,
  };
  for (const f of facts) {
    t.startMrrCents += f.startMrrCents;
    t.newCents += f.newCents;
    t.expansionCents += f.expansionCents;
    t.contractionCents += f.contractionCents;
    t.churnCents += f.churnCents;
    t.reactivationCents += f.reactivationCents;
    t.endMrrCents += f.endMrrCents;
  }
  for (const [k, v] of Object.entries(t)) {
    if (!Number.isSafeInteger(v)) throw new RangeError(`${k} total ${v} exceeds the safe integer range`);
  }
  return t;
}

/** Throws when rows are inconsistent or an account appears twice. */
export function assertValidFacts(facts: readonly CustomerPeriodFacts[]): void {
  const seen = new Set<string>();
  for (const f of facts) {
    if (seen.has(f.accountId)) throw new Error(`facts of account ${f.accountId} appear twice`);
    seen.add(f.accountId);
    const errors = checkFacts(f);
    if (errors.length > 0) throw new Error(`invalid period facts: ${errors.join('; ')}`);
  }
}

/** Whether a facts row's customer counts as acquired in the period (member of N). */
export function isAcquired(f: CustomerPeriodFacts): boolean {
  return f.newEvents > 0 || (f.reactivationEvents > 0 && f.startMrrCents === 0);
}

/**
 * All period metrics from one facts row per customer for [from, to).
 * Validates the rows first (throws on inconsistent rows or duplicate accounts).
 */
export function computeRetentionMetrics(
  facts: readonly CustomerPeriodFacts[],
  period: { from: Date; to: Date },
): RetentionMetrics {
  const days = periodDays(period.from, period.to);
  assertValidFacts(facts);
  const mrr = sumMovements(facts);

  let startCustomers = 0;
  let endCustomers = 0;
  let acquiredCustomers = 0;
  let newCustomers = 0;
  let reactivatedCustomers = 0;
  let churnedStartCustomers = 0;
  let churnedAcquiredCustomers = 0;
  let retainedCustomers = 0;
  let customersServed = 0;
  let existingCustomerEndMrrCents = 0;
  const cohort: StartCohortTotals = {
    customers: 0,
    startMrrCents: 0,
    expansionCents: 0,
    contractionCents: 0,
    churnCents: 0,
    retainedMrrCents: 0,
    grossRetainedMrrCents: 0,
  };

  for (const f of facts) {
    const inS = f.startMrrCents > 0;
    const inE = f.endMrrCents > 0;
    const inN = isAcquired(f);
    const churned = f.churnEvents > 0;
    if (inS) startCustomers++;
    if (inE) endCustomers++;
    if (inN) acquiredCustomers++;
    if (f.newEvents > 0) newCustomers++;
    if (f.reactivationEvents > 0) reactivatedCustomers++;
    if (churned && inS) churnedStartCustomers++;
    if (churned && !inS) churnedAcquiredCustomers++;
    if (inE && !inN) retainedCustomers++;
    if (f.activeAtAnyInstant) customersServed++;
    if (inS) {
      existingCustomerEndMrrCents += f.endMrrCents;
      cohort.customers++;
      cohort.startMrrCents += f.startMrrCents;
      if (churned) {
        cohort.churnCents += f.startMrrCents;
      } else {
        const end = f.endMrrCents;
        if (end > f.startMrrCents) cohort.expansionCents += end - f.startMrrCents;
        else cohort.contractionCents += f.startMrrCents - end;
        cohort.retainedMrrCents += end;
        cohort.grossRetainedMrrCents += Math.min(end, f.startMrrCents);
      }
    }
  }

  const churnedCustomers = churnedStartCustomers + churnedAcquiredCustomers;
  const startArrCents = arrFromMrrCents(mrr.startMrrCents);
  const endArrCents = arrFromMrrCents(mrr.endMrrCents);

  return {
    from: period.from,
    to: period.to,
    days,
    startCustomers,
    endCustomers,
    acquiredCustomers,
    newCustomers,
    reactivatedCustomers,
    churnedCustomers,
    churnedStartCustomers,
    churnedAcquiredCustomers,
    retainedCustomers,
    customersServed,
    mrr,
    netNewMrrCents: mrr.endMrrCents - mrr.startMrrCents,
    startCohort: cohort,
    churnRatePct: churnRatePct(churnedCustomers, startCustomers),
    customerRetentionRatePct: customerRetentionRatePct(endCustomers, acquiredCustomers, startCustomers),
    logoRetentionRatePct: percentage(retainedCustomers, startCustomers),
    nrrPct: percentage(cohort.retainedMrrCents, cohort.startMrrCents),
    grrPct: percentage(cohort.grossRetainedMrrCents, cohort.startMrrCents),
    startArrCents,
    endArrCents,
    arrGrowthPct: arrGrowthPct(startArrCents, endArrCents),
    quickRatio: quickRatio(mrr),
    arpaCents: arpaCents(mrr.endMrrCents, endCustomers),
    existingCustomerRevenueSharePct: percentage(existingCustomerEndMrrCents, mrr.endMrrCents),
    existingCustomerEndMrrCents,
  };
}

/** Churn rate = churned / start customers × 100; null when there are no start customers. */
export function churnRatePct(churnedCustomers: number, startCustomers: number): number | null {
  return percentage(churnedCustomers, startCustomers);
}

/**
 * Customer retention rate as the seed defines it: (customers at the end − customers acquired during the
 * period) / customers at the start × 100, with counts; null when S = 0. An acquired customer who also left
 * in the period still counts in N, so CRR can be below the logo retention rate (|E − N| / |S|, the start
 * customers still active) and even negative (see docs/metrics.md).
 */
export function customerRetentionRatePct(
  endCustomers: number,
  acquiredCustomers: number,
  startCustomers: number,
): number | null {
  return percentage(endCustomers - acquiredCustomers, startCustomers);
}

/** NRR = (start + expansion − contraction − churn) / start × 100; null when start is 0. */
export function nrrPct(c: {
  startMrrCents: number;
  expansionCents: number;
  contractionCents: number;
  churnCents: number;
}): number | null {
  return percentage(c.startMrrCents + c.expansionCents - c.contractionCents - c.churnCents, c.startMrrCents);
}

/** GRR = (start − contraction − churn) / start × 100; null when start is 0. */
export function grrPct(c: { startMrrCents: number; contractionCents: number; churnCents: number }): number | null {
  return percentage(c.startMrrCents - c.contractionCents - c.churnCents, c.startMrrCents);
}
