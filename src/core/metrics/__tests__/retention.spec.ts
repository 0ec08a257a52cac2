import {
  CustomerPeriodFacts,
  churnRatePct,
  computeRetentionMetrics,
  customerRetentionRatePct,
  factsFromMovements,
  grrPct,
  nrrPct,
} from '..';
import { d, ledger } from './fixtures';

/**
 * The worked example of docs/metrics.md. Period: March 2024 = [2024-03-01, 2024-04-01).
 *   A  active (10,000) → EXPANSION to 15,000 on 03-10
 *   B  active (20,000) → CONTRACTION to 16,000 on 03-15
 *   C  active (8,000)  → CHURN exactly at 03-01T00:00Z (belongs to the period)
 *   D  active (12,000) → CHURN on 03-05, REACTIVATION at 9,000 on 03-20
 *   E  NEW 6,000 on 03-02, CHURN on 03-25 (joined and left)
 *   F  NEW 7,000 on 03-12
 *   G  active (5,000)  → EXPANSION to 6,000 exactly at 04-01T00:00Z (next period)
 *   H  churned in 2023 → REACTIVATION at 4,000 on 03-18
 */
const movements = ledger([
  ['A', '2023-11-01T00:00:00Z', 10_000],
  ['B', '2023-06-01T00:00:00Z', 20_000],
  ['C', '2023-09-15T00:00:00Z', 8_000],
  ['D', '2023-10-01T00:00:00Z', 12_000],
  ['G', '2024-01-20T00:00:00Z', 5_000],
  ['H', '2023-01-10T00:00:00Z', 3_000],
  ['H', '2023-08-01T00:00:00Z', 0],
  ['C', '2024-03-01T00:00:00Z', 0],
  ['E', '2024-03-02T00:00:00Z', 6_000],
  ['D', '2024-03-05T00:00:00Z', 0],
  ['A', '2024-03-10T00:00:00Z', 15_000],
  ['F', '2024-03-12T00:00:00Z', 7_000],
  ['B', '2024-03-15T00:00:00Z', 16_000],
  ['H', '2024-03-18T00:00:00Z', 4_000],
  ['D', '2024-03-20T00:00:00Z', 9_000],
  ['E', '2024-03-25T00:00:00Z', 0],
  ['G', '2024-04-01T00:00:00Z', 6_000],
]);
const from = d('2024-03-01T00:00:00Z');
const to = d('2024-04-01T00:00:00Z');

describe('worked example (docs/metrics.md)', () => {
  const facts = factsFromMovements(movements, from, to);
  const m = computeRetentionMetrics(facts, { from, to });

  it('builds one facts row per relevant customer', () => {
    const byId = Object.fromEntries(facts.map((f) => [f.accountId, f]));
    expect(Object.keys(byId).sort()).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H']);
    expect(byId.C).toMatchObject({ startMrrCents: 8_000, endMrrCents: 0, churnCents: 8_000, churnEvents: 1 });
    // C churned at the very first instant of the period: never active inside it
    expect(byId.C.activeAtAnyInstant).toBe(false);
    expect(byId.D).toMatchObject({
      startMrrCents: 12_000,
      endMrrCents: 9_000,
      churnCents: 12_000,
      churnEvents: 1,
      reactivationCents: 9_000,
      reactivationEvents: 1,
      activeAtAnyInstant: true,
    });
    // G's expansion at `to` belongs to the next period
    expect(byId.G).toMatchObject({ startMrrCents: 5_000, endMrrCents: 5_000, expansionCents: 0 });
    expect(byId.H).toMatchObject({ startMrrCents: 0, endMrrCents: 4_000, reactivationEvents: 1, newEvents: 0 });
  });

  it('counts S, E, N, churned, served', () => {
    expect(m.startCustomers).toBe(5); // A B C D G
    expect(m.endCustomers).toBe(6); // A B D F G H
    expect(m.acquiredCustomers).toBe(3); // E F (NEW), H (reactivated, not in S); D is in S so not acquired
    expect(m.newCustomers).toBe(2);
    expect(m.reactivatedCustomers).toBe(2); // D and H
    expect(m.churnedCustomers).toBe(3); // C D (from S) + E (joined and left)
    expect(m.churnedStartCustomers).toBe(2);
    expect(m.churnedAcquiredCustomers).toBe(1);
    expect(m.retainedCustomers).toBe(4); // E − N = {A B D G}
    expect(m.customersServed).toBe(7); // all but C
  });

  it('sums the MRR movements and the identity end = start + movements holds exactly', () => {
    expect(m.mrr).toEqual({
      startMrrCents: 55_000, // 10,000 + 20,000 + 8,000 + 12,000 + 5,000
      newCents: 13_000, // E 6,000 + F 7,000
      expansionCents: 5_000, // A
      contractionCents: 4_000, // B
      churnCents: 26_000, // C 8,000 + D 12,000 + E 6,000
      reactivationCents: 13_000, // D 9,000 + H 4,000
      endMrrCents: 56_000, // 15,000 + 16,000 + 9,000 + 7,000 + 5,000 + 4,000
    });
    const t = m.mrr;
    expect(
      t.startMrrCents + t.newCents + t.expansionCents + t.reactivationCents - t.contractionCents - t.churnCents,
    ).toBe(t.endMrrCents);
    expect(m.netNewMrrCents).toBe(1_000);
  });

  it('computes the rates', () => {
    expect(m.churnRatePct).toBe(60); // 3 / 5
    // CRR as the seed defines it, with counts: (|E| − |N|) / |S| = (6 − 3) / 5 (E joined and left, and still counts in N)
    expect(m.customerRetentionRatePct).toBe(60);
    expect(m.logoRetentionRatePct).toBe(80); // start customers still active: |{A B D G}| / 5
    // start cohort: A +5,000 expansion, B −4,000 contraction, C and D churned (12,000 + 8,000 start MRR;
    // D's reactivation is not counted), G unchanged
    expect(m.startCohort).toEqual({
      customers: 5,
      startMrrCents: 55_000,
      expansionCents: 5_000,
      contractionCents: 4_000,
      churnCents: 20_000,
      retainedMrrCents: 36_000, // 15,000 + 16,000 + 5,000
      grossRetainedMrrCents: 31_000, // 10,000 + 16,000 + 5,000
    });
    expect(m.nrrPct).toBeCloseTo((36_000 / 55_000) * 100, 10); // 65.4545…
    expect(m.grrPct).toBeCloseTo((31_000 / 55_000) * 100, 10); // 56.3636…
    expect(m.startArrCents).toBe(660_000);
    expect(m.endArrCents).toBe(672_000);
    expect(m.arrGrowthPct).toBeCloseTo((12_000 / 660_000) * 100, 10); // 1.8181…
    expect(m.quickRatio).toBeCloseTo(31_000 / 30_000, 12); // (13,000 + 5,000 + 13,000) / (4,000 + 26,000)
    expect(m.arpaCents).toBe(9_333); // 56,000 / 6 = 9,333.33 → 9,333
    expect(m.existingCustomerEndMrrCents).toBe(45_000); // A B D G
    expect(m.existingCustomerRevenueSharePct).toBeCloseTo((45_000 / 56_000) * 100, 10); // 80.357…
  });

  it('NRR and GRR formulas hold with the start-cohort figures', () => {
    expect(nrrPct(m.startCohort)).toBeCloseTo(m.nrrPct!, 12);
    expect(grrPct(m.startCohort)).toBeCloseTo(m.grrPct!, 12);
  });
});

describe('brief examples', () => {
  it('15 churned of 200 → 7.5 %', () => {
    expect(churnRatePct(15, 200)).toBe(7.5);
  });
  it('64 churned of 1,000 → 6.4 %', () => {
    expect(churnRatePct(64, 1_000)).toBe(6.4);
  });
  it('churn rate and CRR are null without start customers', () => {
    expect(churnRatePct(0, 0)).toBeNull();
    expect(customerRetentionRatePct(3, 3, 0)).toBeNull();
  });
  it('issue 20: a quarter with 20 at start, 21 at end, 4 acquired of whom one left → CRR 85 %, logo retention 90 %', () => {
    const q = { from: d('2024-01-01T00:00:00Z'), to: d('2024-04-01T00:00:00Z') };
    const facts: CustomerPeriodFacts[] = [];
    // 20 start customers: 18 stay, 2 churn.
    for (let i = 0; i < 20; i++) {
      const churned = i >= 18;
      facts.push(
        row({
          accountId: `S${i}`,
          startMrrCents: 1_000,
          endMrrCents: churned ? 0 : 1_000,
          churnCents: churned ? 1_000 : 0,
          churnEvents: churned ? 1 : 0,
          activeAtAnyInstant: true,
        }),
      );
    }
    // 4 acquired: 3 stay, 1 joins and leaves inside the quarter.
    for (let i = 0; i < 4; i++) {
      const left = i === 3;
      facts.push(
        row({
          accountId: `N${i}`,
          endMrrCents: left ? 0 : 500,
          newCents: 500,
          newEvents: 1,
          churnCents: left ? 500 : 0,
          churnEvents: left ? 1 : 0,
          activeAtAnyInstant: true,
        }),
      );
    }
    const m = computeRetentionMetrics(facts, q);
    expect(m.startCustomers).toBe(20);
    expect(m.endCustomers).toBe(21); // 18 + 3
    expect(m.acquiredCustomers).toBe(4);
    expect(m.customerRetentionRatePct).toBe(85); // (21 − 4) / 20
    expect(m.logoRetentionRatePct).toBe(90); // 18 / 20
    expect(customerRetentionRatePct(21, 4, 20)).toBe(85);
  });
  it('CRR can be negative when acquired customers who left outnumber the end customers', () => {
    // 2 at start, both left; 3 acquired, 2 of them left too: (1 − 3) / 2 = −100 %.
    expect(customerRetentionRatePct(1, 3, 2)).toBe(-100);
  });
  it('CRR from counts: (E − N) / S', () => {
    // 200 at start, 20 acquired (all still active), 205 at end → (205 − 20) / 200 = 92.5 %
    expect(customerRetentionRatePct(205, 20, 200)).toBe(92.5);
  });
});

function row(p: Partial<CustomerPeriodFacts> & { accountId: string }): CustomerPeriodFacts {
  return {
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
    ...p,
  };
}

describe('edge rules', () => {
  const jan = { from: d('2024-01-01T00:00:00Z'), to: d('2024-02-01T00:00:00Z') };

  it('start-cohort customer who expands then churns: GRR stays within 0..100', () => {
    // X: 100 → 150 (EXPANSION) → 0 (CHURN). Raw movements would give GRR (100 − 150) / 100 = −50 %.
    const mv = ledger([
      ['X', '2023-12-01T00:00:00Z', 100],
      ['X', '2024-01-05T00:00:00Z', 150],
      ['X', '2024-01-20T00:00:00Z', 0],
    ]);
    const m = computeRetentionMetrics(factsFromMovements(mv, jan.from, jan.to), jan);
    expect(m.mrr).toMatchObject({ expansionCents: 50, churnCents: 150, endMrrCents: 0 });
    expect(m.startCohort).toMatchObject({ expansionCents: 0, churnCents: 100 });
    expect(m.grrPct).toBe(0);
    expect(m.nrrPct).toBe(0);
  });

  it('start-cohort customer who churns and reactivates at a higher MRR: reactivation is not expansion', () => {
    // Y: 100 → 0 → 300. NRR counts Y as lost (0 %), though Y ends at 300 and counts as existing revenue.
    const mv = ledger([
      ['Y', '2023-12-01T00:00:00Z', 100],
      ['Y', '2024-01-05T00:00:00Z', 0],
      ['Y', '2024-01-20T00:00:00Z', 300],
    ]);
    const m = computeRetentionMetrics(factsFromMovements(mv, jan.from, jan.to), jan);
    expect(m.churnedCustomers).toBe(1);
    expect(m.reactivatedCustomers).toBe(1);
    expect(m.acquiredCustomers).toBe(0);
    expect(m.churnRatePct).toBe(100);
    expect(m.customerRetentionRatePct).toBe(100); // (1 − 0) / 1
    expect(m.logoRetentionRatePct).toBe(100); // in E, not in N
    expect(m.nrrPct).toBe(0);
    expect(m.grrPct).toBe(0);
    expect(m.existingCustomerRevenueSharePct).toBe(100);
    expect(m.mrr).toMatchObject({ churnCents: 100, reactivationCents: 300, endMrrCents: 300 });
  });

  it('expansion then contraction back within the period nets out for GRR', () => {
    // Z: 100 → 150 → 100: the customer ends where it started; NRR = GRR = 100 %.
    const mv = ledger([
      ['Z', '2023-12-01T00:00:00Z', 100],
      ['Z', '2024-01-05T00:00:00Z', 150],
      ['Z', '2024-01-20T00:00:00Z', 100],
    ]);
    const m = computeRetentionMetrics(factsFromMovements(mv, jan.from, jan.to), jan);
    expect(m.mrr).toMatchObject({ expansionCents: 50, contractionCents: 50 });
    expect(m.grrPct).toBe(100);
    expect(m.nrrPct).toBe(100);
  });

  it('GRR is capped at 100 while NRR includes expansion', () => {
    // P: 1,000 → 1,500; Q: 1,000 → 800. NRR = 2,300 / 2,000 = 115 %, GRR = (1,000 + 800) / 2,000 = 90 %.
    const facts = [
      row({ accountId: 'P', startMrrCents: 1_000, endMrrCents: 1_500, expansionCents: 500, activeAtAnyInstant: true }),
      row({ accountId: 'Q', startMrrCents: 1_000, endMrrCents: 800, contractionCents: 200, activeAtAnyInstant: true }),
    ];
    const m = computeRetentionMetrics(facts, jan);
    expect(m.nrrPct).toBe(115);
    expect(m.grrPct).toBe(90);
    expect(m.quickRatio).toBe(2.5); // 500 / 200
    expect(m.churnRatePct).toBe(0);
  });

  it('consecutive periods chain: end of one is start of the next', () => {
    const mv = ledger([
      ['A', '2023-12-15T00:00:00Z', 100],
      ['A', '2024-01-31T23:59:59.999Z', 200],
      ['B', '2024-02-01T00:00:00Z', 50],
      ['A', '2024-02-10T00:00:00Z', 0],
    ]);
    const feb = { from: d('2024-02-01T00:00:00Z'), to: d('2024-03-01T00:00:00Z') };
    const m1 = computeRetentionMetrics(factsFromMovements(mv, jan.from, jan.to), jan);
    const m2 = computeRetentionMetrics(factsFromMovements(mv, feb.from, feb.to), feb);
    expect(m1.mrr.endMrrCents).toBe(200);
    expect(m2.mrr.startMrrCents).toBe(200);
    expect(m1.endCustomers).toBe(m2.startCustomers);
    expect(m2.mrr).toMatchObject({ newCents: 50, churnCents: 200, endMrrCents: 50 });
  });

  it('nulls when there is nothing to divide by', () => {
    const m = computeRetentionMetrics([], jan);
    expect(m.churnRatePct).toBeNull();
    expect(m.customerRetentionRatePct).toBeNull();
    expect(m.logoRetentionRatePct).toBeNull();
    expect(m.nrrPct).toBeNull();
    expect(m.grrPct).toBeNull();
    expect(m.arrGrowthPct).toBeNull();
    expect(m.quickRatio).toBeNull();
    expect(m.arpaCents).toBeNull();
    expect(m.existingCustomerRevenueSharePct).toBeNull();
  });

  it('rejects inconsistent facts and duplicate accounts', () => {
    const bad = row({ accountId: 'X', startMrrCents: 100, endMrrCents: 90, activeAtAnyInstant: true });
    expect(() => computeRetentionMetrics([bad], jan)).toThrow(/start \+ movements = 100 but end MRR is 90/);
    const ok = row({ accountId: 'X', startMrrCents: 100, endMrrCents: 100, activeAtAnyInstant: true });
    expect(() => computeRetentionMetrics([ok, ok], jan)).toThrow(/twice/);
    expect(() => computeRetentionMetrics([row({ accountId: 'Y', startMrrCents: 1.5, endMrrCents: 1.5 })], jan)).toThrow(
      /safe integer/,
    );
  });

  it('factsFromMovements rejects a broken ledger chain', () => {
    const mv = ledger([['A', '2023-12-01T00:00:00Z', 100]]);
    mv.push({
      ...mv[0],
      type: 'EXPANSION',
      mrrBeforeCents: 90,
      mrrAfterCents: 150,
      amountCents: 60,
      effectiveAt: d('2024-01-02T00:00:00Z'),
    });
    expect(() => factsFromMovements(mv, jan.from, jan.to)).toThrow(/mrrBefore 90 != previous mrrAfter 100/);
  });
});
