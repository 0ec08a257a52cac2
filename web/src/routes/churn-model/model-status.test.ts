import { describe, expect, it } from 'vitest';
import { oddsRatio, pickModel, pollInterval, TRAINING_POLL_MS } from './model-status';

const m = (version: number, status: 'TRAINING' | 'ACTIVE' | 'RETIRED' | 'FAILED') => ({ version, status });

describe('churn model page logic', () => {
  it('polls only while a model is training', () => {
    expect(pollInterval([m(3, 'TRAINING'), m(2, 'ACTIVE')])).toBe(TRAINING_POLL_MS);
    expect(pollInterval([m(3, 'FAILED'), m(2, 'ACTIVE')])).toBe(false);
    expect(pollInterval(undefined)).toBe(false);
  });

  it('shows the asked-for version, else the active model, else the newest', () => {
    const models = [m(4, 'TRAINING'), m(3, 'ACTIVE'), m(2, 'RETIRED')];
    expect(pickModel(models, 2)?.version).toBe(2);
    expect(pickModel(models)?.version).toBe(3);
    expect(pickModel(models, 9)?.version).toBe(3);
    expect(pickModel([m(1, 'FAILED')])?.version).toBe(1);
  });

  it('turns a log-odds coefficient into an odds multiplier', () => {
    expect(oddsRatio(0)).toBe(1);
    expect(oddsRatio(Math.log(2))).toBeCloseTo(2, 12);
  });
});
