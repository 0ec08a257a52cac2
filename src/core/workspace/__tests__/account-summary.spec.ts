import { accountSummaryLines, AccountSummaryInput } from '../account-summary';

const base: AccountSummaryInput = {
  status: 'ACTIVE',
  mrrCents: 150_000,
  mrr90dAgoCents: 120_000,
  renewalDate: '2026-12-24',
  daysToRenewal: 20,
  health: {
    score: 35.4,
    band: 'RED',
    delta7d: -21.6,
    flags: [{ type: 'DORMANT', evidence: 'no activity for 32 days', since: '2026-12-01T00:00:00Z' }],
    components: [],
  },
  override: null,
  risk: {
    band: 'HIGH',
    probability: 0.624,
    drivers: [
      { feature: 'daysSinceLastActivity', value: 32, contribution: 1.1 },
      { feature: 'tenureDays', value: 700, contribution: -0.3 },
    ],
  },
};

describe('account summary lines', () => {
  it('health with change and top reason; risk with its top driver; MRR trend and renewal', () => {
    expect(accountSummaryLines(base)).toEqual([
      'Health RED (score 35, down 22 in 7 days); top reason: dormant: no activity for 32 days.',
      'High churn risk (62 %), mainly no activity for 32 days.',
      // 1,500.00 − 1,200.00 = 300.00, 300 / 1,200 = 25 %
      'MRR 1,500.00, up 300.00 (25 %) over 90 days; renews in 20 days (2026-12-24).',
    ]);
  });

  it('an override is shown beside the computed band', () => {
    const [health] = accountSummaryLines({
      ...base,
      health: { ...base.health!, delta7d: 0.2, flags: [] },
      override: { band: 'YELLOW', reason: 'renewal signed verbally', expiresAt: new Date('2027-01-10T00:00:00Z') },
    });
    expect(health).toBe(
      'Health shown YELLOW by an override until 2027-01-10 (“renewal signed verbally”); computed RED, score 35.',
    );
  });

  it('missing data is said plainly', () => {
    expect(
      accountSummaryLines({
        ...base,
        status: 'PROSPECT',
        mrrCents: 0,
        mrr90dAgoCents: null,
        renewalDate: null,
        daysToRenewal: null,
        health: null,
        risk: null,
      }),
    ).toEqual([
      'Health has not been computed yet.',
      'No churn risk: the account is not paying.',
      'MRR 0.00, no MRR history 90 days back; no renewal date.',
    ]);
    expect(accountSummaryLines({ ...base, risk: null })[1]).toBe('No churn-risk score yet.');
    expect(accountSummaryLines({ ...base, mrr90dAgoCents: 0, daysToRenewal: -3 })[2]).toBe(
      'MRR 1,500.00, new in the last 90 days; renewal date passed 3 days ago (2026-12-24).',
    );
    expect(accountSummaryLines({ ...base, mrrCents: 90_000, daysToRenewal: 1 })[2]).toBe(
      'MRR 900.00, down 300.00 (25 %) over 90 days; renews tomorrow (2026-12-24).',
    );
    expect(accountSummaryLines({ ...base, mrr90dAgoCents: 150_000, daysToRenewal: 0 })[2]).toBe(
      'MRR 1,500.00, flat over 90 days; renews today (2026-12-24).',
    );
  });
});
