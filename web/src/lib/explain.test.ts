import { describe, expect, it } from 'vitest';
import { driverSentence, featurePhrase, topReason } from './explain';

describe('risk drivers in plain words', () => {
  it('HEURISTIC: health points removed are points of risk', () => {
    expect(driverSentence({ feature: 'daysSinceLastActivity', value: 32, contribution: 18 }, 'HEURISTIC')).toBe(
      'no activity for 32 days: +18 points of risk',
    );
  });

  it('LOGISTIC: log-odds become percentage points at the account’s probability', () => {
    // p = 0.5 → logit 0; contribution ln 3 → without it σ(−ln 3) = 1/(1+3) = 0.25 → +25 points.
    expect(driverSentence({ feature: 'paymentFailures90', value: 2, contribution: Math.log(3) }, 'LOGISTIC', 0.5)).toBe(
      '2 failed payments in 90 days: +25 points of risk',
    );
    // p = 0.2, contribution −ln 2: logit(0.2) = ln 0.25, without it ln 0.5 → 1/3 → 0.2 − 0.333 = −13 points.
    expect(driverSentence({ feature: 'activeDays30', value: 28, contribution: -Math.log(2) }, 'LOGISTIC', 0.2)).toBe(
      'active on 28 of the last 30 days: −13 points of risk',
    );
  });

  it('names segment columns and unknown features', () => {
    expect(featurePhrase('segment=SMB', null)).toBe('segment SMB');
    expect(featurePhrase('custom', 3)).toBe('custom = 3');
  });

  it('the top reason is the newest flag, else the weakest component', () => {
    expect(
      topReason({ health: { flags: [{ type: 'DORMANT', evidence: 'silent for 37 days' }], components: [] } }),
    ).toBe('Dormant (no activity): silent for 37 days');
    expect(
      topReason({
        health: {
          flags: [],
          components: [
            { label: 'Logins', score: 80, missing: false },
            { label: 'NPS', score: 30, missing: false },
            { label: 'Tickets', score: null, missing: true },
          ],
        },
      }),
    ).toBe('NPS scores 30 / 100');
  });
});
