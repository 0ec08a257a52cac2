/** The kinds of MRR movement, derived from consecutive MRR values of one account. */
export type MovementType = 'NEW' | 'EXPANSION' | 'CONTRACTION' | 'CHURN' | 'REACTIVATION';

/** A statement "from effectiveAt on, this account's MRR is mrrCents". `seq` breaks ties at the same instant. */
export interface MrrSetPoint {
  id: string;
  effectiveAt: Date;
  seq: number;
  mrrCents: number;
}

export interface DerivedMovement {
  id: string;
  type: MovementType;
  amountCents: number;
  mrrBeforeCents: number;
  mrrAfterCents: number;
  effectiveAt: Date;
  seq: number;
}

/** Orders set points by time, then by the order they were recorded. */
export function compareSetPoints(a: MrrSetPoint, b: MrrSetPoint): number {
  return a.effectiveAt.getTime() - b.effectiveAt.getTime() || a.seq - b.seq;
}

/** The movement type for an MRR going from `before` to `after`; null when nothing changed. */
export function classifyMovement(before: number, after: number, everPaid: boolean): MovementType | null {
  if (after === before) return null;
  if (before === 0) return everPaid ? 'REACTIVATION' : 'NEW';
  if (after === 0) return 'CHURN';
  return after > before ? 'EXPANSION' : 'CONTRACTION';
}

/**
 * Replays an account's MRR statements in time order and derives its movements. Statements that do not
 * change the MRR at their place in time (possible after a back-dated insert) yield no movement.
 */
export function deriveMovements(points: readonly MrrSetPoint[]): DerivedMovement[] {
  const ordered = [...points].sort(compareSetPoints);
  const out: DerivedMovement[] = [];
  let mrr = 0;
  let everPaid = false;
  for (const p of ordered) {
    if (!Number.isSafeInteger(p.mrrCents) || p.mrrCents < 0) throw new RangeError(`invalid MRR ${p.mrrCents}`);
    const type = classifyMovement(mrr, p.mrrCents, everPaid);
    if (type) {
      out.push({
        id: p.id,
        type,
        amountCents: Math.abs(p.mrrCents - mrr),
        mrrBeforeCents: mrr,
        mrrAfterCents: p.mrrCents,
        effectiveAt: p.effectiveAt,
        seq: p.seq,
      });
    }
    mrr = p.mrrCents;
    if (mrr > 0) everPaid = true;
  }
  return out;
}

/** The MRR in force just before `at` (strictly earlier statements only), given statements in any order. */
export function mrrBefore(points: readonly MrrSetPoint[], at: Date): number {
  let best: MrrSetPoint | null = null;
  for (const p of points) {
    if (p.effectiveAt.getTime() < at.getTime() && (!best || compareSetPoints(p, best) > 0)) best = p;
  }
  return best ? best.mrrCents : 0;
}

export interface AccountLedgerState {
  status: 'PROSPECT' | 'ACTIVE' | 'CHURNED';
  mrrCents: number;
  churnedAt: Date | null;
  firstPaidAt: Date | null;
}

/** Current status of an account from its derived movements (in order). */
export function ledgerState(movements: readonly DerivedMovement[]): AccountLedgerState {
  if (movements.length === 0) return { status: 'PROSPECT', mrrCents: 0, churnedAt: null, firstPaidAt: null };
  const last = movements[movements.length - 1];
  const firstPaidAt = movements[0].effectiveAt;
  if (last.mrrAfterCents === 0) return { status: 'CHURNED', mrrCents: 0, churnedAt: last.effectiveAt, firstPaidAt };
  return { status: 'ACTIVE', mrrCents: last.mrrAfterCents, churnedAt: null, firstPaidAt };
}
