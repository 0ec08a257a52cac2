import fc from 'fast-check';
import {
  checkFacts,
  cohortRetention,
  computeRetentionMetrics,
  factsFromMovements,
  mrrLookupFromMovements,
  mrrLookupFromSnapshots,
  mrrWaterfallFromMovements,
  periodBuckets,
  periodStarts,
  qoqMrrGrowthPct,
  totalMrrLookupFromMovements,
  yoyMrrGrowthPct,
} from '..';
import { d, ledger } from './fixtures';

const iso = (x: Date) => x.toISOString().slice(0, 10);

describe('period bucketing (UTC)', () => {
  it('lists calendar starts in [from, to)', () => {
    expect(periodStarts(d('2024-01-15'), d('2024-04-01'), 'month').map(iso)).toEqual(['2024-02-01', '2024-03-01']);
    expect(periodStarts(d('2024-01-01'), d('2025-01-01'), 'quarter').map(iso)).toEqual([
      '2024-01-01',
      '2024-04-01',
      '2024-07-01',
      '2024-10-01',
    ]);
    expect(periodStarts(d('2023-05-01'), d('2025-01-02'), 'year').map(iso)).toEqual(['2024-01-01', '2025-01-01']);
  });
  it('cuts [from, to) into contiguous buckets, partial at the ends', () => {
    expect(
      periodBuckets(d('2024-02-15'), d('2024-04-15'), 'month').map((b) => [iso(b.periodStart), iso(b.periodEnd)]),
    ).toEqual([
      ['2024-02-15', '2024-03-01'],
      ['2024-03-01', '2024-04-01'],
      ['2024-04-01', '2024-04-15'],
    ]);
    expect(periodBuckets(d('2024-11-01'), d('2025-03-01'), 'quarter').map((b) => iso(b.periodStart))).toEqual([
      '2024-11-01',
      '2025-01-01',
    ]);
  });
});

const book = ledger([
  ['A', '2023-11-01T00:00:00Z', 10_000],
  ['B', '2024-02-20T00:00:00Z', 20_000],
  ['A', '2024-03-10T00:00:00Z', 15_000],
  ['B', '2024-03-15T00:00:00Z', 0],
  ['C', '2024-03-31T23:00:00Z', 7_000],
  ['C', '2024-04-01T00:00:00Z', 8_000],
  ['A', '2024-04-10T00:00:00Z', 0],
]);

describe('MRR waterfall', () => {
  it('buckets the movements and chains end → start', () => {
    const rows = mrrWaterfallFromMovements(book, d('2024-02-15'), d('2024-04-15'), 'month');
    expect(rows.map((r) => ({ ...r, periodStart: iso(r.periodStart) }))).toEqual([
      {
        periodStart: '2024-02-15',
        start: 10_000,
        new: 20_000,
        expansion: 0,
        contraction: 0,
        churn: 0,
        reactivation: 0,
        end: 30_000,
      },
      {
        periodStart: '2024-03-01',
        start: 30_000,
        new: 7_000,
        expansion: 5_000,
        contraction: 0,
        churn: 20_000,
        reactivation: 0,
        end: 22_000,
      },
      {
        periodStart: '2024-04-01',
        start: 22_000,
        new: 0,
        expansion: 1_000,
        contraction: 0,
        churn: 15_000,
        reactivation: 0,
        end: 8_000,
      },
    ]);
    for (const r of rows) expect(r.start + r.new + r.expansion + r.reactivation - r.contraction - r.churn).toBe(r.end);
  });
});

describe('QoQ and YoY MRR growth', () => {
  const total = totalMrrLookupFromMovements(book);
  it('QoQ compares MRR just before the quarter end with MRR just before its start', () => {
    // Q1 2024: 10,000 at start → 22,000 just before 04-01 → +120 %
    expect(qoqMrrGrowthPct(total, d('2024-01-01'))).toBe(120);
    // Q2 2024: 22,000 → 8,000 → −63.63… %
    expect(qoqMrrGrowthPct(total, d('2024-04-01'))).toBeCloseTo(((8_000 - 22_000) / 22_000) * 100, 10);
  });
  it('YoY compares with twelve months earlier, null from 0', () => {
    // just before 2024-11-01: 8,000; just before 2023-11-01: 0 (A starts exactly then)
    expect(yoyMrrGrowthPct(total, d('2024-11-01'))).toBeNull();
    // just before 2024-12-01: 8,000; just before 2023-12-01: 10,000 → −20 %
    expect(yoyMrrGrowthPct(total, d('2024-12-01'))).toBe(-20);
  });
});

describe('cohort retention', () => {
  const mv = ledger([
    ['A', '2024-01-10T00:00:00Z', 1_000],
    ['B', '2024-01-20T00:00:00Z', 2_000],
    ['C', '2024-01-25T00:00:00Z', 500],
    ['D', '2024-02-03T00:00:00Z', 800],
    ['B', '2024-02-15T00:00:00Z', 0],
    ['C', '2024-03-05T00:00:00Z', 1_500],
  ]);
  const customers = [
    { accountId: 'A', customerSince: d('2024-01-10') },
    { accountId: 'B', customerSince: d('2024-01-20') },
    { accountId: 'C', customerSince: d('2024-01-25') },
    { accountId: 'D', customerSince: d('2024-02-03') },
  ];
  it('gives size, logo and MRR retention per complete later period', () => {
    const rows = cohortRetention({
      customers,
      mrrJustBefore: mrrLookupFromMovements(mv),
      unit: 'month',
      asOf: d('2024-04-01'),
    });
    expect(rows.map((r) => [iso(r.cohortStart), r.size, r.baseMrrCents])).toEqual([
      ['2024-01-01', 3, 3_500],
      ['2024-02-01', 1, 800],
    ]);
    const jan = rows[0].periods;
    // Jan: A 1,000 + B 2,000 + C 500; Feb: B churned → A 1,000 + C 500; Mar: C expanded → 1,000 + 1,500
    expect(jan.map((p) => [p.index, p.activeCustomers, p.mrrCents])).toEqual([
      [0, 3, 3_500],
      [1, 2, 1_500],
      [2, 2, 2_500],
    ]);
    expect(jan[0].logoRetentionPct).toBe(100);
    expect(jan[1].logoRetentionPct).toBeCloseTo(200 / 3, 10);
    expect(jan[1].mrrRetentionPct).toBeCloseTo((1_500 / 3_500) * 100, 10); // 42.86 %
    expect(jan[2].mrrRetentionPct).toBeCloseTo((2_500 / 3_500) * 100, 10); // 71.43 %
    expect(rows[1].periods.map((p) => p.mrrRetentionPct)).toEqual([100, 100]);
  });
  it('quarterly cohorts from snapshot rows give the same figures as from movements', () => {
    const lookup = mrrLookupFromSnapshots([
      { accountId: 'A', at: d('2024-04-01'), mrrCents: 1_000 },
      { accountId: 'C', at: d('2024-04-01'), mrrCents: 1_500 },
      { accountId: 'D', at: d('2024-04-01'), mrrCents: 800 },
    ]);
    const fromSnapshots = cohortRetention({ customers, mrrJustBefore: lookup, unit: 'quarter', asOf: d('2024-06-30') });
    const fromMovements = cohortRetention({
      customers,
      mrrJustBefore: mrrLookupFromMovements(mv),
      unit: 'quarter',
      asOf: d('2024-06-30'),
    });
    expect(fromSnapshots).toEqual(fromMovements);
    expect(fromSnapshots[0]).toMatchObject({ size: 4, baseMrrCents: 3_300 });
    expect(fromSnapshots[0].periods[0].logoRetentionPct).toBe(75);
  });
});

describe('properties on random ledgers', () => {
  const DAY = 86_400_000;
  const base = Date.UTC(2024, 0, 1);
  // per account: a list of (day offset, new MRR) steps; consecutive equal MRRs are skipped
  const arbLedger = fc
    .array(
      fc.array(fc.tuple(fc.integer({ min: 0, max: 120 }), fc.constantFrom(0, 0, 100, 250, 400, 1_000)), {
        maxLength: 8,
      }),
      {
        maxLength: 12,
      },
    )
    .map((accounts) => {
      const changes: [string, string, number][] = [];
      accounts.forEach((steps, i) => {
        let mrr = 0;
        for (const [day, next] of [...steps].sort((a, b) => a[0] - b[0])) {
          if (next === mrr) continue;
          changes.push([`acc${i}`, new Date(base + day * DAY).toISOString(), next]);
          mrr = next;
        }
      });
      return ledger(changes);
    });
  const cut = fc.integer({ min: 0, max: 121 });

  it('facts are consistent, the MRR identity holds, periods chain, GRR ∈ [0, 100]', () => {
    fc.assert(
      fc.property(arbLedger, cut, cut, cut, (mv, x, y, z) => {
        const [a, b, c] = [x, y, z].sort((p, q) => p - q).map((k) => new Date(base + k * DAY));
        if (a.getTime() === b.getTime() || b.getTime() === c.getTime()) return;
        const f1 = factsFromMovements(mv, a, b);
        const f2 = factsFromMovements(mv, b, c);
        for (const f of [...f1, ...f2]) expect(checkFacts(f)).toEqual([]);
        const m1 = computeRetentionMetrics(f1, { from: a, to: b });
        const m2 = computeRetentionMetrics(f2, { from: b, to: c });
        expect(m1.mrr.endMrrCents).toBe(m2.mrr.startMrrCents);
        expect(m1.endCustomers).toBe(m2.startCustomers);
        const whole = computeRetentionMetrics(factsFromMovements(mv, a, c), { from: a, to: c });
        expect(whole.mrr.newCents).toBe(m1.mrr.newCents + m2.mrr.newCents);
        expect(whole.mrr.churnCents).toBe(m1.mrr.churnCents + m2.mrr.churnCents);
        for (const m of [m1, m2, whole]) {
          if (m.grrPct !== null) {
            expect(m.grrPct).toBeGreaterThanOrEqual(0);
            expect(m.grrPct).toBeLessThanOrEqual(100);
            expect(m.nrrPct!).toBeGreaterThanOrEqual(m.grrPct);
          }
          if (m.customerRetentionRatePct !== null) expect(m.customerRetentionRatePct).toBeLessThanOrEqual(100);
          // The seed's count formula never exceeds the set-based logo retention (|E| − |N| ≤ |E − N|).
          if (m.logoRetentionRatePct !== null) {
            expect(m.logoRetentionRatePct).toBeLessThanOrEqual(100);
            expect(m.customerRetentionRatePct!).toBeLessThanOrEqual(m.logoRetentionRatePct + 1e-9);
          }
          expect(m.retainedCustomers + m.churnedStartCustomers).toBeGreaterThanOrEqual(m.startCustomers);
        }
      }),
      { numRuns: 300 },
    );
  });
});
