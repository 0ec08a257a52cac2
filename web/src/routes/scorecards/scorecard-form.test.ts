import { describe, expect, it } from 'vitest';
import { fromDraft, parsePoints, toDraft } from './scorecard-form';

const card = {
  id: 'c1',
  name: 'Default health',
  segment: null,
  version: 3,
  redBelow: 40,
  greenAtOrAbove: 70,
  minCoverage: 0.5,
  measures: [
    {
      key: 'login_frequency',
      label: 'Login days',
      metric: 'ACTIVE_DAYS' as const,
      signalType: 'login',
      windowDays: 30,
      weight: 20,
      points: [
        { value: 0, score: 0 },
        { value: 4, score: 40 },
        { value: -0.5, score: 12.5 },
      ],
    },
  ],
};

describe('scorecard form', () => {
  it('parses scales written as value:score pairs, with arrows or semicolons too', () => {
    expect(parsePoints('0:0, 4:40, 12:80')).toEqual([
      { value: 0, score: 0 },
      { value: 4, score: 40 },
      { value: 12, score: 80 },
    ]);
    expect(parsePoints('-50 → 0; 0.25 -> 60')).toEqual([
      { value: -50, score: 0 },
      { value: 0.25, score: 60 },
    ]);
    expect(parsePoints('0:0, four:40')).toBeNull();
    expect(parsePoints('1:2:3')).toBeNull();
  });

  it('round-trips a saved scorecard to the same input', () => {
    const { input, errors } = fromDraft(toDraft(card));
    expect(errors).toEqual({});
    expect(input).toEqual({
      id: 'c1',
      name: 'Default health',
      segment: null,
      redBelow: 40,
      greenAtOrAbove: 70,
      minCoverage: 0.5,
      measures: [{ ...card.measures[0] }],
    });
  });

  it('names the fields that are not numbers the way the API names its field errors', () => {
    const d = toDraft(card);
    d.redBelow = 'forty';
    d.measures[0].weight = '';
    d.measures[0].windowDays = '7.5';
    d.measures[0].points = '0:0, 4';
    const { input, errors } = fromDraft(d);
    expect(input).toBeNull();
    expect(Object.keys(errors).sort()).toEqual([
      'measures[0].points',
      'measures[0].weight',
      'measures[0].windowDays',
      'redBelow',
    ]);
  });
});
