import { isCsatScore, isNpsScore, npsAdjustedWald, npsCategoryOf, npsFigures, npsOf } from '../nps-stats';

describe('NPS categories and score checks', () => {
  it('maps 0–6 to DETRACTOR, 7–8 to PASSIVE, 9–10 to PROMOTER', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(npsCategoryOf)).toEqual([
      ...Array(7).fill('DETRACTOR'),
      'PASSIVE',
      'PASSIVE',
      'PROMOTER',
      'PROMOTER',
    ]);
  });

  it('accepts only integers in range', () => {
    for (const bad of [-1, 11, 7.5, '7', NaN, null, undefined]) expect(isNpsScore(bad)).toBe(false);
    expect(isNpsScore(0) && isNpsScore(10)).toBe(true);
    for (const bad of [0, 6, 2.5, '3']) expect(isCsatScore(bad)).toBe(false);
    expect(isCsatScore(1) && isCsatScore(5)).toBe(true);
    expect(() => npsCategoryOf(11)).toThrow(RangeError);
  });
});

describe('NPS and its adjusted-Wald interval', () => {
  it('is null (not 0) without responses', () => {
    expect(npsFigures({ promoters: 0, passives: 0, detractors: 0 })).toEqual({
      responses: 0,
      promoters: 0,
      passives: 0,
      detractors: 0,
      nps: null,
      confidenceLow: null,
      confidenceHigh: null,
    });
  });

  it('matches a hand-worked example: 5 promoters, 3 passives, 2 detractors', () => {
    // NPS = 100 × (5 − 2) / 10 = 30.
    // n' = 13; p' = 5.75/13 = 0.442307692…; d' = 2.75/13 = 0.211538461…; NPS' = 3/13 = 0.230769230…
    // Var = [8.5/13 − (3/13)²] / 13 = (110.5 − 9) / 13³ = 101.5 / 2197 = 0.046199362…
    // √Var = 0.214940370…; margin = 1.96 × √Var = 0.421283126…
    // low = 100 × (0.230769231 − 0.421283126) = −19.0513895…; high = 100 × (0.230769231 + 0.421283126) = 65.2052356…
    const f = npsFigures({ promoters: 5, passives: 3, detractors: 2 });
    expect(f.nps).toBeCloseTo(30, 12);
    const margin = 1.96 * Math.sqrt(101.5 / 2197);
    expect(f.confidenceLow).toBeCloseTo(100 * (3 / 13 - margin), 9);
    expect(f.confidenceHigh).toBeCloseTo(100 * (3 / 13 + margin), 9);
    expect(f.confidenceLow).toBeCloseTo(-19.05138949, 7);
    expect(f.confidenceHigh).toBeCloseTo(65.20523565, 7);
  });

  it('keeps passives in the denominator', () => {
    expect(npsOf({ promoters: 1, passives: 2, detractors: 1 })).toBe(0);
    expect(npsOf({ promoters: 2, passives: 2, detractors: 0 })).toBe(50);
  });

  it('clamps the bounds to [−100, 100]', () => {
    const all = npsAdjustedWald({ promoters: 100, passives: 0, detractors: 0 })!;
    expect(all.high).toBe(100);
    expect(all.low).toBeLessThan(100);
    const none = npsAdjustedWald({ promoters: 0, passives: 0, detractors: 100 })!;
    expect(none.low).toBe(-100);
  });

  it('rejects impossible counts', () => {
    expect(() => npsAdjustedWald({ promoters: -1, passives: 0, detractors: 0 })).toThrow(RangeError);
    expect(() => npsAdjustedWald({ promoters: 1.5, passives: 0, detractors: 0 })).toThrow(RangeError);
  });
});
