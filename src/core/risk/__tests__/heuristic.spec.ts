import fc from 'fast-check';
import { heuristicRiskFromHealth, riskBand, shouldUseHeuristic } from '../heuristic';

describe('heuristicRiskFromHealth', () => {
  it('p = 0.05 + 0.9·(1 − s/100)² on hand numbers', () => {
    expect(heuristicRiskFromHealth(100).probability).toBeCloseTo(0.05, 15);
    expect(heuristicRiskFromHealth(0).probability).toBeCloseTo(0.95, 15);
    expect(heuristicRiskFromHealth(50).probability).toBeCloseTo(0.275, 15); // 0.05 + 0.9·0.25
    expect(heuristicRiskFromHealth(70).probability).toBeCloseTo(0.131, 15); // 0.05 + 0.9·0.09
    expect(heuristicRiskFromHealth(70).method).toBe('HEURISTIC');
  });
  it('clamps the score and rejects NaN', () => {
    expect(heuristicRiskFromHealth(140)).toEqual(heuristicRiskFromHealth(100));
    expect(heuristicRiskFromHealth(-5).healthScore).toBe(0);
    expect(() => heuristicRiskFromHealth(NaN)).toThrow();
  });
  it('is decreasing on [0, 100] (strictly for scores 0.001 apart)', () => {
    const score = fc.double({ min: 0, max: 100, noNaN: true });
    fc.assert(
      fc.property(score, score, (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const pLo = heuristicRiskFromHealth(lo).probability;
        const pHi = heuristicRiskFromHealth(hi).probability;
        return hi - lo > 1e-3 ? pLo > pHi : pLo >= pHi;
      }),
    );
  });
});

describe('riskBand', () => {
  it('default cut-offs: < 0.2 LOW, < 0.5 MEDIUM, else HIGH', () => {
    expect(riskBand(0.19)).toBe('LOW');
    expect(riskBand(0.2)).toBe('MEDIUM');
    expect(riskBand(0.4999)).toBe('MEDIUM');
    expect(riskBand(0.5)).toBe('HIGH');
    expect(riskBand(1)).toBe('HIGH');
  });
  it('custom cut-offs, and invalid ones are rejected', () => {
    expect(riskBand(0.15, { low: 0.1, high: 0.3 })).toBe('MEDIUM');
    expect(riskBand(0.3, { low: 0.1, high: 0.3 })).toBe('HIGH');
    expect(() => riskBand(0.1, { low: 0.6, high: 0.3 })).toThrow(/cut-offs/);
  });
  it('maps the heuristic onto bands (score 70 LOW, 50 MEDIUM, 20 HIGH)', () => {
    expect(riskBand(heuristicRiskFromHealth(70).probability)).toBe('LOW');
    expect(riskBand(heuristicRiskFromHealth(50).probability)).toBe('MEDIUM');
    expect(riskBand(heuristicRiskFromHealth(20).probability)).toBe('HIGH');
  });
});

describe('shouldUseHeuristic', () => {
  it('needs at least 20 churn events (and 20 non-events)', () => {
    const labels = (pos: number, neg: number) => [...Array(pos).fill(1), ...Array(neg).fill(0)];
    expect(shouldUseHeuristic(labels(19, 500))).toBe(true);
    expect(shouldUseHeuristic(labels(20, 500))).toBe(false);
    expect(shouldUseHeuristic(labels(500, 5))).toBe(true);
    expect(shouldUseHeuristic([true, false])).toBe(true);
  });
});

describe('heuristic band boundaries documented in docs/models-risk.md', () => {
  it('LOW above s ≈ 59.18 (u² < 1/6), HIGH below s ≈ 29.29 (u² ≥ ½)', () => {
    expect(riskBand(heuristicRiskFromHealth(59.2).probability)).toBe('LOW'); // 0.05 + 0.9·0.408² = 0.1998
    expect(riskBand(heuristicRiskFromHealth(59.1).probability)).toBe('MEDIUM'); // 0.05 + 0.9·0.409² = 0.2005
    expect(riskBand(heuristicRiskFromHealth(29.3).probability)).toBe('MEDIUM'); // 0.05 + 0.9·0.707² = 0.4999
    expect(riskBand(heuristicRiskFromHealth(29.2).probability)).toBe('HIGH'); // 0.05 + 0.9·0.708² = 0.5012
  });
});
