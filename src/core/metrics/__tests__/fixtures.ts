import { deriveMovementType } from '../facts';
import { MrrMovementLike } from '../types';

/** Builds a consistent ledger from MRR changes: [accountId, ISO instant, new MRR in cents]. */
export function ledger(changes: readonly [string, string, number][]): MrrMovementLike[] {
  const state = new Map<string, { mrr: number; everPaid: boolean }>();
  const out: MrrMovementLike[] = [];
  for (const [accountId, at, mrrAfter] of changes) {
    const s = state.get(accountId) ?? { mrr: 0, everPaid: false };
    const type = deriveMovementType(s.mrr, mrrAfter, s.everPaid);
    if (type === null) throw new Error(`no change for ${accountId} at ${at}`);
    out.push({
      accountId,
      type,
      amountCents: Math.abs(mrrAfter - s.mrr),
      mrrBeforeCents: s.mrr,
      mrrAfterCents: mrrAfter,
      effectiveAt: new Date(at),
    });
    state.set(accountId, { mrr: mrrAfter, everPaid: s.everPaid || mrrAfter > 0 });
  }
  return out;
}

export const d = (iso: string): Date => new Date(iso);
