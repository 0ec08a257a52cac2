import {
  arpaCents,
  arrFromMrrCents,
  arrGrowthPct,
  clvCents,
  customerRetentionCost,
  divRoundHalfUp,
  expectedLifetimeMonths,
  growthPct,
  monthlyChurnFraction,
  periodDays,
  proratedCostCents,
  quickRatio,
  subscriptionClvCents,
} from '..';
import { d } from './fixtures';

describe('ARR', () => {
  it('brief example: 2.0 M + 0.8 M new + 0.3 M expansion − 0.2 M churn → 2.9 M, +45 %', () => {
    const startArr = 2_000_000_00; // $2.0 M in cents
    const endArr = startArr + 800_000_00 + 300_000_00 - 200_000_00;
    expect(endArr).toBe(2_900_000_00);
    expect(arrGrowthPct(startArr, endArr)).toBe(45);
  });
  it('is 12 × MRR and growth is null from 0', () => {
    expect(arrFromMrrCents(12_345)).toBe(148_140);
    expect(arrGrowthPct(0, 100)).toBeNull();
  });
});

describe('growth, quick ratio, ARPA', () => {
  it('growthPct (QoQ / YoY helper)', () => {
    expect(growthPct(80_000, 100_000)).toBe(25);
    expect(growthPct(100_000, 80_000)).toBe(-20);
    expect(growthPct(0, 5)).toBeNull();
  });
  it('quick ratio = (new + expansion + reactivation) / (contraction + churn)', () => {
    // (3,000 + 1,000 + 500) / (500 + 1,000) = 3
    expect(
      quickRatio({
        newCents: 3_000,
        expansionCents: 1_000,
        reactivationCents: 500,
        contractionCents: 500,
        churnCents: 1_000,
      }),
    ).toBe(3);
    expect(
      quickRatio({ newCents: 1, expansionCents: 0, reactivationCents: 0, contractionCents: 0, churnCents: 0 }),
    ).toBeNull();
  });
  it('ARPA rounds to the nearest cent, halves up', () => {
    expect(arpaCents(10_000, 3)).toBe(3_333); // 3,333.33
    expect(arpaCents(20_000, 3)).toBe(6_667); // 6,666.67
    expect(arpaCents(5, 2)).toBe(3); // 2.5 → 3
    expect(arpaCents(0, 0)).toBeNull();
    expect(divRoundHalfUp(Number.MAX_SAFE_INTEGER, 2)).toBe(4_503_599_627_370_496); // exact, no float error
  });
});

describe('CLV', () => {
  it('brief example: $50 × 3 purchases a month × 24 months = $3,600', () => {
    expect(clvCents({ averagePurchaseValueCents: 5_000, purchaseFrequency: 3, averageLifetime: 24 })).toBe(360_000);
    expect(clvCents({ averagePurchaseValueCents: 5_000, purchaseFrequency: 3, averageLifetime: null })).toBeNull();
  });
  it('converts a period churn rate to a monthly one: 1 − (1 − rate)^(30.4375 / days)', () => {
    // a month of exactly 30.4375 days: the rate is unchanged
    expect(monthlyChurnFraction(2, 30.4375)).toBeCloseTo(0.02, 12);
    // a quarter of 3 × 30.4375 days with 27.1 % churn: 1 − 0.729^(1/3) = 1 − 0.9 = 10 % a month
    expect(monthlyChurnFraction(27.1, 91.3125)).toBeCloseTo(0.1, 12);
    // > 100 % is capped at 100 %
    expect(monthlyChurnFraction(150, 30)).toBe(1);
    expect(periodDays(d('2024-01-01T00:00:00Z'), d('2024-04-01T00:00:00Z'))).toBe(91);
  });
  it('subscription CLV = ARPA × gross margin × 1 / monthly churn', () => {
    // ARPA $100, margin 80 %, 27.1 % quarterly churn → 10 % monthly → 10 months → $100 × 0.8 × 10 = $800
    expect(expectedLifetimeMonths(27.1, 91.3125)).toBeCloseTo(10, 10);
    expect(
      subscriptionClvCents({ arpaCents: 10_000, grossMargin: 0.8, periodChurnRatePct: 27.1, periodDays: 91.3125 }),
    ).toBe(80_000);
    // ARPA $50, margin 70 %, 2 % monthly churn → 50 months → $1,750
    expect(
      subscriptionClvCents({ arpaCents: 5_000, grossMargin: 0.7, periodChurnRatePct: 2, periodDays: 30.4375 }),
    ).toBe(175_000);
  });
  it('is null when churn is 0 or unknown, or ARPA is null', () => {
    expect(
      subscriptionClvCents({ arpaCents: 10_000, grossMargin: 0.8, periodChurnRatePct: 0, periodDays: 30 }),
    ).toBeNull();
    expect(
      subscriptionClvCents({ arpaCents: 10_000, grossMargin: 0.8, periodChurnRatePct: null, periodDays: 30 }),
    ).toBeNull();
    expect(
      subscriptionClvCents({ arpaCents: null, grossMargin: 0.8, periodChurnRatePct: 5, periodDays: 30 }),
    ).toBeNull();
    expect(() =>
      subscriptionClvCents({ arpaCents: 1, grossMargin: 80, periodChurnRatePct: 5, periodDays: 30 }),
    ).toThrow(RangeError);
  });
});

describe('CRC and cost proration', () => {
  // $100.00 of staff cost recorded for Q1 2024 = [2024-01-01, 2024-04-01) = 31 + 29 + 31 = 91 days
  const staff = {
    category: 'STAFF' as const,
    amountCents: 10_000,
    periodStart: d('2024-01-01'),
    periodEnd: d('2024-04-01'),
  };

  it('prorates by days with cumulative rounding, so months add up to the amount exactly', () => {
    // accrued by day 31 = round(10,000 × 31 / 91 = 3,406.59) = 3,407
    // accrued by day 60 = round(10,000 × 60 / 91 = 6,593.41) = 6,593
    const jan = proratedCostCents(staff, d('2024-01-01'), d('2024-02-01'));
    const feb = proratedCostCents(staff, d('2024-02-01'), d('2024-03-01'));
    const mar = proratedCostCents(staff, d('2024-03-01'), d('2024-04-01'));
    expect([jan, feb, mar]).toEqual([3_407, 3_186, 3_407]); // naive rounding of Feb (3,186.8) would give 3,187 and a 10,001 total
    expect(jan + feb + mar).toBe(10_000);
    expect(proratedCostCents(staff, d('2023-06-01'), d('2025-01-01'))).toBe(10_000);
    expect(proratedCostCents(staff, d('2024-05-01'), d('2024-06-01'))).toBe(0);
  });

  it('CRC = prorated costs / customers served, rounded to the cent', () => {
    const tools = {
      category: 'TOOLS' as const,
      amountCents: 3_000,
      periodStart: d('2024-01-01'),
      periodEnd: d('2024-02-01'),
    };
    const crc = customerRetentionCost([staff, tools], d('2024-01-01'), d('2024-02-01'), 7);
    expect(crc.byCategory).toEqual({ STAFF: 3_407, TOOLS: 3_000, PROGRAMMES: 0, SERVICES: 0, CUSTOMER_MARKETING: 0 });
    expect(crc.totalCostCents).toBe(6_407);
    expect(crc.crcCents).toBe(915); // 6,407 / 7 = 915.29
    expect(customerRetentionCost([staff], d('2024-01-01'), d('2024-02-01'), 0).crcCents).toBeNull();
  });
});
