/** The renewals screen's window: six months back and six ahead by month, or four quarters each way by quarter (UTC). */
export type RenewalUnit = 'month' | 'quarter';

export interface RenewalsSearch {
  by?: RenewalUnit;
  segment?: string;
  owner?: string;
}

const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

export function validateRenewalsSearch(s: Record<string, unknown>): RenewalsSearch {
  return { by: s.by === 'quarter' ? 'quarter' : undefined, segment: text(s.segment), owner: text(s.owner) };
}

const iso = (d: Date) => d.toISOString().slice(0, 10);

/** [from, to): the current unit in the middle, the same span before (past outcomes) and after (upcoming). */
export function renewalsWindow(unit: RenewalUnit, now: Date): { from: string; to: string } {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  const start = unit === 'quarter' ? m - (m % 3) : m;
  const span = unit === 'quarter' ? 12 : 6;
  return { from: iso(new Date(Date.UTC(y, start - span, 1))), to: iso(new Date(Date.UTC(y, start + span, 1))) };
}

/** "Mar 2026" or "Q1 2026". */
export function bucketLabel(unit: RenewalUnit, periodStart: string): string {
  const d = new Date(periodStart);
  if (unit === 'quarter') return `Q${Math.floor(d.getUTCMonth() / 3) + 1} ${d.getUTCFullYear()}`;
  return d.toLocaleDateString('en-US', { month: 'short', year: 'numeric', timeZone: 'UTC' });
}
