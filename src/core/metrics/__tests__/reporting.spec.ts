import { factsFromMovements, mrrWaterfallFromMovements, periodBuckets } from '..';
import {
  addUtcMonthsClamped,
  allocateCostCents,
  BucketSums,
  chainWaterfall,
  checkPeriod,
  crcFromCost,
  factsFromSqlRow,
  SqlFactsRow,
  totalProratedCostCents,
} from '../reporting';
import { d, ledger } from './fixtures';

describe('addUtcMonthsClamped', () => {
  it('moves by calendar months and clamps the day to the month length', () => {
    expect(addUtcMonthsClamped(d('2024-05-31T00:00:00Z'), -3).toISOString()).toBe('2024-02-29T00:00:00.000Z');
    expect(addUtcMonthsClamped(d('2025-05-31T00:00:00Z'), -3).toISOString()).toBe('2025-02-28T00:00:00.000Z');
    expect(addUtcMonthsClamped(d('2025-01-01T00:00:00Z'), -12).toISOString()).toBe('2024-01-01T00:00:00.000Z');
    expect(addUtcMonthsClamped(d('2024-11-15T06:30:00Z'), 3).toISOString()).toBe('2025-02-15T06:30:00.000Z');
  });
});

describe('checkPeriod', () => {
  const f = { from: 'period.from', to: 'period.to' };
  it('accepts from < to up to ten years', () => {
    expect(checkPeriod(d('2024-01-01'), d('2024-01-02'), f)).toBeNull();
    expect(checkPeriod(d('2015-01-01'), d('2025-01-01'), f)).toBeNull();
  });
  it('names the offending field', () => {
    expect(checkPeriod(d('2024-01-01'), d('2024-01-01'), f)).toEqual({
      field: 'period.to',
      message: 'must be after period.from',
    });
    expect(checkPeriod(d('2024-02-01'), d('2024-01-01'), f)?.field).toBe('period.to');
    expect(checkPeriod(d('2015-01-01'), d('2025-01-02'), f)?.message).toMatch(/10 years/);
    expect(checkPeriod(new Date('x'), d('2025-01-02'), f)?.field).toBe('period.from');
  });
});

describe('factsFromSqlRow', () => {
  const row: SqlFactsRow = {
    account_id: 'A',
    start_mrr: '10000',
    end_mrr: '15000',
    new_cents: '0',
    expansion_cents: '5000',
    contraction_cents: '0',
    churn_cents: '0',
    reactivation_cents: '0',
    new_events: '0',
    churn_events: '0',
    reactivation_events: '0',
    active: true,
  };
  it('converts pg strings into a checked facts row', () => {
    expect(factsFromSqlRow(row)).toEqual({
      accountId: 'A',
      startMrrCents: 10000,
      endMrrCents: 15000,
      newCents: 0,
      expansionCents: 5000,
      contractionCents: 0,
      churnCents: 0,
      reactivationCents: 0,
      newEvents: 0,
      churnEvents: 0,
      reactivationEvents: 0,
      activeAtAnyInstant: true,
    });
  });
  it('refuses a row whose end does not follow from start and movements', () => {
    expect(() => factsFromSqlRow({ ...row, end_mrr: '14999' })).toThrow(/end MRR/);
    expect(() => factsFromSqlRow({ ...row, start_mrr: '9007199254740993' })).toThrow(/safe integer/);
  });
});

describe('chainWaterfall', () => {
  // A: 10,000 from Dec; +5,000 on 15 Jan; churn on 1 Mar exactly. B: NEW 3,000 on 10 Feb.
  const movements = ledger([
    ['A', '2023-12-01T00:00:00Z', 10_000],
    ['A', '2024-01-15T00:00:00Z', 15_000],
    ['B', '2024-02-10T00:00:00Z', 3_000],
    ['A', '2024-03-01T00:00:00Z', 0],
  ]);
  const from = d('2024-01-10T00:00:00Z');
  const to = d('2024-03-20T00:00:00Z');
  const buckets = periodBuckets(from, to, 'month');

  it('chains each end into the next start and agrees with the reference built from facts', () => {
    const sums = new Map<number, BucketSums>([
      [from.getTime(), { new: 0, expansion: 5_000, contraction: 0, churn: 0, reactivation: 0 }],
      [d('2024-02-01').getTime(), { new: 3_000, expansion: 0, contraction: 0, churn: 0, reactivation: 0 }],
      [d('2024-03-01').getTime(), { new: 0, expansion: 0, contraction: 0, churn: 15_000, reactivation: 0 }],
    ]);
    const rows = chainWaterfall(10_000, buckets, sums);
    expect(rows.map((r) => [r.periodStart.toISOString().slice(0, 10), r.start, r.end])).toEqual([
      ['2024-01-10', 10_000, 15_000],
      ['2024-02-01', 15_000, 18_000],
      ['2024-03-01', 18_000, 3_000],
    ]);
    expect(rows).toEqual(mrrWaterfallFromMovements(movements, from, to, 'month'));
  });

  it('fills buckets without movements and refuses sums for unknown buckets', () => {
    const rows = chainWaterfall(7, buckets, new Map());
    expect(rows.map((r) => r.end)).toEqual([7, 7, 7]);
    expect(() => chainWaterfall(7, buckets, new Map([[d('2024-01-01').getTime(), rows[0]]]))).toThrow(
      /no bucket start/,
    );
    expect(() =>
      chainWaterfall(
        0,
        buckets,
        new Map([[from.getTime(), { new: 0, expansion: 0, contraction: 0, churn: 1, reactivation: 0 }]]),
      ),
    ).toThrow(/invalid/);
  });

  it('agrees with factsFromMovements totals for the whole span', () => {
    const facts = factsFromMovements(movements, from, to);
    const end = facts.reduce((s, f) => s + f.endMrrCents, 0);
    expect(end).toBe(3_000);
  });
});

describe('CS costs', () => {
  // 3,100 over the 31 days of March 2024; the window 2024-03-20 .. 2024-04-10 gets 12 days → 1,200.
  const march = { amountCents: 3_100, periodStart: d('2024-03-01'), periodEnd: d('2024-04-01') };
  const april = { amountCents: 3_000, periodStart: d('2024-04-01'), periodEnd: d('2024-05-01') };
  it('prorates each cost by days and sums', () => {
    expect(totalProratedCostCents([march], d('2024-03-20'), d('2024-04-10'))).toBe(1_200);
    // + 9 days of April's 3,000 over 30 days = 900.
    expect(totalProratedCostCents([march, april], d('2024-03-20'), d('2024-04-10'))).toBe(2_100);
    expect(totalProratedCostCents([], d('2024-03-20'), d('2024-04-10'))).toBe(0);
  });
  it('allocates by share of customers served, rounding halves up', () => {
    expect(allocateCostCents(1_000, 1, 3)).toBe(333);
    expect(allocateCostCents(1_000, 2, 3)).toBe(667);
    expect(allocateCostCents(5, 1, 2)).toBe(3);
    expect(allocateCostCents(1_000, 3, 3)).toBe(1_000);
    expect(allocateCostCents(1_000, 0, 0)).toBeNull();
    expect(() => allocateCostCents(1_000, 4, 3)).toThrow(RangeError);
  });
  it('CRC divides by customers served', () => {
    expect(crcFromCost(1_000, 3)).toBe(333);
    expect(crcFromCost(1_001, 2)).toBe(501);
    expect(crcFromCost(1_000, 0)).toBeNull();
    expect(crcFromCost(null, 5)).toBeNull();
  });
});
