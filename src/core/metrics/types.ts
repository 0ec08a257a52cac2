/**
 * Types the retention metrics compute over. Pure TypeScript, no framework imports.
 *
 * Money is integer cents (safe integers). Dates are UTC instants. A period is half-open
 * [from, to): a movement effective exactly at `from` belongs to the period, one at `to` does not.
 * See docs/metrics.md for every definition.
 */

export type MrrMovementType = 'NEW' | 'EXPANSION' | 'CONTRACTION' | 'CHURN' | 'REACTIVATION';

export const MRR_MOVEMENT_TYPES: readonly MrrMovementType[] = [
  'NEW',
  'EXPANSION',
  'CONTRACTION',
  'CHURN',
  'REACTIVATION',
];

/**
 * One movement of the MRR ledger (structurally compatible with the ledger's entity).
 * `amountCents` is positive and equals |mrrAfterCents − mrrBeforeCents|.
 * Per account, movements are ordered by `effectiveAt`; for equal `effectiveAt` the order of the
 * input array is the ledger order.
 */
export interface MrrMovementLike {
  accountId: string;
  type: MrrMovementType;
  amountCents: number;
  mrrBeforeCents: number;
  mrrAfterCents: number;
  effectiveAt: Date;
}

/** A half-open UTC period [from, to). */
export interface Period {
  from: Date;
  to: Date;
}

/**
 * One row of facts per customer for a period [from, to). This is the contract between the SQL
 * (which gathers these rows set-based) and the pure aggregation functions.
 * `factsFromMovements` is the executable reference for every field.
 *
 * "MRR just before t" = mrrAfterCents of the last movement (ledger order) with effectiveAt < t,
 * or 0 when there is none.
 * "Movement in the period" = a movement with from <= effectiveAt < to.
 *
 * Rows for customers with startMrrCents = 0 and no movement in the period may be included or
 * omitted: they change no figure.
 */
export interface CustomerPeriodFacts {
  accountId: string;
  /** MRR just before `from` (customer is in S, the start set, iff > 0). */
  startMrrCents: number;
  /** MRR just before `to` (customer is in E, the end set, iff > 0). */
  endMrrCents: number;
  /** Sum of amountCents of NEW movements in the period. */
  newCents: number;
  /** Sum of amountCents of EXPANSION movements in the period. */
  expansionCents: number;
  /** Sum of amountCents of CONTRACTION movements in the period. */
  contractionCents: number;
  /** Sum of amountCents of CHURN movements in the period. */
  churnCents: number;
  /** Sum of amountCents of REACTIVATION movements in the period. */
  reactivationCents: number;
  /** Number of NEW movements in the period (0 or 1: NEW happens once per customer). */
  newEvents: number;
  /** Number of CHURN movements in the period. */
  churnEvents: number;
  /** Number of REACTIVATION movements in the period. */
  reactivationEvents: number;
  /**
   * MRR > 0 at some instant of [from, to). The MRR at instant t is mrrAfterCents of the last
   * movement (ledger order) with effectiveAt <= t (0 if none). So: true iff the MRR at `from`
   * (after every movement effective at or before `from`) is > 0, or for some timestamp t with
   * from < t < to the last movement effective at t has mrrAfterCents > 0.
   * (When an account never has two movements with the same effectiveAt this is simply:
   * last movement with effectiveAt <= from has mrrAfter > 0, OR some movement with
   * from < effectiveAt < to has mrrAfter > 0.)
   * A start customer whose CHURN is effective exactly at `from` is therefore not served.
   */
  activeAtAnyInstant: boolean;
}
