import {
  formulaAccountClv,
  monthlyCohorts,
  renewalsSoFar,
  sbgAccountClv,
  sbgExpectedRemainingMonths,
  sbgDerlStable,
  segmentMonthlyChurn,
  LedgerAccount,
} from '../ledger-cohorts';
import { sbgDerl } from '../sbg';

const acc = (start: string, ...changes: Array<[string, number]>): LedgerAccount => ({
  firstNewAt: new Date(start),
  movements: [
    { at: new Date(start), mrrAfter: 100 },
    ...changes.map(([at, mrr]) => ({ at: new Date(at), mrrAfter: mrr })),
  ],
});

describe('monthlyCohorts', () => {
  it('counts survivors at each later month start; a lapse is final', () => {
    const accounts = [
      acc('2025-01-05T00:00:00Z'),
      acc('2025-01-20T00:00:00Z', ['2025-02-10T00:00:00Z', 0]), // gone by Mar 1
      acc('2025-01-31T00:00:00Z', ['2025-01-31T12:00:00Z', 0], ['2025-03-15T00:00:00Z', 100]), // lapsed by Feb 1, back later
      acc('2025-03-01T00:00:00Z', ['2025-04-01T00:00:00Z', 0]), // churn effective exactly Apr 1
    ];
    expect(monthlyCohorts(accounts, new Date('2025-04-10T00:00:00Z'))).toEqual([
      [3, 2, 1, 1], // Jan cohort at Feb 1, Mar 1, Apr 1
      [1, 0], // Mar cohort at Apr 1 (MRR 0 at that instant)
    ]);
    // Months not started yet are not observed.
    expect(monthlyCohorts(accounts, new Date('2025-01-31T00:00:00Z'))).toEqual([[3]]);
  });
});

describe('segmentMonthlyChurn', () => {
  it('churned / customer-months over the last full months', () => {
    const accounts = [
      acc('2024-12-15T00:00:00Z'), // alive Jan 1, Feb 1, Mar 1
      acc('2024-12-15T00:00:00Z', ['2025-02-10T00:00:00Z', 0]), // alive Jan 1, Feb 1; churned in Feb
    ];
    // months Jan, Feb, Mar (asOf in April, 3 months): at risk 2 + 2 + 1 = 5, churned 1 (Feb)
    expect(segmentMonthlyChurn(accounts, new Date('2025-04-02T00:00:00Z'), 3)).toEqual({
      customerMonths: 5,
      churned: 1,
      monthlyChurn: 0.2,
    });
    expect(segmentMonthlyChurn([], new Date('2025-04-02T00:00:00Z')).monthlyChurn).toBeNull();
  });
});

describe('account CLV', () => {
  it('sBG: MRR × margin × DERL with renewals = whole months since the cohort month', () => {
    expect(renewalsSoFar(new Date('2025-01-31T00:00:00Z'), new Date('2025-04-01T00:00:00Z'))).toBe(3);
    const d = 0.00797414042890376; // (1.1)^(1/12) − 1
    const clv = sbgAccountClv(10000, 0.8, 0.7, 1.2, d, 3);
    expect(clv.valueCents).toBe(Math.round(10000 * 0.8 * sbgDerl(0.7, 1.2, d, 3)));
  });

  it('DERL at the geometric limit: (1 − θ)(1 + d)/(d + θ), close to the exact sBG value for large α + β', () => {
    // θ = 0.03, d = 0.01: 0.97 · 1.01 / 0.04 = 24.4925
    expect(sbgDerlStable(3e13, 9.7e14, 0.01, 5)).toBeCloseTo(24.4925, 6);
    const exact = sbgDerl(3000, 97000, 0.01, 5);
    expect(Math.abs(exact - 24.4925) / 24.4925).toBeLessThan(1e-3);
    // Below the limit it is sbgDerl itself.
    expect(sbgDerlStable(0.7, 1.2, 0.01, 3)).toBe(sbgDerl(0.7, 1.2, 0.01, 3));
    expect(sbgAccountClv(10000, 1, 3e13, 9.7e14, 0.01, 5).valueCents).toBe(244925);
  });

  it('expected remaining months = (β + n − 1)/(α − 1) for α > 1 (long cap)', () => {
    // α = 3, β = 4, renewals = 2 → n = 3 → (4 + 2)/(3 − 1) = 3
    expect(sbgExpectedRemainingMonths(3, 4, 2, 200_000)).toBeCloseTo(3, 3);
    // First term only: S(n)/S(n−1) = r_n = (β + n − 1)/(α + β + n − 1) = 6/9
    expect(sbgExpectedRemainingMonths(3, 4, 2, 1)).toBeCloseTo(6 / 9, 12);
  });

  it('formula: MRR × margin / churn; null when churn is 0', () => {
    expect(formulaAccountClv(10000, 0.5, 0.02)).toEqual({ valueCents: 250000, expectedLifetimeMonths: 50 });
    expect(formulaAccountClv(10000, 1, 0)).toEqual({ valueCents: null, expectedLifetimeMonths: null });
  });
});
