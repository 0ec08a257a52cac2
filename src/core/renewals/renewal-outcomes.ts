/**
 * Renewals: what was up for renewal in a period and how it went. Pure TypeScript; the rules are documented in
 * docs/metrics.md ("Renewals"). The data model stores only each account's *next* renewal date (it moves forward
 * when a contract renews) and no history of renewal dates, so past renewals are inferred:
 *
 * - a past renewal is an anniversary of the account's renewal date (its stored renewal date moved back by whole
 *   years; the sign-up date when no renewal date is stored, e.g. churned accounts) that falls before today and after
 *   the account became a customer — annual terms are assumed, the only term the data lets us read;
 * - it was **due** when the account paid MRR just before (day − RENEWAL_WINDOW_DAYS): the base MRR;
 * - its outcome is the MRR just before min(day + RENEWAL_WINDOW_DAYS, now): 0 → **churned** (the base MRR lost),
 *   > 0 → **renewed** (at that MRR), above the base → also **expanded** (by the difference), below → **contracted**.
 */
export const RENEWAL_WINDOW_DAYS = 30;

/** One inferred past renewal: the day and the MRR around it (cents). */
export interface PastRenewal {
  accountId: string;
  /** YYYY-MM-DD (UTC). */
  day: string;
  /** MRR just before day − window. */
  baseCents: number;
  /** MRR just before min(day + window, now). */
  afterCents: number;
}

export interface RenewalOutcomeTotals {
  dueCount: number;
  dueMrrCents: number;
  renewedCount: number;
  renewedMrrCents: number;
  churnedCount: number;
  churnedMrrCents: number;
  expandedCount: number;
  expansionMrrCents: number;
  contractedCount: number;
  contractionMrrCents: number;
}

export type RenewalOutcome = 'RENEWED' | 'EXPANDED' | 'CONTRACTED' | 'CHURNED';

/** The outcome of a due renewal (base > 0); null when nothing was due (not a customer before the window). */
export function renewalOutcome(baseCents: number, afterCents: number): RenewalOutcome | null {
  if (baseCents <= 0) return null;
  if (afterCents <= 0) return 'CHURNED';
  if (afterCents > baseCents) return 'EXPANDED';
  if (afterCents < baseCents) return 'CONTRACTED';
  return 'RENEWED';
}

export function emptyOutcomeTotals(): RenewalOutcomeTotals {
  return {
    dueCount: 0,
    dueMrrCents: 0,
    renewedCount: 0,
    renewedMrrCents: 0,
    churnedCount: 0,
    churnedMrrCents: 0,
    expandedCount: 0,
    expansionMrrCents: 0,
    contractedCount: 0,
    contractionMrrCents: 0,
  };
}

/** Adds one past renewal to the totals (renewed counts every renewal kept, expanded and contracted among them). */
export function addOutcome(t: RenewalOutcomeTotals, r: PastRenewal): void {
  const outcome = renewalOutcome(r.baseCents, r.afterCents);
  if (!outcome) return;
  t.dueCount++;
  t.dueMrrCents += r.baseCents;
  if (outcome === 'CHURNED') {
    t.churnedCount++;
    t.churnedMrrCents += r.baseCents;
    return;
  }
  t.renewedCount++;
  t.renewedMrrCents += r.afterCents;
  if (outcome === 'EXPANDED') {
    t.expandedCount++;
    t.expansionMrrCents += r.afterCents - r.baseCents;
  } else if (outcome === 'CONTRACTED') {
    t.contractedCount++;
    t.contractionMrrCents += r.baseCents - r.afterCents;
  }
}

/** Upcoming renewals are ordered by this: RED health or HIGH risk first, then YELLOW or MEDIUM, then the rest. */
export type RenewalPriority = 'AT_RISK' | 'WATCH' | 'OK';
export const RENEWAL_PRIORITIES: readonly RenewalPriority[] = ['AT_RISK', 'WATCH', 'OK'];

export function renewalPriority(band: string | null, riskBand: string | null): RenewalPriority {
  if (band === 'RED' || riskBand === 'HIGH') return 'AT_RISK';
  if (band === 'YELLOW' || riskBand === 'MEDIUM') return 'WATCH';
  return 'OK';
}
