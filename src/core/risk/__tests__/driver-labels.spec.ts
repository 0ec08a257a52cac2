import { alarmingFlags, driverLabel, featureTitle, healthDisagreementNote } from '..';
import { ACCOUNT_NUMERIC_FEATURES } from '../account-features';

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

  it('GREEN with HIGH risk names what raises it; without any driver, the base rate is the reason', () => {
    const raising = [
      { label: 'No activity for 32 days', contribution: 1.2 },
      { label: 'Renews in 300 days', contribution: -0.4 },
    ];
    expect(healthDisagreementNote('GREEN', [], 'HIGH', raising, 90)).toBe(
      'Health is GREEN, but churn risk is HIGH: No activity for 32 days.',
    );
    expect(healthDisagreementNote('RED', [], 'LOW', [{ label: 'x', contribution: 0 }], 90)).toBe(
      "Health is RED, but churn risk is LOW: Accounts like this one rarely churned within 90 days in this book's history, and nothing in its data raises that.",
    );
  });

  // The demo book on 2026-12-05: a steady account silent for 8 days (its DORMANT threshold is 7, three times its
  // usual gap), otherwise active; its drivers sum to +0.55 + 0.48 + 0.18 − 0.08 − 0.06 = +1.07 log-odds, so on
  // balance they RAISE its log-odds, yet the risk stays LOW (p = 0.135 < 0.2) because few accounts churn within 90 days.
  const mixed = [
    { label: 'MRR 4,478.00', contribution: -0.08 },
    { label: 'No activity for 8 days', contribution: 0.55 },
    { label: 'Active on 11 of the last 30 days', contribution: 0.48 },
    { label: 'Latest NPS answer is not a detractor', contribution: -0.06 },
    { label: 'Usage down 29 % in the last 30 days vs the 60 days before', contribution: 0.18 },
  ];

  it('a LOW risk whose drivers on balance raise it says so, with the base rate that keeps it LOW', () => {
    expect(
      healthDisagreementNote('YELLOW', ['DORMANT'], 'LOW', mixed, 90, { probability: 0.135, baseRate: 0.046 }),
    ).toBe(
      "Health is YELLOW (red flags: DORMANT), but churn risk is LOW (14 % within 90 days): What raises it (No activity for 8 days; Active on 11 of the last 30 days) outweighs what lowers it, but only 5 % of accounts churned within 90 days in this book's history. Lowering it: MRR 4,478.00; Latest NPS answer is not a detractor.",
    );
    // Only raising drivers, base rate unknown (the heuristic): no "Lowering it".
    expect(healthDisagreementNote('RED', [], 'LOW', [{ label: 'x', contribution: 0.3 }], 90)).toBe(
      "Health is RED, but churn risk is LOW: Its data only raise it (x), but churn within 90 days was rare in this book's history.",
    );
  });

  it('a HIGH risk whose drivers on balance lower it says so (−0.4 − 0.9 + 1.2 = −0.1)', () => {
    expect(healthDisagreementNote('GREEN', [], 'HIGH', drivers, 90, { probability: 0.62, baseRate: 0.55 })).toBe(
      "Health is GREEN, but churn risk is HIGH (62 % within 90 days): What lowers it (Customer for 3.0 years; Renews in 300 days) outweighs what raises it, but 55 % of accounts churned within 90 days in this book's history. Raising it: No activity for 32 days.",
    );
  });
});

describe('featureTitle', () => {
  it('names every model column in words', () => {
    for (const f of ACCOUNT_NUMERIC_FEATURES) expect(featureTitle(f)).not.toBe(f);
    expect(featureTitle('daysSinceLastActivity')).toBe('Days since the last activity');
    expect(featureTitle('segment=SMB')).toBe('Segment: SMB');
    expect(featureTitle('missing:nps')).toBe('Has not answered an NPS survey yet');
    expect(featureTitle('(intercept)')).toBe('Baseline (intercept)');
    expect(featureTitle('somethingNew')).toBe('somethingNew');
  });
});
