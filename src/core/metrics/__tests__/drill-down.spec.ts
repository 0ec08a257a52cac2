import { computeRetentionMetrics, factsFromMovements } from '..';
import { METRIC_FIGURES, MetricFigure, figureMembers, membersAfter } from '../drill-down';
import { d, ledger } from './fixtures';

/**
 * The worked example of docs/metrics.md, March 2024 = [2024-03-01, 2024-04-01):
 *   A 10,000 → 15,000 (03-10); B 20,000 → 16,000 (03-15); C 8,000 → 0 exactly at 03-01; D 12,000 → 0 (03-05)
 *   → 9,000 (03-20); E NEW 6,000 (03-02) → 0 (03-25); F NEW 7,000 (03-12); G 5,000, +1,000 at 04-01 (next
 *   period); H churned in 2023 → REACTIVATION 4,000 (03-18).
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
const period = { from: d('2024-03-01T00:00:00Z'), to: d('2024-04-01T00:00:00Z') };
const facts = factsFromMovements(movements, period.from, period.to);

/** [figure, accounts in list order, sum worked by hand]. */
const EXPECTED: Array<[MetricFigure, string[], number]> = [
  ['START_CUSTOMERS', ['B', 'D', 'A', 'C', 'G'], 20_000 + 12_000 + 10_000 + 8_000 + 5_000],
  ['END_CUSTOMERS', ['B', 'A', 'D', 'F', 'G', 'H'], 16_000 + 15_000 + 9_000 + 7_000 + 5_000 + 4_000],
  ['NEW', ['F', 'E'], 13_000],
  ['ACQUIRED', ['F', 'E', 'H'], 7_000 + 6_000 + 4_000],
  ['CHURNED', ['D', 'C', 'E'], 12_000 + 8_000 + 6_000],
  ['EXPANSION', ['A'], 5_000],
  ['CONTRACTION', ['B'], 4_000],
  ['REACTIVATION', ['D', 'H'], 9_000 + 4_000],
  ['RETAINED', ['B', 'A', 'D', 'G'], 16_000 + 15_000 + 9_000 + 5_000],
  ['SERVED', ['B', 'A', 'D', 'F', 'G', 'H', 'E'], 56_000],
  // The start cohort (NRR/GRR): A 10,000 → 15,000; B 20,000 → 16,000; C and D churned (their start MRR; D's
  // reactivation is not counted); G unchanged is in none of the three.
  ['COHORT_EXPANSION', ['A'], 5_000],
  ['COHORT_CONTRACTION', ['B'], 4_000],
  ['COHORT_CHURN', ['D', 'C'], 12_000 + 8_000],
];

describe('figureMembers (drill-down)', () => {
  it.each(EXPECTED)('%s lists the accounts behind it, largest amount first', (figure, accounts, sum) => {
    const r = figureMembers(figure, facts);
    expect(r.members.map((m) => m.facts.accountId)).toEqual(accounts);
    expect(r.totalCount).toBe(accounts.length);
    expect(r.sumCents).toBe(sum);
  });

  it('agrees with computeRetentionMetrics on every figure that has a count or a sum', () => {
    const m = computeRetentionMetrics(facts, period);
    const count = (f: MetricFigure) => figureMembers(f, facts).totalCount;
    const sum = (f: MetricFigure) => figureMembers(f, facts).sumCents;
    expect([count('START_CUSTOMERS'), sum('START_CUSTOMERS')]).toEqual([m.startCustomers, m.mrr.startMrrCents]);
    expect([count('END_CUSTOMERS'), sum('END_CUSTOMERS')]).toEqual([m.endCustomers, m.mrr.endMrrCents]);
    expect([count('NEW'), sum('NEW')]).toEqual([m.newCustomers, m.mrr.newCents]);
    expect(count('ACQUIRED')).toBe(m.acquiredCustomers);
    expect([count('CHURNED'), sum('CHURNED')]).toEqual([m.churnedCustomers, m.mrr.churnCents]);
    expect(sum('EXPANSION')).toBe(m.mrr.expansionCents);
    expect(sum('CONTRACTION')).toBe(m.mrr.contractionCents);
    expect([count('REACTIVATION'), sum('REACTIVATION')]).toEqual([m.reactivatedCustomers, m.mrr.reactivationCents]);
    expect(count('RETAINED')).toBe(m.retainedCustomers);
    expect(count('SERVED')).toBe(m.customersServed);
    expect([sum('COHORT_EXPANSION'), sum('COHORT_CONTRACTION'), sum('COHORT_CHURN')]).toEqual([
      m.startCohort.expansionCents,
      m.startCohort.contractionCents,
      m.startCohort.churnCents,
    ]);
    // NRR and GRR rebuilt from the lists: (55,000 + 5,000 − 4,000 − 20,000) / 55,000 and (55,000 − 24,000) / 55,000.
    const start = sum('START_CUSTOMERS');
    expect(((start + sum('COHORT_EXPANSION') - sum('COHORT_CONTRACTION') - sum('COHORT_CHURN')) * 100) / start).toBe(
      m.nrrPct,
    );
    expect(((start - sum('COHORT_CONTRACTION') - sum('COHORT_CHURN')) * 100) / start).toBe(m.grrPct);
    expect(METRIC_FIGURES).toHaveLength(EXPECTED.length);
  });

  it('pages strictly after a cursor key, ties broken by account id', () => {
    const { members } = figureMembers('START_CUSTOMERS', facts);
    expect(membersAfter(members, [12_000, 'D']).map((m) => m.facts.accountId)).toEqual(['A', 'C', 'G']);
    expect(membersAfter(members, [10_000, 'A']).map((m) => m.facts.accountId)).toEqual(['C', 'G']);
    expect(membersAfter(members, [10_000, 'B']).map((m) => m.facts.accountId)).toEqual(['C', 'G']);
    expect(membersAfter(members, null)).toHaveLength(5);
  });
});
