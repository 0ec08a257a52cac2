import {
  accountHeuristic,
  completeSnapshotDays,
  monthlySnapshotDays,
  snapshotHoldout,
  ACCOUNT_FEATURE_SPEC,
} from '../account-features';

describe('accountHeuristic', () => {
  it('uses the health score when present: p = 0.05 + 0.9·(1 − s/100)²', () => {
    const h = accountHeuristic({ healthScore: 50, mrr: 1000, mrrChange90: -900 });
    expect(h.source).toBe('HEALTH');
    expect(h.probability).toBeCloseTo(0.275, 12);
    expect(h.drivers).toEqual([{ feature: 'healthScore', value: 50, contribution: 0 }]);
  });

  it('flat MRR and nothing else → proxy 70 → p = 0.131', () => {
    const h = accountHeuristic({ mrr: 1000, mrrChange90: 0 });
    expect(h.source).toBe('PROXY');
    expect(h.healthScore).toBe(70);
    expect(h.probability).toBeCloseTo(0.131, 12);
    expect(h.drivers).toEqual([]);
  });

  it('a halved MRR takes 30 points: s = 40 → p = 0.05 + 0.9·0.36 = 0.374', () => {
    // mrr 500 now, 1000 ninety days ago: r = −500/1000 = −0.5 → 60·(−0.5) = −30
    const h = accountHeuristic({ mrr: 500, mrrChange90: -500 });
    expect(h.healthScore).toBeCloseTo(40, 12);
    expect(h.probability).toBeCloseTo(0.374, 12);
    expect(h.drivers).toEqual([{ feature: 'mrrChange90', value: -500, contribution: 30 }]);
  });

  it('adds activity, payment failures, detractor and tickets; clamps to [0, 100]', () => {
    // 70 + 60·0.1 (r = 100/1000) + 40·(15/30 − 0.5) = 0, −15 (45 days), −10, −10, −5·3 → 26
    const h = accountHeuristic({
      mrr: 1100,
      mrrChange90: 100,
      activeDays30: 15,
      daysSinceLastActivity: 45,
      paymentFailures90: 2,
      detractor: 1,
      negativeTickets90: 7,
    });
    expect(h.healthScore).toBeCloseTo(26, 10);
    expect(h.drivers.map((d) => d.feature)).toEqual([
      'daysSinceLastActivity',
      'negativeTickets90',
      'paymentFailures90',
      'detractor',
      'mrrChange90',
    ]);
    const worst = accountHeuristic({
      mrr: 100,
      mrrChange90: -900,
      activeDays30: 0,
      daysSinceLastActivity: 90,
      paymentFailures90: 1,
      detractor: 1,
      negativeTickets90: 3,
    });
    expect(worst.healthScore).toBe(0);
    expect(worst.probability).toBeCloseTo(0.95, 12);
  });

  it('the spec has 16 numerics (seat change added by issue 20), the segment, and every numeric but the ledger ones in a missing-data group', () => {
    expect(ACCOUNT_FEATURE_SPEC.numeric).toHaveLength(16);
    expect(ACCOUNT_FEATURE_SPEC.categorical).toEqual(['segment']);
    const grouped = Object.values(ACCOUNT_FEATURE_SPEC.missingGroups ?? {}).flat();
    expect(ACCOUNT_FEATURE_SPEC.numeric.filter((f) => !grouped.includes(f)).sort()).toEqual(
      ['daysToRenewal', 'mrr', 'mrrChange90', 'tenureDays'].sort(),
    );
  });
});

describe('snapshot days and holdout', () => {
  it('lists the 1st of each month after the first month, up to now', () => {
    expect(monthlySnapshotDays(new Date('2024-11-15T10:00:00Z'), new Date('2025-03-01T00:00:00Z'))).toEqual([
      '2024-12-01',
      '2025-01-01',
      '2025-02-01',
      '2025-03-01',
    ]);
    expect(monthlySnapshotDays(new Date('2025-03-02T00:00:00Z'), new Date('2025-03-20T00:00:00Z'))).toEqual([]);
  });

  it('keeps days whose label window has ended', () => {
    const days = ['2025-01-01', '2025-02-01', '2025-03-01'];
    // 2025-01-01 + 90 days = 2025-04-01
    expect(completeSnapshotDays(days, 90, new Date('2025-04-01T00:00:00Z'))).toEqual(['2025-01-01']);
    expect(completeSnapshotDays(days, 90, new Date('2025-03-31T23:59:59Z'))).toEqual([]);
  });

  it('tests on the latest days and trains only on labels known before them', () => {
    const days = [
      '2024-01-01',
      '2024-02-01',
      '2024-03-01',
      '2024-04-01',
      '2024-05-01',
      '2024-06-01',
      '2024-07-01',
      '2024-08-01',
    ];
    const h = snapshotHoldout(days, 90, 3)!;
    expect(h.testDays).toEqual(['2024-06-01', '2024-07-01', '2024-08-01']);
    // t + 90 days ≤ 2024-06-01: 2024-03-01 + 90 = 2024-05-30 yes; 2024-04-01 + 90 = 2024-06-30 no
    expect(h.trainDays).toEqual(['2024-01-01', '2024-02-01', '2024-03-01']);
    expect(snapshotHoldout(['2024-01-01'], 90)).toBeNull();
    expect(snapshotHoldout(['2024-01-01', '2024-02-01'], 90)).toBeNull();
  });
});
