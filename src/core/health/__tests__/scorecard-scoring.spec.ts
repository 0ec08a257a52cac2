import {
  bandFor,
  DEFAULT_SCORECARD,
  healthTrend,
  scaleScore,
  scoreAccount,
  ScorecardDefinition,
  selectScorecard,
  validateScorecard,
} from '../scorecard-scoring';

const card = (over: Partial<ScorecardDefinition> = {}): ScorecardDefinition => ({
  name: 'T',
  segment: null,
  redBelow: 40,
  greenAtOrAbove: 70,
  minCoverage: 0.5,
  measures: [
    {
      key: 'a',
      label: 'A',
      metric: 'ACTIVE_DAYS',
      weight: 2,
      points: [
        { value: 0, score: 0 },
        { value: 10, score: 100 },
      ],
    },
    {
      key: 'b',
      label: 'B',
      metric: 'NPS_LATEST',
      weight: 1,
      points: [
        { value: 0, score: 0 },
        { value: 10, score: 100 },
      ],
    },
    {
      key: 'c',
      label: 'C',
      metric: 'PAYMENT_FAILURES',
      weight: 1,
      points: [
        { value: 0, score: 100 },
        { value: 2, score: 0 },
      ],
    },
  ],
  ...over,
});

describe('scaleScore', () => {
  const up = [
    { value: 0, score: 0 },
    { value: 4, score: 40 },
    { value: 12, score: 80 },
  ];
  it('interpolates between points', () => {
    expect(scaleScore(up, 2)).toBe(20);
    expect(scaleScore(up, 8)).toBe(60); // 40 + (4/8)·40
  });
  it('clamps at both ends', () => {
    expect(scaleScore(up, -5)).toBe(0);
    expect(scaleScore(up, 100)).toBe(80);
  });
  it('supports descending scores', () => {
    const down = [
      { value: 0, score: 100 },
      { value: 0.5, score: 20 },
    ];
    expect(scaleScore(down, 0.25)).toBe(60);
  });
  it('hits points exactly and handles a single point', () => {
    expect(scaleScore(up, 4)).toBe(40);
    expect(scaleScore([{ value: 3, score: 55 }], 100)).toBe(55);
  });
});

describe('scoreAccount', () => {
  it('weights measure scores: (2·50 + 1·80 + 1·50) / 4 = 57.5', () => {
    const r = scoreAccount(card(), { a: 5, b: 8, c: 1 });
    expect(r.score).toBeCloseTo(57.5, 10);
    expect(r.band).toBe('YELLOW');
    expect(r.components.map((c) => c.effectiveWeight)).toEqual([0.5, 0.25, 0.25]);
    expect(r.components.reduce((s, c) => s + c.contribution, 0)).toBeCloseTo(r.score!, 10);
  });

  it('redistributes the weight of a missing measure: (2·50 + 1·50) / 3 = 50', () => {
    const r = scoreAccount(card(), { a: 5, c: 1 });
    expect(r.score).toBeCloseTo(50, 10);
    const b = r.components.find((c) => c.key === 'b')!;
    expect(b).toMatchObject({ missing: true, rawValue: null, score: null, effectiveWeight: 0, contribution: 0 });
    expect(r.components.find((c) => c.key === 'a')!.effectiveWeight).toBeCloseTo(2 / 3, 12);
    expect(r.coverage).toBe(0.75);
  });

  it('gives no score (UNKNOWN, never 50) below the minimum coverage, and a score exactly at it', () => {
    const below = scoreAccount(card(), { b: 10 }); // 1 of 4 = 0.25 < 0.5
    expect(below).toMatchObject({ score: null, band: 'UNKNOWN', coverage: 0.25 });
    const at = scoreAccount(card(), { a: 10 }); // 2 of 4 = 0.5: enough
    expect(at.score).toBe(100);
    expect(scoreAccount(card(), {}).band).toBe('UNKNOWN');
  });

  it('treats NaN and undefined as missing', () => {
    const r = scoreAccount(card(), { a: NaN, b: 10, c: 0 });
    expect(r.components[0].missing).toBe(true);
    expect(r.score).toBe(100);
  });
});

describe('bands at exact thresholds', () => {
  it('40 is YELLOW with redBelow 40; 70 is GREEN with greenAtOrAbove 70', () => {
    const c = { redBelow: 40, greenAtOrAbove: 70 };
    expect(bandFor(39.999, c)).toBe('RED');
    expect(bandFor(40, c)).toBe('YELLOW');
    expect(bandFor(69.999, c)).toBe('YELLOW');
    expect(bandFor(70, c)).toBe('GREEN');
    expect(bandFor(null, c)).toBe('UNKNOWN');
  });
});

describe('healthTrend', () => {
  it('computes deltas and a direction with a dead band of 2 points', () => {
    expect(healthTrend(60, 50, 70)).toEqual({ delta7d: 10, delta30d: -10, direction: 'UP' });
    expect(healthTrend(60, 61.5, null)).toEqual({ delta7d: -1.5, delta30d: null, direction: 'FLAT' });
    expect(healthTrend(40, 45, 45).direction).toBe('DOWN');
    expect(healthTrend(null, 45, 45)).toEqual({ delta7d: null, delta30d: null, direction: 'FLAT' });
  });
});

describe('validateScorecard', () => {
  it('accepts the default scorecard', () => {
    expect(validateScorecard(DEFAULT_SCORECARD)).toEqual([]);
  });
  it('reports each problem with its field', () => {
    const bad = card({
      redBelow: 80,
      minCoverage: 0,
      measures: [
        {
          key: 'a',
          label: 'A',
          metric: 'ACTIVE_DAYS',
          weight: 0,
          points: [
            { value: 5, score: 0 },
            { value: 1, score: 100 },
          ],
        },
        { key: 'a', label: 'A2', metric: 'NPS_LATEST', signalType: 'login', weight: 1, points: [] },
      ],
    });
    const fields = validateScorecard(bad).map((p) => p.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'greenAtOrAbove',
        'minCoverage',
        'measures[0].weight',
        'measures[0].points[1]',
        'measures[1].key',
        'measures[1].signalType',
        'measures[1].points',
      ]),
    );
    expect(validateScorecard(card({ measures: [] })).map((p) => p.field)).toContain('measures');
  });
});

describe('selectScorecard', () => {
  it('prefers the segment scorecard, else the default', () => {
    const cards = [
      { id: 'd', segment: null },
      { id: 'e', segment: 'Enterprise' },
    ];
    expect(selectScorecard(cards, 'Enterprise')!.id).toBe('e');
    expect(selectScorecard(cards, 'SMB')!.id).toBe('d');
    expect(selectScorecard(cards, null)!.id).toBe('d');
  });
});

describe('validateScorecard: each rule', () => {
  const m = (over: Record<string, unknown> = {}) => ({
    key: 'a',
    label: 'A',
    metric: 'ACTIVE_DAYS' as const,
    weight: 1,
    points: [
      { value: 0, score: 0 },
      { value: 10, score: 100 },
    ],
    ...over,
  });
  const fields = (over: Partial<ScorecardDefinition>) => validateScorecard(card(over)).map((p) => p.field);
  it('weights must be finite and > 0', () => {
    expect(fields({ measures: [m({ weight: Infinity })] })).toEqual(['measures[0].weight']);
    expect(fields({ measures: [m({ weight: -1 })] })).toEqual(['measures[0].weight']);
    expect(fields({ measures: [m({ weight: 0.001 })] })).toEqual([]);
  });
  it('points: strictly ascending values, scores in 0..100', () => {
    expect(
      fields({
        measures: [
          m({
            points: [
              { value: 1, score: 0 },
              { value: 1, score: 50 },
            ],
          }),
        ],
      }),
    ).toEqual(['measures[0].points[1]']);
    expect(fields({ measures: [m({ points: [{ value: 1, score: 101 }] })] })).toEqual(['measures[0].points[0]']);
    expect(
      fields({
        measures: [
          m({
            points: [
              { value: 1, score: 100 },
              { value: 2, score: 0 },
            ],
          }),
        ],
      }),
    ).toEqual([]); // descending scores are fine
  });
  it('windowDays: a positive integer up to 365', () => {
    expect(fields({ measures: [m({ windowDays: 0 })] })).toEqual(['measures[0].windowDays']);
    expect(fields({ measures: [m({ windowDays: 366 })] })).toEqual(['measures[0].windowDays']);
    expect(fields({ measures: [m({ windowDays: 7.5 })] })).toEqual(['measures[0].windowDays']);
    expect(fields({ measures: [m({ windowDays: 365 })] })).toEqual([]);
  });
  it('thresholds 0 ≤ redBelow ≤ greenAtOrAbove ≤ 100 and minCoverage in (0, 1]', () => {
    expect(fields({ redBelow: 50, greenAtOrAbove: 50 })).toEqual([]);
    expect(fields({ redBelow: 51, greenAtOrAbove: 50 })).toEqual(['greenAtOrAbove']);
    expect(fields({ redBelow: -1 })).toEqual(['redBelow']);
    expect(fields({ greenAtOrAbove: 101 })).toEqual(['greenAtOrAbove']);
    expect(fields({ minCoverage: 1 })).toEqual([]);
    expect(fields({ minCoverage: 1.01 })).toEqual(['minCoverage']);
  });
  it('keys are unique; the second one is reported with its index', () => {
    expect(validateScorecard(card({ measures: [m(), m({ label: 'B' }), m({ key: 'b' })] }))).toEqual([
      { field: 'measures[1].key', message: 'duplicate key a' },
    ]);
  });
});

describe('bands at exact thresholds through scoring', () => {
  const one = (over: Partial<ScorecardDefinition> = {}) =>
    card({
      measures: [
        {
          key: 'x',
          label: 'X',
          metric: 'ACTIVE_DAYS',
          weight: 1,
          points: [
            { value: 0, score: 0 },
            { value: 100, score: 100 },
          ],
        },
      ],
      ...over,
    });
  it('a score of exactly 40 is YELLOW and exactly 70 is GREEN', () => {
    expect(scoreAccount(one(), { x: 40 })).toMatchObject({ score: 40, band: 'YELLOW' });
    expect(scoreAccount(one(), { x: 39.5 })).toMatchObject({ score: 39.5, band: 'RED' });
    expect(scoreAccount(one(), { x: 70 })).toMatchObject({ score: 70, band: 'GREEN' });
    expect(scoreAccount(one({ redBelow: 0, greenAtOrAbove: 0 }), { x: 0 }).band).toBe('GREEN');
  });
});
