import { addOutcome, emptyOutcomeTotals, renewalOutcome, renewalPriority } from '../renewal-outcomes';

describe('renewal outcomes', () => {
  it('classifies a due renewal by the MRR after it', () => {
    expect(renewalOutcome(10_000, 0)).toBe('CHURNED');
    expect(renewalOutcome(10_000, 12_000)).toBe('EXPANDED');
    expect(renewalOutcome(10_000, 8_000)).toBe('CONTRACTED');
    expect(renewalOutcome(10_000, 10_000)).toBe('RENEWED');
    expect(renewalOutcome(0, 5_000)).toBeNull(); // not a customer before the window: nothing was due
  });

  it('adds up renewed, churned, expanded and contracted, worked by hand', () => {
    // A 10,000 → 12,000 (expanded 2,000); B 20,000 → 0 (churned 20,000); C 5,000 → 4,000 (contracted 1,000);
    // D 3,000 → 3,000 (renewed flat); E 0 → 7,000 (not due).
    const t = emptyOutcomeTotals();
    for (const [id, base, after] of [
      ['A', 10_000, 12_000],
      ['B', 20_000, 0],
      ['C', 5_000, 4_000],
      ['D', 3_000, 3_000],
      ['E', 0, 7_000],
    ] as const) {
      addOutcome(t, { accountId: id, day: '2026-03-15', baseCents: base, afterCents: after });
    }
    expect(t).toEqual({
      dueCount: 4,
      dueMrrCents: 38_000,
      renewedCount: 3,
      renewedMrrCents: 12_000 + 4_000 + 3_000,
      churnedCount: 1,
      churnedMrrCents: 20_000,
      expandedCount: 1,
      expansionMrrCents: 2_000,
      contractedCount: 1,
      contractionMrrCents: 1_000,
    });
  });

  it('puts RED or HIGH first, then YELLOW or MEDIUM', () => {
    expect(renewalPriority('RED', 'LOW')).toBe('AT_RISK');
    expect(renewalPriority('GREEN', 'HIGH')).toBe('AT_RISK');
    expect(renewalPriority('YELLOW', 'LOW')).toBe('WATCH');
    expect(renewalPriority('GREEN', 'MEDIUM')).toBe('WATCH');
    expect(renewalPriority('GREEN', null)).toBe('OK');
    expect(renewalPriority(null, null)).toBe('OK');
  });
});
