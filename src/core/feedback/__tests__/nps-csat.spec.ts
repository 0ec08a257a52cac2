import {
  csatSummary,
  csatSummaryFromCounts,
  npsCategory,
  npsCountsFromScores,
  npsSummary,
  validateCsatScore,
  validateNpsScore,
} from '..';

describe('score validation with a reason', () => {
  it('NPS: integer 0..10', () => {
    expect(validateNpsScore(0)).toBeNull();
    expect(validateNpsScore(10)).toBeNull();
    expect(validateNpsScore(11)).toBe('NPS score must be between 0 and 10');
    expect(validateNpsScore(-1)).toBe('NPS score must be between 0 and 10');
    expect(validateNpsScore(7.5)).toBe('NPS score must be a whole number');
    expect(validateNpsScore('7')).toBe('NPS score must be a number');
    expect(validateNpsScore(NaN)).toBe('NPS score must be a number');
  });
  it('CSAT: integer 1..5', () => {
    expect(validateCsatScore(1)).toBeNull();
    expect(validateCsatScore(5)).toBeNull();
    expect(validateCsatScore(0)).toBe('CSAT score must be between 1 and 5');
    expect(validateCsatScore(4.2)).toBe('CSAT score must be a whole number');
  });
  it('categories at the boundaries', () => {
    expect([6, 7, 8, 9].map(npsCategory)).toEqual(['DETRACTOR', 'PASSIVE', 'PASSIVE', 'PROMOTER']);
  });
});

describe('NPS summary', () => {
  it('hand-worked example: 60 promoters, 25 passives, 15 detractors', () => {
    // NPS = 60 % − 15 % = 45
    // n' = 103; p = 60.75 / 103 = 0.589805825…; d = 15.75 / 103 = 0.152912621…
    // adjusted = p − d = 45 / 103 = 0.436893204… → 43.6893
    // variance = [p + d − (p − d)²] / n' = (76.5·103 − 45²) / 103³ = 5,854.5 / 1,092,727 = 0.005357697…
    // √variance = 0.073196290…; margin = 1.96 × 0.073196290 = 0.143464728… → 14.3465 points
    // interval = 43.6893 ± 14.3465 = [29.3428, 58.0358]
    const s = npsSummary({ promoters: 60, passives: 25, detractors: 15 });
    expect(s.responses).toBe(100);
    expect(s.promoterPct).toBe(60);
    expect(s.passivePct).toBe(25);
    expect(s.detractorPct).toBe(15);
    expect(s.nps).toBe(45);
    expect(s.adjustedNps).toBeCloseTo((100 * 45) / 103, 10);
    expect(s.marginOfError).toBeCloseTo(100 * 1.96 * Math.sqrt(5_854.5 / 1_092_727), 10);
    expect(s.marginOfError).toBeCloseTo(14.3464728, 6);
    expect(s.confidenceLow).toBeCloseTo(29.3428476, 6);
    expect(s.confidenceHigh).toBeCloseTo(58.0357932, 6);
  });
  it('from raw scores, passives stay in the denominator', () => {
    const c = npsCountsFromScores([10, 9, 8, 7, 6, 0, 10, 9]);
    expect(c).toEqual({ promoters: 4, passives: 2, detractors: 2 });
    expect(npsSummary(c).nps).toBe(25); // (4 − 2) / 8
    expect(() => npsCountsFromScores([5, 11])).toThrow('NPS score must be between 0 and 10: 11');
  });
  it('all promoters: NPS 100 and the interval is clamped to 100', () => {
    const s = npsSummary({ promoters: 10, passives: 0, detractors: 0 });
    expect(s.nps).toBe(100);
    expect(s.confidenceHigh).toBe(100);
    expect(s.confidenceLow!).toBeLessThan(100);
  });
  it('null figures, not 0, without responses', () => {
    expect(npsSummary({ promoters: 0, passives: 0, detractors: 0 })).toEqual({
      responses: 0,
      promoters: 0,
      passives: 0,
      detractors: 0,
      promoterPct: null,
      passivePct: null,
      detractorPct: null,
      nps: null,
      adjustedNps: null,
      marginOfError: null,
      confidenceLow: null,
      confidenceHigh: null,
    });
  });
});

describe('CSAT', () => {
  it('CSAT % is the share of 4–5 answers; average of the answers', () => {
    // answers 5 5 4 3 1 → satisfied 3 of 5 = 60 %, average 18 / 5 = 3.6
    const s = csatSummary([5, 5, 4, 3, 1]);
    expect(s).toEqual({ responses: 5, distribution: [1, 0, 1, 1, 2], satisfied: 3, csatPct: 60, average: 3.6 });
    expect(csatSummaryFromCounts([1, 0, 1, 1, 2])).toEqual(s);
  });
  it('null without answers, rejects invalid answers', () => {
    expect(csatSummary([])).toMatchObject({ responses: 0, csatPct: null, average: null });
    expect(() => csatSummary([3, 6])).toThrow('CSAT score must be between 1 and 5: 6');
  });
});
