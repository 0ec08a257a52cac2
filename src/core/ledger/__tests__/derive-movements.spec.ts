import { classifyMovement, deriveMovements, ledgerState, mrrBefore, MrrSetPoint } from '../derive-movements';

const d = (s: string) => new Date(`${s}T00:00:00Z`);
let seq = 0;
const sp = (id: string, day: string, mrrCents: number, s?: number): MrrSetPoint => ({
  id,
  effectiveAt: d(day),
  seq: s ?? ++seq,
  mrrCents,
});

describe('classifyMovement', () => {
  it.each([
    [0, 100, false, 'NEW'],
    [0, 100, true, 'REACTIVATION'],
    [100, 0, true, 'CHURN'],
    [100, 150, true, 'EXPANSION'],
    [150, 100, true, 'CONTRACTION'],
    [100, 100, true, null],
    [0, 0, false, null],
  ])('%i → %i (paid before: %s) is %s', (before, after, paid, type) => {
    expect(classifyMovement(before, after, paid)).toBe(type);
  });
});

describe('deriveMovements', () => {
  it('derives the whole life cycle with amounts and before/after values', () => {
    const ms = deriveMovements([
      sp('a', '2025-01-01', 10000),
      sp('b', '2025-02-01', 15000),
      sp('c', '2025-03-01', 12000),
      sp('d', '2025-04-01', 0),
      sp('e', '2025-06-01', 9000),
    ]);
    expect(ms.map((m) => [m.id, m.type, m.amountCents, m.mrrBeforeCents, m.mrrAfterCents])).toEqual([
      ['a', 'NEW', 10000, 0, 10000],
      ['b', 'EXPANSION', 5000, 10000, 15000],
      ['c', 'CONTRACTION', 3000, 15000, 12000],
      ['d', 'CHURN', 12000, 12000, 0],
      ['e', 'REACTIVATION', 9000, 0, 9000],
    ]);
  });

  it('re-derives later movements when a back-dated statement is inserted', () => {
    const before = deriveMovements([sp('a', '2025-01-01', 100), sp('c', '2025-03-01', 300)]);
    expect(before[1]).toMatchObject({ type: 'EXPANSION', amountCents: 200, mrrBeforeCents: 100 });
    // Late data: on Feb 1 the customer had already churned.
    const after = deriveMovements([sp('a', '2025-01-01', 100), sp('c', '2025-03-01', 300), sp('b', '2025-02-01', 0)]);
    expect(after.map((m) => [m.id, m.type, m.amountCents])).toEqual([
      ['a', 'NEW', 100],
      ['b', 'CHURN', 100],
      ['c', 'REACTIVATION', 300],
    ]);
  });

  it('drops a statement that no longer changes anything at its place in time', () => {
    const ms = deriveMovements([sp('a', '2025-01-01', 100), sp('c', '2025-03-01', 200), sp('b', '2025-02-01', 200)]);
    expect(ms.map((m) => m.id)).toEqual(['a', 'b']);
  });

  it('orders statements at the same instant by their recording sequence', () => {
    const ms = deriveMovements([sp('y', '2025-01-01', 50, 2), sp('x', '2025-01-01', 100, 1)]);
    expect(ms.map((m) => [m.id, m.type, m.amountCents])).toEqual([
      ['x', 'NEW', 100],
      ['y', 'CONTRACTION', 50],
    ]);
  });

  it('rejects negative or fractional MRR', () => {
    expect(() => deriveMovements([sp('a', '2025-01-01', -1)])).toThrow(RangeError);
    expect(() => deriveMovements([sp('a', '2025-01-01', 1.5)])).toThrow(RangeError);
  });
});

describe('mrrBefore and ledgerState', () => {
  const pts = [sp('a', '2025-01-01', 100), sp('b', '2025-02-01', 0)];
  it('reads the MRR strictly before an instant', () => {
    expect(mrrBefore(pts, d('2025-01-01'))).toBe(0);
    expect(mrrBefore(pts, d('2025-01-15'))).toBe(100);
    expect(mrrBefore(pts, d('2025-02-01'))).toBe(100);
    expect(mrrBefore(pts, d('2025-02-02'))).toBe(0);
  });
  it('gives status PROSPECT, ACTIVE or CHURNED', () => {
    expect(ledgerState([]).status).toBe('PROSPECT');
    expect(ledgerState(deriveMovements([pts[0]]))).toMatchObject({ status: 'ACTIVE', mrrCents: 100 });
    expect(ledgerState(deriveMovements(pts))).toMatchObject({ status: 'CHURNED', churnedAt: d('2025-02-01') });
  });
});
