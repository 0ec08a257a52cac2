import {
  fitSbg,
  monthlyDiscountRate,
  sbgChurnProbability,
  sbgDerl,
  sbgLogLikelihood,
  sbgRetention,
  sbgSurvival,
} from '../sbg';
import { sharedDataFile } from './shared-data';

// Fader & Hardie (2007), Table 1, years 0..7 (what the paper fits on).
// Published estimates (paper, Table 2 / Figure): regular α = 0.704, β = 1.182; high end α = 0.668, β = 3.806.
// (The high-end segment retains better, so its mean churn α/(α+β) = 0.149 is the lower one.)
const REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241];
const HIGH_END = [1000, 869, 743, 653, 593, 551, 517, 491];

describe('sBG formulas (hand-worked, α = β = 1)', () => {
  // θ ~ Uniform(0,1): S(t) = 1/(t+1), P(T=t) = 1/(t(t+1)), r_t = t/(t+1)
  it('retention, survival and churn probabilities', () => {
    expect(sbgRetention(1, 1, 3)).toEqual([1 / 2, 2 / 3, 3 / 4]);
    const s = sbgSurvival(1, 1, 3);
    [1, 1 / 2, 1 / 3, 1 / 4].forEach((v, i) => expect(s[i]).toBeCloseTo(v, 15));
    const p = sbgChurnProbability(1, 1, 3);
    [1 / 2, 1 / 6, 1 / 12].forEach((v, i) => expect(p[i]).toBeCloseTo(v, 15));
  });

  it('retention with α = 2, β = 3: r_1 = 3/5, r_2 = 4/6', () => {
    const r = sbgRetention(2, 3, 2);
    expect(r[0]).toBeCloseTo(0.6, 15);
    expect(r[1]).toBeCloseTo(4 / 6, 15);
    // S(2) = 3/5 · 4/6 = 0.4; P(T=1) = 2/5, P(T=2) = 3/5 · 2/6 = 0.2
    expect(sbgSurvival(2, 3, 2)[2]).toBeCloseTo(0.4, 15);
    expect(sbgChurnProbability(2, 3, 2)[1]).toBeCloseTo(0.2, 15);
  });

  it('log-likelihood of survivors [10, 5, 3]: 5 ln ½ + 2 ln ⅙ + 3 ln ⅓', () => {
    expect(sbgLogLikelihood(1, 1, [10, 5, 3])).toBeCloseTo(
      5 * Math.log(1 / 2) + 2 * Math.log(1 / 6) + 3 * Math.log(1 / 3),
      12,
    );
  });

  it('pooled log-likelihood is the sum over cohorts of different lengths', () => {
    const a = sbgLogLikelihood(0.7, 2.1, [100, 60, 45, 40]);
    const b = sbgLogLikelihood(0.7, 2.1, [50, 31]);
    expect(
      sbgLogLikelihood(0.7, 2.1, [
        [100, 60, 45, 40],
        [50, 31],
      ]),
    ).toBeCloseTo(a + b, 10);
  });

  it('rejects bad input', () => {
    expect(() => fitSbg([1000])).toThrow(RangeError);
    expect(() => fitSbg([1000, 1001])).toThrow(/increase/);
    expect(() => fitSbg([100, 100, 100])).toThrow(/no churn/);
    expect(() => sbgRetention(0, 1, 3)).toThrow(RangeError);
    expect(() => sbgDerl(1, 1, 0, 0)).toThrow(RangeError);
  });
});

describe('sBG DERL', () => {
  it('α = β = 1, d = 0.1, just started: Σ_{t≥1} z^{t−1}/(t+1) = (−ln(1−z) − z)/z², z = 1/1.1', () => {
    const z = 1 / 1.1;
    // (ln 11 − 1/1.1) · 1.21 = (2.397895 − 0.909091) · 1.21 = 1.801453
    expect(sbgDerl(1, 1, 0.1, 0)).toBeCloseTo((-Math.log(1 - z) - z) / (z * z), 12);
    expect(sbgDerl(1, 1, 0.1, 0)).toBeCloseTo(1.801453, 6);
  });

  it('equals the discounted sum of conditional survival Σ_{t≥n} S(t)/S(n−1)(1+d)^{−(t−n)}', () => {
    const [alpha, beta, d] = [0.668, 3.806, 0.1];
    for (const renewals of [0, 1, 4]) {
      const n = renewals + 1;
      const s = sbgSurvival(alpha, beta, 2000);
      let sum = 0;
      for (let t = n; t <= 2000; t++) sum += (s[t] / s[n - 1]) * Math.pow(1 + d, -(t - n));
      expect(sbgDerl(alpha, beta, d, renewals)).toBeCloseTo(sum, 9);
    }
  });

  it('grows with tenure (survivors are the loyal ones) and with a lower discount rate', () => {
    const d = 0.1;
    expect(sbgDerl(0.668, 3.806, d, 5)).toBeGreaterThan(sbgDerl(0.668, 3.806, d, 0));
    expect(sbgDerl(0.668, 3.806, 0.05, 0)).toBeGreaterThan(sbgDerl(0.668, 3.806, 0.1, 0));
  });

  it('monthly discount from a yearly rate: (1.1)^(1/12) − 1, twelve months compound back to 10%', () => {
    const m = monthlyDiscountRate(0.1);
    expect(m).toBeCloseTo(0.00797414, 8);
    expect(Math.pow(1 + m, 12)).toBeCloseTo(1.1, 14);
    // a monthly DERL (z ≈ 0.992, thousands of series terms) still matches the brute-force sum
    const s = sbgSurvival(0.5, 20, 20000);
    let sum = 0;
    for (let t = 1; t <= 20000; t++) sum += s[t] * Math.pow(1 + m, -(t - 1));
    expect(sbgDerl(0.5, 20, m, 0)).toBeCloseTo(sum, 6);
  });
});

describe('sBG fit', () => {
  it('recovers the parameters that generated expected (noise-free) survivor counts', () => {
    const s = sbgSurvival(0.8, 2.5, 10).map((v) => 1e5 * v);
    const f = fitSbg(s);
    expect(f.alpha).toBeCloseTo(0.8, 4);
    expect(f.beta).toBeCloseTo(2.5, 3);
    expect(f.converged).toBe(true);
  });

  it('one cohort given alone or wrapped as a pooled list gives the same fit', () => {
    const single = fitSbg(REGULAR);
    const pooled = fitSbg([REGULAR]);
    expect(pooled.alpha).toBeCloseTo(single.alpha, 8);
    expect(pooled.beta).toBeCloseTo(single.beta, 8);
    expect(pooled.logLikelihood).toBeCloseTo(single.logLikelihood, 8);
  });

  it('pooling a cohort with itself doubles the log-likelihood and keeps (α, β)', () => {
    const single = fitSbg(REGULAR);
    const twice = fitSbg([REGULAR, REGULAR]);
    expect(twice.alpha).toBeCloseTo(single.alpha, 5);
    expect(twice.beta).toBeCloseTo(single.beta, 4);
    expect(twice.logLikelihood).toBeCloseTo(2 * single.logLikelihood, 6);
  });

  it('pooled cohorts of different lengths fit between the two', () => {
    const pooled = fitSbg([REGULAR, HIGH_END.slice(0, 4)]);
    expect(pooled.converged).toBe(true);
    expect(pooled.logLikelihood).toBeCloseTo(
      sbgLogLikelihood(pooled.alpha, pooled.beta, [REGULAR, HIGH_END.slice(0, 4)]),
      8,
    );
  });

  it.each([
    ['regular', REGULAR, 0.704, 1.182],
    ['high end', HIGH_END, 0.668, 3.806],
  ])('reproduces Fader & Hardie (2007) %s segment: α = %p, β = %p', (_name, data, alpha, beta) => {
    const f = fitSbg(data);
    expect(f.alpha).toBeCloseTo(alpha, 3);
    expect(f.beta).toBeCloseTo(beta, 3);
    // optimum verified: gradient ≈ 0, and a very different start lands on the same point
    expect(f.converged).toBe(true);
    expect(f.gradientNorm).toBeLessThan(1e-4);
    const other = fitSbg(data, { start: [10, 0.1] });
    expect(other.alpha).toBeCloseTo(f.alpha, 5);
    expect(other.beta).toBeCloseTo(f.beta, 5);
    expect(other.logLikelihood).toBeCloseTo(f.logLikelihood, 8);
  });
});

const table = sharedDataFile('sbg-fader-hardie-2007.csv');
if (!table.present) {
  it('needs ../shared/data/sbg-fader-hardie-2007.csv', () =>
    console.warn(`sBG reference check skipped: ${table.path} absent: reference check not run`));
} else {
  describe('sBG on ../shared/data/sbg-fader-hardie-2007.csv', () => {
    const lines = table.read().trim().split(/\r?\n/);
    const header = lines[0].split(',');
    const rows = lines.slice(1).map((l) => l.split(',').map(Number));
    const col = (name: string) => rows.map((r) => r[header.indexOf(name)]);

    it('has the layout year,regular,high_end for years 0..12', () => {
      expect(header).toEqual(['year', 'regular', 'high_end']);
      expect(col('year')).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
      expect(col('regular').slice(0, 8)).toEqual(REGULAR);
      expect(col('high_end').slice(0, 8)).toEqual(HIGH_END);
    });

    it.each([
      ['regular', 0.704, 1.182],
      ['high_end', 0.668, 3.806],
    ])('fit on years 0..7 of %s reproduces α = %p, β = %p and projects years 8..12 closely', (name, alpha, beta) => {
      const counts = col(name);
      const f = fitSbg(counts.slice(0, 8));
      expect(f.alpha).toBeCloseTo(alpha, 3);
      expect(f.beta).toBeCloseTo(beta, 3);
      const s = sbgSurvival(f.alpha, f.beta, 12);
      // the paper's point: the 7-year fit projects years 8..12 within a few percent
      for (let t = 8; t <= 12; t++) expect(Math.abs((1000 * s[t]) / counts[t] - 1)).toBeLessThan(0.05);
    });
  });
}
