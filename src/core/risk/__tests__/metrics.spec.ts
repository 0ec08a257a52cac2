import fc from 'fast-check';
import { brierScore, calibrationTable, meanAndStd, prAuc, rocAuc } from '../metrics';

describe('rocAuc', () => {
  it('hand-ranked example without ties: 3 of 4 pairs ordered → 0.75', () => {
    // positives 0.35, 0.8; negatives 0.1, 0.4. Pairs: .35>.1 ✓ .35>.4 ✗ .8>.1 ✓ .8>.4 ✓
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBe(0.75);
  });

  it('counts a tie as half a pair: 3.5 / 4 = 0.875', () => {
    // positives 0.5, 0.9; negatives 0.5, 0.2. Pairs: .5 vs .5 tie ½, .5>.2, .9>.5, .9>.2
    expect(rocAuc([0.5, 0.5, 0.2, 0.9], [1, 0, 0, 1])).toBe(0.875);
    expect(rocAuc([0.3, 0.3, 0.3], [1, 0, 1])).toBe(0.5);
  });

  it('is NaN with one class only, 1 and 0 for perfect and reversed rankings', () => {
    expect(rocAuc([0.1, 0.2], [1, 1])).toBeNaN();
    expect(rocAuc([0.1, 0.2, 0.9], [0, 0, 1])).toBe(1);
    expect(rocAuc([0.1, 0.2, 0.9], [1, 1, 0])).toBe(0);
  });

  it('equals the brute-force pairwise count on random data', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.boolean()), { minLength: 2, maxLength: 40 }),
        (pairs) => {
          const s = pairs.map((p) => p[0] / 5);
          const y = pairs.map((p) => (p[1] ? 1 : 0));
          let num = 0;
          let den = 0;
          for (let i = 0; i < s.length; i++)
            for (let j = 0; j < s.length; j++)
              if (y[i] === 1 && y[j] === 0) {
                den++;
                num += s[i] > s[j] ? 1 : s[i] === s[j] ? 0.5 : 0;
              }
          const auc = rocAuc(s, y);
          if (den === 0) return Number.isNaN(auc);
          return Math.abs(auc - num / den) < 1e-12;
        },
      ),
    );
  });
});

describe('prAuc (average precision)', () => {
  it('hand example: AP = ½·1 + 0 + ½·⅔ = 5/6', () => {
    expect(prAuc([0.9, 0.8, 0.7, 0.6], [1, 0, 1, 0])).toBeCloseTo(5 / 6, 15);
  });
  it('tied scores enter together: AP = 0 + ½·⅓ + ½·½ = 5/12', () => {
    // 0.9 (neg): R 0. {0.5,0.5} (1 pos,1 neg): R ½, P ⅓. 0.1 (pos): R 1, P ½.
    expect(prAuc([0.9, 0.5, 0.5, 0.1], [0, 1, 0, 1])).toBeCloseTo(5 / 12, 15);
  });
  it('is 1 for a perfect ranking and NaN without positives', () => {
    expect(prAuc([0.9, 0.8, 0.1], [1, 1, 0])).toBe(1);
    expect(prAuc([0.9, 0.8], [0, 0])).toBeNaN();
  });
});

describe('brierScore', () => {
  it('hand example: (0.1² + 0.2² + 0.6²)/3 = 0.41/3', () => {
    expect(brierScore([0.1, 0.8, 0.6], [0, 1, 0])).toBeCloseTo(0.41 / 3, 15);
    expect(brierScore([1, 0], [1, 0])).toBe(0);
  });
  it('rejects mismatched input', () => {
    expect(() => brierScore([0.1], [0, 1])).toThrow();
    expect(() => brierScore([0.1], [2])).toThrow(/0 or 1/);
  });
});

describe('calibrationTable', () => {
  it('bins by predicted probability deciles, p = 1 in the last bin, empty bins null', () => {
    const t = calibrationTable([0.05, 0.15, 0.12, 0.95, 1.0, 0.5], [0, 1, 0, 1, 1, 0]);
    expect(t).toHaveLength(10);
    expect(t[0]).toEqual({ binStart: 0, binEnd: 0.1, count: 1, meanPredicted: 0.05, observedRate: 0 });
    expect(t[1].count).toBe(2);
    expect(t[1].meanPredicted).toBeCloseTo(0.135, 15);
    expect(t[1].observedRate).toBe(0.5);
    expect(t[5]).toEqual({ binStart: 0.5, binEnd: 0.6, count: 1, meanPredicted: 0.5, observedRate: 0 });
    expect(t[9].count).toBe(2);
    expect(t[9].meanPredicted).toBeCloseTo(0.975, 15);
    expect(t[9].observedRate).toBe(1);
    expect(t[2]).toEqual({ binStart: 0.2, binEnd: 0.3, count: 0, meanPredicted: null, observedRate: null });
    expect(t.reduce((s, b) => s + b.count, 0)).toBe(6);
  });
  it('rejects probabilities outside [0, 1]', () => {
    expect(() => calibrationTable([1.2], [1])).toThrow(/outside/);
  });
});

describe('meanAndStd', () => {
  it('uses the population std', () => {
    expect(meanAndStd([1, 2, 3, 4])).toEqual({ mean: 2.5, std: Math.sqrt(1.25) });
  });
});
