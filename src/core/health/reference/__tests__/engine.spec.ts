import { computeHealth, scoreOnOrBefore, trendFromHistory, withScorecardDefaults } from '../engine';
import { addDays, AccountHealthData, DailyRollup, toDayNumber } from '../../raw-measures';
import { DEFAULT_SCORECARD, scoreAccount, ScorecardDefinition, validateScorecard } from '../../scorecard-scoring';
import * as api from '../../index';

const row = (day: string, type: string, count = 1, extra: Partial<DailyRollup> = {}): DailyRollup => ({
  day,
  type,
  count,
  quantity: count,
  ...extra,
});
const D = '2026-06-30';

describe('the default scorecard on plain data (what-if preview)', () => {
  // Login days: 10 in 2026-05-02..05-31 (05-03, 05-06, …, 05-30), 8 in June (06-06, 06-09, …, 06-27).
  const may = Array.from({ length: 10 }, (_, i) => row(addDays('2026-05-03', 3 * i), 'login'));
  const june = Array.from({ length: 8 }, (_, i) => row(addDays('2026-06-06', 3 * i), 'login'));
  const data: AccountHealthData = {
    rollups: [
      ...may,
      ...june,
      row('2026-06-27', 'feature_used', 9, { features: ['a', 'b', 'c', 'd', 'e'] }),
      row('2026-06-10', 'support_ticket', 4, { sentiment: { negative: 1, positive: 2 } }),
      row('2026-06-29', 'email_opened'),
    ],
    nps: [{ score: 8, respondedAt: '2026-05-15T09:00:00Z' }],
    customerSince: '2026-05-01',
    renewalDate: null,
  };

  it('scores every measure and redistributes the missing MRR change', () => {
    const r = computeHealth(DEFAULT_SCORECARD, data, D);
    const byKey = Object.fromEntries(r.components.map((c) => [c.key, c]));
    // raw → score: logins 8 → 60; trend (8 − 10)/10 = −20 % → 40; 5 features → 80; NPS 8 → 70;
    // 1/4 negative → 60; 0 failures → 100; no MRR → missing; last activity 3 days ago → 90.
    expect(r.components.map((c) => [c.key, c.rawValue, c.score])).toEqual([
      ['login_frequency', 8, 60],
      ['usage_trend', -20, 40],
      ['feature_breadth', 5, 80],
      ['nps_latest', 8, 70],
      ['negative_tickets', 0.25, 60],
      ['payment_failures', 0, 100],
      ['mrr_change', null, null],
      ['recency', 3, 90],
    ]);
    expect(byKey.mrr_change.missing).toBe(true);
    // (20·60 + 15·40 + 15·80 + 10·70 + 10·60 + 10·100 + 10·90) / 90 = 6200 / 90
    expect(r.score).toBeCloseTo(6200 / 90, 10);
    expect(r.band).toBe('YELLOW');
    expect(r.coverage).toBeCloseTo(0.9, 12);
    expect(byKey.login_frequency.effectiveWeight).toBeCloseTo(20 / 90, 12);
    expect(Math.abs(r.components.reduce((s, c) => s + c.contribution, 0) - r.score!)).toBeLessThan(0.01);
  });

  it('gives no score for an account with no data beyond zero counts (45 % < 50 % coverage)', () => {
    const r = computeHealth(DEFAULT_SCORECARD, { rollups: [] }, D);
    expect(r).toMatchObject({ score: null, band: 'UNKNOWN' });
    expect(r.coverage).toBeCloseTo(0.45, 12); // login 20 + features 15 + payments 10 have data (0)
    expect(r.components.filter((c) => !c.missing).map((c) => c.key)).toEqual([
      'login_frequency',
      'feature_breadth',
      'payment_failures',
    ]);
  });

  it('is valid, weighs 100 in total and covers the spec measures', () => {
    expect(validateScorecard(DEFAULT_SCORECARD)).toEqual([]);
    expect(DEFAULT_SCORECARD.measures.reduce((s, m) => s + m.weight, 0)).toBe(100);
    expect(DEFAULT_SCORECARD.measures.map((m) => [m.metric, m.signalType ?? null, m.windowDays ?? null])).toEqual([
      ['ACTIVE_DAYS', 'login', 30],
      ['USAGE_TREND', null, 30],
      ['DISTINCT_FEATURES', null, 30],
      ['NPS_LATEST', null, null],
      ['NEGATIVE_TICKET_SHARE', null, 90],
      ['PAYMENT_FAILURES', null, 90],
      ['MRR_CHANGE_PCT', null, 90],
      ['DAYS_SINCE_LAST_ACTIVITY', null, null],
    ]);
  });
});

describe('contributions add up to the score', () => {
  const card: ScorecardDefinition = withScorecardDefaults({
    name: 'odd weights',
    measures: [
      {
        key: 'a',
        label: 'A',
        metric: 'ACTIVE_DAYS',
        weight: 3,
        points: [
          { value: 0, score: 0 },
          { value: 7, score: 100 },
        ],
      },
      {
        key: 'b',
        label: 'B',
        metric: 'NPS_LATEST',
        weight: 7,
        points: [
          { value: 0, score: 13 },
          { value: 10, score: 97 },
        ],
      },
      {
        key: 'c',
        label: 'C',
        metric: 'CSAT_AVERAGE',
        weight: 11,
        points: [
          { value: 1, score: 0 },
          { value: 5, score: 100 },
        ],
      },
    ],
  });
  it('for many raw values', () => {
    for (let a = 0; a <= 7; a++) {
      for (const b of [0, 3, 6.5, 10]) {
        for (const c of [1, 2.2, 3.7]) {
          const r = scoreAccount(card, { a, b, c });
          expect(r.score).not.toBeNull();
          expect(Math.abs(r.components.reduce((s, x) => s + x.contribution, 0) - r.score!)).toBeLessThan(0.01);
        }
      }
    }
  });
  it('without c only 10 of 21 weight has data (< 0.5): no score', () => {
    expect(scoreAccount(card, { a: 7, b: 5, c: null })).toMatchObject({ score: null, band: 'UNKNOWN' });
  });
  it('hand-worked: a = 7 (100), b = 5 (55), c = 3 (50) → (300 + 385 + 550) / 21', () => {
    expect(scoreAccount(card, { a: 7, b: 5, c: 3 }).score).toBeCloseTo(1235 / 21, 10);
  });
  it('fills in the defaults', () => {
    expect(card).toMatchObject({ segment: null, redBelow: 40, greenAtOrAbove: 70, minCoverage: 0.5 });
    expect(withScorecardDefaults({ name: 'x', measures: [], redBelow: 30, segment: 'SMB' })).toMatchObject({
      redBelow: 30,
      greenAtOrAbove: 70,
      segment: 'SMB',
    });
  });
});

describe('trend from the score history', () => {
  const h = (pairs: Array<[number, number | null]>) =>
    pairs.map(([back, score]) => ({ day: addDays(D, -back), score }));
  it('deltas against 7 and 30 days ago; direction from delta7d with a dead band of 2', () => {
    expect(
      trendFromHistory(
        h([
          [0, 62],
          [7, 55],
          [30, 70],
        ]),
        D,
      ),
    ).toEqual({ delta7d: 7, delta30d: -8, direction: 'UP' });
    expect(
      trendFromHistory(
        h([
          [0, 62],
          [7, 63.5],
          [30, 70],
        ]),
        D,
      ),
    ).toEqual({ delta7d: -1.5, delta30d: -8, direction: 'FLAT' });
    expect(trendFromHistory(h([[7, 64]]), D, 62)).toEqual({ delta7d: -2, delta30d: null, direction: 'DOWN' }); // |Δ| = 2 is not in the dead band
  });
  it('null deltas without history (or with a null score then)', () => {
    expect(trendFromHistory([], D, 50)).toEqual({ delta7d: null, delta30d: null, direction: 'FLAT' });
    expect(
      trendFromHistory(
        h([
          [7, null],
          [30, 40],
        ]),
        D,
        50,
      ),
    ).toEqual({ delta7d: null, delta30d: 10, direction: 'FLAT' });
    expect(trendFromHistory(h([[7, 40]]), D, null)).toEqual({ delta7d: null, delta30d: null, direction: 'FLAT' });
  });
  it('falls back to the latest point up to 3 days earlier when the exact day is missing', () => {
    expect(
      scoreOnOrBefore(
        h([
          [9, 50],
          [10, 45],
        ]),
        toDayNumber(D) - 7,
      ),
    ).toBe(50);
    expect(
      trendFromHistory(
        h([
          [0, 60],
          [10, 50],
        ]),
        D,
      ).delta7d,
    ).toBe(10);
    expect(
      trendFromHistory(
        h([
          [0, 60],
          [11, 50],
        ]),
        D,
      ).delta7d,
    ).toBeNull();
    expect(
      trendFromHistory(
        h([
          [0, 60],
          [6, 50],
        ]),
        D,
      ).delta7d,
    ).toBeNull(); // newer than 7 days: not used
  });
});

describe('index', () => {
  it('exports the engine', () => {
    for (const name of [
      'scaleScore',
      'scoreAccount',
      'bandFor',
      'validateScorecard',
      'selectScorecard',
      'DEFAULT_SCORECARD',
      'healthTrend',
      'computeRawMeasures',
      'computeRawMeasure',
      'evaluateRedFlags',
      'evaluateRedFlagsAt',
      'flagInputsFromData',
      'replayRedFlags',
      'diffFlags',
      'effectiveBand',
      'validateOverride',
      'computeHealth',
      'trendFromHistory',
      'withScorecardDefaults',
    ]) {
      expect(typeof (api as Record<string, unknown>)[name]).not.toBe('undefined');
    }
  });
});
