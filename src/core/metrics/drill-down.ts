/**
 * The accounts behind a retention figure (drill-down). Membership and amounts are read from the same
 * CustomerPeriodFacts rows `computeRetentionMetrics` counts, so a figure's list has exactly its count and sum.
 * Pure TypeScript. See docs/metrics.md (sets) and docs/web.md (Manager cockpit API).
 */
import { isAcquired } from './retention';
import { CustomerPeriodFacts } from './types';

export type MetricFigure =
  | 'START_CUSTOMERS'
  | 'END_CUSTOMERS'
  | 'NEW'
  | 'ACQUIRED'
  | 'CHURNED'
  | 'EXPANSION'
  | 'CONTRACTION'
  | 'REACTIVATION'
  | 'RETAINED'
  | 'SERVED'
  | 'COHORT_EXPANSION'
  | 'COHORT_CONTRACTION'
  | 'COHORT_CHURN';

export const METRIC_FIGURES: readonly MetricFigure[] = [
  'START_CUSTOMERS',
  'END_CUSTOMERS',
  'NEW',
  'ACQUIRED',
  'CHURNED',
  'EXPANSION',
  'CONTRACTION',
  'REACTIVATION',
  'RETAINED',
  'SERVED',
  'COHORT_EXPANSION',
  'COHORT_CONTRACTION',
  'COHORT_CHURN',
];

/**
 * The amount (cents) an account contributes to a figure, or null when it is not behind the figure.
 * Count of members and sum of amounts equal these retentionMetrics fields:
 * START_CUSTOMERS customersAtStart / startMrrCents; END_CUSTOMERS customersAtEnd / endMrrCents;
 * NEW newCustomers / newMrrCents; CHURNED churnedCustomers / churnedMrrCents;
 * REACTIVATION reactivatedCustomers / reactivationMrrCents; EXPANSION, CONTRACTION: — / expansionMrrCents,
 * contractionMrrCents (raw movement sums, as the waterfall); ACQUIRED acquiredCustomers (amount: new +
 * reactivation MRR); RETAINED the logo-retention numerator |E − N| (amount: end MRR); SERVED customersServed
 * (amount: end MRR); COHORT_EXPANSION, COHORT_CONTRACTION, COHORT_CHURN the start cohort's net changes that NRR and
 * GRR use (startCohort.expansionCents, contractionCents, churnCents: a start customer who churned counts its start MRR
 * as churn and nothing else; the others their net change end − start).
 */
export function figureAmountCents(figure: MetricFigure, f: CustomerPeriodFacts): number | null {
  const inS = f.startMrrCents > 0;
  const inE = f.endMrrCents > 0;
  switch (figure) {
    case 'START_CUSTOMERS':
      return inS ? f.startMrrCents : null;
    case 'END_CUSTOMERS':
      return inE ? f.endMrrCents : null;
    case 'NEW':
      return f.newEvents > 0 ? f.newCents : null;
    case 'ACQUIRED':
      return isAcquired(f) ? f.newCents + f.reactivationCents : null;
    case 'CHURNED':
      return f.churnEvents > 0 ? f.churnCents : null;
    case 'EXPANSION':
      return f.expansionCents > 0 ? f.expansionCents : null;
    case 'CONTRACTION':
      return f.contractionCents > 0 ? f.contractionCents : null;
    case 'REACTIVATION':
      return f.reactivationEvents > 0 ? f.reactivationCents : null;
    case 'RETAINED':
      return inE && !isAcquired(f) ? f.endMrrCents : null;
    case 'SERVED':
      return f.activeAtAnyInstant ? f.endMrrCents : null;
    case 'COHORT_EXPANSION':
      return inS && f.churnEvents === 0 && f.endMrrCents > f.startMrrCents ? f.endMrrCents - f.startMrrCents : null;
    case 'COHORT_CONTRACTION':
      return inS && f.churnEvents === 0 && f.endMrrCents < f.startMrrCents ? f.startMrrCents - f.endMrrCents : null;
    case 'COHORT_CHURN':
      return inS && f.churnEvents > 0 ? f.startMrrCents : null;
  }
}

export interface FigureMember<F extends CustomerPeriodFacts> {
  facts: F;
  amountCents: number;
}

export interface FigureMembers<F extends CustomerPeriodFacts> {
  /** Members, largest amount first, then by account id (a stable order for cursors). */
  members: FigureMember<F>[];
  totalCount: number;
  sumCents: number;
}

/** The accounts behind a figure, ordered, with their count and the sum of their amounts. */
export function figureMembers<F extends CustomerPeriodFacts>(
  figure: MetricFigure,
  facts: readonly F[],
): FigureMembers<F> {
  const members: FigureMember<F>[] = [];
  let sumCents = 0;
  for (const f of facts) {
    const amountCents = figureAmountCents(figure, f);
    if (amountCents === null) continue;
    members.push({ facts: f, amountCents });
    sumCents += amountCents;
  }
  if (!Number.isSafeInteger(sumCents)) throw new RangeError(`sum ${sumCents} exceeds the safe integer range`);
  members.sort((a, b) => compareMembers([a.amountCents, a.facts.accountId], [b.amountCents, b.facts.accountId]));
  return { members, totalCount: members.length, sumCents };
}

/** Order of the key [amountCents, accountId]: amount descending, then account id ascending. */
export function compareMembers(a: readonly [number, string], b: readonly [number, string]): number {
  if (a[0] !== b[0]) return b[0] - a[0];
  return a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
}

/** The members strictly after a cursor key (null: from the start). */
export function membersAfter<F extends CustomerPeriodFacts>(
  members: readonly FigureMember<F>[],
  after: readonly [number, string] | null,
): FigureMember<F>[] {
  if (!after) return [...members];
  return members.filter((m) => compareMembers([m.amountCents, m.facts.accountId], after) > 0);
}
