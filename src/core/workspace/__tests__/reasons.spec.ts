import { riskDriverText, topHealthReason, topRiskReason } from '../reasons';

describe('top reasons in plain words', () => {
  const comps = [
    { key: 'login_frequency', score: 100, effectiveWeight: 0.2, missing: false },
    // 0.15 × (100 − 40) = 9 points lost
    { key: 'usage_trend', score: 40, effectiveWeight: 0.15, missing: false },
    // 0.3 × (100 − 75) = 7.5 points lost
    { key: 'nps_latest', label: 'Latest NPS', score: 75, effectiveWeight: 0.3, missing: false },
    { key: 'seats', score: null, effectiveWeight: 0, missing: true },
  ];

  it('health: the newest red flag first, else the measure that loses the most points', () => {
    expect(
      topHealthReason(
        [
          { type: 'PAYMENT_FAILED', evidence: '1 failed payment(s) in 30 days', since: '2026-03-01T00:00:00Z' },
          { type: 'USAGE_DROP', evidence: '3 active days in the last 30', since: '2026-03-05T00:00:00Z' },
        ],
        comps,
      ),
    ).toBe('Usage drop: 3 active days in the last 30');
    expect(topHealthReason([], comps)).toBe('Usage trend scored 40 of 100 (−9 points)');
    expect(topHealthReason([], [comps[0], comps[2]])).toBe('Latest NPS scored 75 of 100 (−8 points)');
    expect(topHealthReason([], [comps[0], comps[3]])).toBeNull();
  });

  it('risk: the driver with the largest positive contribution', () => {
    expect(
      topRiskReason([
        { feature: 'activeDays30', value: 2, contribution: 0.4 },
        { feature: 'daysSinceLastActivity', value: 32.4, contribution: 1.7 },
        { feature: 'tenureDays', value: 500, contribution: -0.8 },
      ]),
    ).toBe('No activity for 32 days');
    expect(topRiskReason([{ feature: 'tenureDays', value: 500, contribution: -0.8 }])).toBeNull();
    expect(riskDriverText({ feature: 'segment=SMB', value: null, contribution: 1 })).toBe('segment is SMB');
    expect(riskDriverText({ feature: 'seatUtilisation', value: 0.456, contribution: 1 })).toBe(
      'seat utilisation is 0.46',
    );
    expect(riskDriverText({ feature: 'detractor', value: 1, contribution: 1 })).toBe(
      'latest NPS answer is a detractor',
    );
  });

  it('risk: the label stored with the score wins (one vocabulary: core/risk/driver-labels.ts)', () => {
    const d = { feature: 'usageTrend', value: -0.6, contribution: 1, label: 'Usage down 45 % in the last 30 days' };
    expect(riskDriverText(d)).toBe('usage down 45 % in the last 30 days');
    expect(topRiskReason([d])).toBe('Usage down 45 % in the last 30 days');
    expect(
      riskDriverText({ feature: 'mrrChange90', value: -5000, contribution: 1, label: 'MRR down 50.00 over 90 days' }),
    ).toBe('MRR down 50.00 over 90 days');
  });
});
