/**
 * Builds per-customer period facts from raw MRR movements (the reference for the SQL), and
 * validates movements and facts.
 */
import { assertSafeCents } from './formulas';
import { CustomerPeriodFacts, MrrMovementLike, MrrMovementType, Period } from './types';

/** Groups movements by account, each group in ledger order (stable sort by effectiveAt). */
export function groupMovementsByAccount(movements: readonly MrrMovementLike[]): Map<string, MrrMovementLike[]> {
  const byAccount = new Map<string, MrrMovementLike[]>();
  movements.forEach((m) => {
    let list = byAccount.get(m.accountId);
    if (!list) {
      list = [];
      byAccount.set(m.accountId, list);
    }
    list.push(m);
  });
  for (const list of byAccount.values()) {
    // Array.prototype.sort is stable: equal timestamps keep the input (ledger) order.
    list.sort((a, b) => a.effectiveAt.getTime() - b.effectiveAt.getTime());
  }
  return byAccount;
}

/** The movement type the ledger derives for a change of MRR (everPaidBefore: any earlier MRR > 0). */
export function deriveMovementType(
  mrrBeforeCents: number,
  mrrAfterCents: number,
  everPaidBefore: boolean,
): MrrMovementType | null {
  if (mrrBeforeCents === mrrAfterCents) return null;
  if (mrrBeforeCents === 0) return everPaidBefore ? 'REACTIVATION' : 'NEW';
  if (mrrAfterCents === 0) return 'CHURN';
  return mrrAfterCents > mrrBeforeCents ? 'EXPANSION' : 'CONTRACTION';
}

/**
 * Checks one account's movements (already in ledger order): integer cents, amount =
 * |after − before|, type matches the derivation rule, and each mrrBefore equals the previous
 * mrrAfter (the first starts from 0). Returns the list of problems (empty when consistent).
 */
export function validateAccountMovements(ordered: readonly MrrMovementLike[]): string[] {
  const errors: string[] = [];
  let previousAfter = 0;
  let everPaid = false;
  ordered.forEach((m, i) => {
    const where = `account ${m.accountId} movement #${i} (${m.type} at ${m.effectiveAt.toISOString()})`;
    for (const [name, v] of [
      ['amountCents', m.amountCents],
      ['mrrBeforeCents', m.mrrBeforeCents],
      ['mrrAfterCents', m.mrrAfterCents],
    ] as const) {
      if (!Number.isSafeInteger(v) || v < 0) errors.push(`${where}: ${name} ${v} is not a non-negative safe integer`);
    }
    if (m.mrrBeforeCents !== previousAfter) {
      errors.push(`${where}: mrrBefore ${m.mrrBeforeCents} != previous mrrAfter ${previousAfter}`);
    }
    if (m.amountCents <= 0 || m.amountCents !== Math.abs(m.mrrAfterCents - m.mrrBeforeCents)) {
      errors.push(`${where}: amount ${m.amountCents} != |${m.mrrAfterCents} − ${m.mrrBeforeCents}|`);
    }
    const expected = deriveMovementType(m.mrrBeforeCents, m.mrrAfterCents, everPaid);
    if (expected !== m.type) errors.push(`${where}: type should be ${expected}`);
    if (m.mrrAfterCents > 0) everPaid = true;
    previousAfter = m.mrrAfterCents;
  });
  return errors;
}

/** The MRR at instant t: mrrAfter of the last movement (ledger order) effective at or before t. */
function mrrAtInstant(ordered: readonly MrrMovementLike[], t: number): number {
  let mrr = 0;
  for (const m of ordered) {
    if (m.effectiveAt.getTime() > t) break;
    mrr = m.mrrAfterCents;
  }
  return mrr;
}

/** Facts of one account for [from, to) from its movements in ledger order. */
export function accountFacts(
  accountId: string,
  ordered: readonly MrrMovementLike[],
  period: Period,
): CustomerPeriodFacts {
  const from = period.from.getTime();
  const to = period.to.getTime();
  const f: CustomerPeriodFacts = {
    accountId,
    startMrrCents: 0,
    endMrrCents: 0,
    newCents: 0,
    expansionCents: 0,
    contractionCents: 0,
    churnCents: 0,
    reactivationCents: 0,
    newEvents: 0,
    churnEvents: 0,
    reactivationEvents: 0,
    activeAtAnyInstant: false,
  };
  for (let i = 0; i < ordered.length; i++) {
    const m = ordered[i];
    const t = m.effectiveAt.getTime();
    if (t < from) f.startMrrCents = m.mrrAfterCents;
    if (t < to) f.endMrrCents = m.mrrAfterCents;
    if (t < from || t >= to) continue;
    switch (m.type) {
      case 'NEW':
        f.newCents += m.amountCents;
        f.newEvents += 1;
        break;
      case 'EXPANSION':
        f.expansionCents += m.amountCents;
        break;
      case 'CONTRACTION':
        f.contractionCents += m.amountCents;
        break;
      case 'CHURN':
        f.churnCents += m.amountCents;
        f.churnEvents += 1;
        break;
      case 'REACTIVATION':
        f.reactivationCents += m.amountCents;
        f.reactivationEvents += 1;
        break;
    }
    // Served: the state after the last movement at a timestamp t with from < t < to.
    const lastAtThisInstant = i + 1 >= ordered.length || ordered[i + 1].effectiveAt.getTime() !== t;
    if (t > from && lastAtThisInstant && m.mrrAfterCents > 0) f.activeAtAnyInstant = true;
  }
  if (mrrAtInstant(ordered, from) > 0) f.activeAtAnyInstant = true;
  return f;
}

/** True when a facts row changes no figure (not in S and no movement in the period). */
function isIrrelevant(f: CustomerPeriodFacts): boolean {
  return (
    f.startMrrCents === 0 &&
    f.endMrrCents === 0 &&
    f.newEvents === 0 &&
    f.churnEvents === 0 &&
    f.reactivationEvents === 0 &&
    f.expansionCents === 0 &&
    f.contractionCents === 0 &&
    !f.activeAtAnyInstant
  );
}

/**
 * Reference implementation of the per-customer facts for [from, to) (see CustomerPeriodFacts).
 * Takes the movements of any number of accounts (whole history up to at least `to`), validates
 * each account's chain (throws on an inconsistent ledger), and returns one row per account that
 * matters for the period (in S or with a movement in the period), in first-seen account order.
 */
export function factsFromMovements(movements: readonly MrrMovementLike[], from: Date, to: Date): CustomerPeriodFacts[] {
  if (!(from.getTime() < to.getTime())) throw new RangeError('period must have from < to');
  const out: CustomerPeriodFacts[] = [];
  for (const [accountId, ordered] of groupMovementsByAccount(movements)) {
    const errors = validateAccountMovements(ordered);
    if (errors.length > 0) throw new Error(`inconsistent MRR ledger: ${errors.join('; ')}`);
    const f = accountFacts(accountId, ordered, { from, to });
    if (!isIrrelevant(f)) out.push(f);
  }
  return out;
}

/**
 * Consistency checks a facts row must pass (used to catch SQL mistakes). Returns problems.
 * - every cents field and event count is a non-negative safe integer;
 * - end = start + new + expansion + reactivation − contraction − churn (exactly);
 * - amounts > 0 exactly when the matching event count > 0 (NEW, CHURN, REACTIVATION);
 * - at most one NEW, and only for a customer with start MRR 0;
 * - activeAtAnyInstant is true when end MRR > 0, and when start MRR > 0 without a churn.
 */
export function checkFacts(f: CustomerPeriodFacts): string[] {
  const errors: string[] = [];
  const where = `facts of account ${f.accountId}`;
  const cents = [
    'startMrrCents',
    'endMrrCents',
    'newCents',
    'expansionCents',
    'contractionCents',
    'churnCents',
    'reactivationCents',
  ] as const;
  for (const k of cents) {
    try {
      assertSafeCents(f[k], k);
    } catch (e) {
      errors.push(`${where}: ${(e as Error).message}`);
    }
  }
  for (const k of ['newEvents', 'churnEvents', 'reactivationEvents'] as const) {
    if (!Number.isSafeInteger(f[k]) || f[k] < 0) errors.push(`${where}: ${k} ${f[k]} is not a count`);
  }
  if (errors.length > 0) return errors;
  const computedEnd =
    f.startMrrCents + f.newCents + f.expansionCents + f.reactivationCents - f.contractionCents - f.churnCents;
  if (computedEnd !== f.endMrrCents) {
    errors.push(`${where}: start + movements = ${computedEnd} but end MRR is ${f.endMrrCents}`);
  }
  if (f.newCents > 0 !== f.newEvents > 0) errors.push(`${where}: newCents and newEvents disagree`);
  if (f.churnCents > 0 !== f.churnEvents > 0) errors.push(`${where}: churnCents and churnEvents disagree`);
  if (f.reactivationCents > 0 !== f.reactivationEvents > 0) {
    errors.push(`${where}: reactivationCents and reactivationEvents disagree`);
  }
  if (f.newEvents > 1) errors.push(`${where}: more than one NEW movement`);
  if (f.newEvents > 0 && f.startMrrCents > 0) errors.push(`${where}: NEW movement but start MRR > 0`);
  if (f.endMrrCents > 0 && !f.activeAtAnyInstant) errors.push(`${where}: end MRR > 0 but not active`);
  if (f.startMrrCents > 0 && f.churnEvents === 0 && !f.activeAtAnyInstant) {
    errors.push(`${where}: active at start without churn but not active`);
  }
  return errors;
}

/**
 * Returns a function giving, for an account, the MRR just before an instant (mrrAfter of the last
 * movement effective strictly before it; 0 when none). Binary search per call.
 */
export function mrrLookupFromMovements(
  movements: readonly MrrMovementLike[],
): (accountId: string, instant: Date) => number {
  const byAccount = groupMovementsByAccount(movements);
  return (accountId, instant) => {
    const list = byAccount.get(accountId);
    if (!list) return 0;
    const t = instant.getTime();
    let lo = 0;
    let hi = list.length; // first index with effectiveAt >= t
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (list[mid].effectiveAt.getTime() < t) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? 0 : list[lo - 1].mrrAfterCents;
  };
}

/** Total MRR over all accounts just before an instant (for QoQ / YoY growth from movements). */
export function totalMrrLookupFromMovements(movements: readonly MrrMovementLike[]): (instant: Date) => number {
  const lookup = mrrLookupFromMovements(movements);
  const accounts = [...new Set(movements.map((m) => m.accountId))];
  return (instant) => accounts.reduce((sum, a) => sum + lookup(a, instant), 0);
}
