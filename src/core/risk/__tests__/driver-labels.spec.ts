import { alarmingFlags, driverLabel, healthDisagreementNote } from '..';

describe('plain-language driver labels', () => {
  it.each([
    ['daysSinceLastActivity', 32, 'No activity for 32 days'],
    ['daysSinceLastActivity', 1, 'Last active yesterday'],
    ['daysSinceLastActivity', 0, 'Active today'],
    ['activeDays30', 3, 'Active on 3 of the last 30 days'],
    ['usageTrend', Math.log(0.55), 'Usage down 45 % in the last 30 days vs the 60 days before'],
    ['usageTrend', 0.01, 'Usage steady over the last 30 days'],
    ['seatChange90', Math.log(1.2), 'Seats up 20 % over 90 days'],
    ['featureBreadth', 1, 'Used 1 feature in the last 90 days'],
    ['npsLatest', 3, 'Latest NPS answer 3 (detractor)'],
    ['npsLatest', 9, 'Latest NPS answer 9 (promoter)'],
    ['detractor', 1, 'Latest NPS answer is a detractor (0–6)'],
    ['negativeTickets90', 4, '4 negative support tickets in the last 90 days'],
    ['negativeTickets90', 0, 'No negative support tickets in 90 days'],
    ['paymentFailures90', 1, '1 failed payment in the last 90 days'],
    ['mrr', 123_456, 'MRR 1,234.56'],
    ['mrrChange90', -5000, 'MRR down 50.00 over 90 days'],
    ['tenureDays', 20, 'Customer for 20 days'],
    ['tenureDays', 400, 'Customer for 13 months'],
    ['tenureDays', 1000, 'Customer for 2.7 years'],
    ['daysToRenewal', 45, 'Renews in 45 days'],
    ['healthScore', 12, 'Health score 12 of 100'],
    ['segment=SMB', 'SMB', 'Segment: SMB'],
    ['missing:signals', null, 'No usage data yet for this period (product signals were connected later)'],
    ['missing:nps', null, 'Has not answered an NPS survey yet'],
    ['somethingElse', 7, 'somethingElse: 7'],
  ])('%s = %p → %s', (feature, value, label) => {
    expect(driverLabel(feature, value)).toBe(label);
  });
});

describe('consistency with health', () => {
  const drivers = [
    { label: 'Renews in 300 days', contribution: -0.4 },
    { label: 'No activity for 32 days', contribution: 1.2 },
    { label: 'Customer for 3.0 years', contribution: -0.9 },
  ];

  it('agreeing bands need no note', () => {
    expect(healthDisagreementNote('RED', [], 'HIGH', drivers, 90)).toBeNull();
    expect(healthDisagreementNote('GREEN', [], 'LOW', drivers, 90)).toBeNull();
    expect(healthDisagreementNote(null, [], 'HIGH', drivers, 90)).toBeNull();
    expect(healthDisagreementNote('YELLOW', ['USAGE_DROP'], 'LOW', drivers, 90)).toBeNull();
  });

  it('RED (or DORMANT, or ≥ 4 flags) with LOW risk names what lowers the risk, strongest first', () => {
    expect(healthDisagreementNote('RED', ['DORMANT'], 'LOW', drivers, 90)).toBe(
      'Health is RED (red flags: DORMANT), but churn risk is LOW: Customer for 3.0 years; Renews in 300 days.',
    );
    expect(healthDisagreementNote('YELLOW', ['DORMANT'], 'LOW', drivers, 90)).toMatch(/^Health is YELLOW/);
    expect(alarmingFlags(['A', 'B', 'C', 'D'])).toBe(true);
    expect(alarmingFlags(['A', 'B', 'C'])).toBe(false);
  });

  it('GREEN with HIGH risk names what raises it; without such drivers, the base rate is the reason', () => {
    expect(healthDisagreementNote('GREEN', [], 'HIGH', drivers, 90)).toBe(
      'Health is GREEN, but churn risk is HIGH: No activity for 32 days.',
    );
    expect(healthDisagreementNote('RED', [], 'LOW', [{ label: 'x', contribution: 0.3 }], 90)).toBe(
      "Health is RED, but churn risk is LOW: accounts like this one rarely churned within 90 days in this book's history, and nothing in its data raises that.",
    );
  });
});
