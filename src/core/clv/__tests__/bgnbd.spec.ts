import {
  bgNbdExpectedPurchases,
  bgNbdExpectedPurchasesNewCustomer,
  bgNbdLogLikelihood,
  bgNbdLogLikelihoodRow,
  bgNbdProbabilityAlive,
  fitBgNbd,
} from '../bgnbd';
import { bgNbdRowsFromCsv } from '../data';
import { sharedDataFile } from './shared-data';

const ONES = { r: 1, alpha: 1, a: 1, b: 1 };

/** Composite Simpson rule on [0, 1] with n (even) intervals. */
function simpson(f: (p: number) => number, n = 2000): number {
  const h = 1 / n;
  let s = f(0) + f(1);
  for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * f(i * h);
  return (s * h) / 3;
}

/** "Same to the third significant digit" */
const sig3 = (v: number) => Number(v.toPrecision(3));

describe('BG/NBD formulas (hand-worked)', () => {
  it('likelihood with r = α = a = b = 1', () => {
    // x = 0, T = 1: B(1,1)/B(1,1) · Γ(1)·1/(Γ(1)·2) = 1/2
    expect(bgNbdLogLikelihoodRow(ONES, { x: 0, tx: 0, T: 1 })).toBeCloseTo(Math.log(1 / 2), 12);
    // x = 1, t_x = 1, T = 2: B(1,2)·1/3² + B(2,1)·1/2² = 1/18 + 1/8 = 13/72
    expect(bgNbdLogLikelihoodRow(ONES, { x: 1, tx: 1, T: 2 })).toBeCloseTo(Math.log(13 / 72), 12);
    expect(
      bgNbdLogLikelihood(ONES, [
        { x: 0, tx: 0, T: 1 },
        { x: 1, tx: 1, T: 2 },
      ]),
    ).toBeCloseTo(Math.log(1 / 2) + Math.log(13 / 72), 12);
  });

  it('P(alive): (1/18) / (13/72) = 4/13 for x = 1, t_x = 1, T = 2; 1 for x = 0', () => {
    expect(bgNbdProbabilityAlive(ONES, { x: 1, tx: 1, T: 2 })).toBeCloseTo(4 / 13, 14);
    expect(bgNbdProbabilityAlive(ONES, { x: 0, tx: 0, T: 5 })).toBe(1);
    // a heavy buyer silent for a long time is probably gone
    expect(bgNbdProbabilityAlive({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, { x: 20, tx: 5, T: 39 })).toBeLessThan(
      0.01,
    );
  });

  it('E[X(1)] with r = 1, α = 1, a = 2, b = 1: 2 · (1 − ½ · 2F1(1,1;2;½)) = 2(1 − ln 2)', () => {
    expect(bgNbdExpectedPurchasesNewCustomer({ r: 1, alpha: 1, a: 2, b: 1 }, 1)).toBeCloseTo(2 * (1 - Math.log(2)), 12);
    expect(bgNbdExpectedPurchasesNewCustomer({ r: 1, alpha: 1, a: 2, b: 1 }, 0)).toBe(0);
  });

  it('E[Y(1) | x = 0, T = 1] with r = 1, α = 1, a = 2, b = 1: 2 · (1 − ⅔ · 2F1(1,1;2;⅓)) = 2(1 − 2 ln 1.5)', () => {
    expect(bgNbdExpectedPurchases({ r: 1, alpha: 1, a: 2, b: 1 }, { x: 0, tx: 0, T: 1 }, 1)).toBeCloseTo(
      2 * (1 - 2 * Math.log(1.5)),
      12,
    );
  });

  it('E[X(t)] matches ∫ (1/p)(1 − (α/(α+pt))^r) Beta(p; 2, 3) dp (numerical integration)', () => {
    const par = { r: 0.5, alpha: 2, a: 2, b: 3 };
    const t = 5;
    // Beta(2,3) density 12 p (1−p)²: the 1/p cancels
    const integral = simpson((p) => 12 * (1 - p) ** 2 * (1 - (par.alpha / (par.alpha + p * t)) ** par.r));
    expect(bgNbdExpectedPurchasesNewCustomer(par, t)).toBeCloseTo(integral, 9);
  });

  it('E[Y(t) | x, t_x, T] matches the posterior integral over p (λ integrated in closed form)', () => {
    const par = { r: 0.5, alpha: 4, a: 2, b: 3 };
    const [x, tx, T, t] = [3, 20, 30, 10];
    // K(c) = ∫ λ^x e^{−λc} Gamma(λ; r, α) dλ = Γ(r+x)/Γ(r) · α^r/(α+c)^{r+x}, Γ(3.5)/Γ(0.5) = 0.5·1.5·2.5
    const K = (c: number) => (0.5 * 1.5 * 2.5 * par.alpha ** par.r) / (par.alpha + c) ** (par.r + x);
    const beta23 = (p: number) => 12 * p * (1 - p) ** 2;
    // alive at T and buying in (T, T+t]: (1−p)^x · E[(1/p)(1 − e^{−λpt}) λ^x e^{−λT}]
    const numerator = simpson((p) => 12 * (1 - p) ** (x + 2) * (K(T) - K(T + p * t)));
    const likelihood = simpson((p) => ((1 - p) ** x * K(T) + p * (1 - p) ** (x - 1) * K(tx)) * beta23(p));
    expect(Math.exp(bgNbdLogLikelihoodRow(par, { x, tx, T }))).toBeCloseTo(likelihood, 12);
    expect(bgNbdExpectedPurchases(par, { x, tx, T }, t)).toBeCloseTo(numerator / likelihood, 8);
  });

  it('a brand-new customer (x = 0, t_x = 0, T = 0) has E[Y(t)] = E[X(t)]', () => {
    const par = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    expect(bgNbdExpectedPurchases(par, { x: 0, tx: 0, T: 0 }, 39)).toBeCloseTo(
      bgNbdExpectedPurchasesNewCustomer(par, 39),
      12,
    );
  });

  it('is continuous at a = 1 (the formulas divide by a − 1)', () => {
    const f = (a: number) => bgNbdExpectedPurchases({ r: 0.3, alpha: 4, a, b: 2.5 }, { x: 2, tx: 20, T: 39 }, 39);
    expect(f(1)).toBeCloseTo((f(1 - 1e-4) + f(1 + 1e-4)) / 2, 6);
    expect(Number.isFinite(bgNbdExpectedPurchasesNewCustomer({ r: 0.3, alpha: 4, a: 1, b: 2.5 }, 10))).toBe(true);
  });

  it('rejects invalid rows and parameters', () => {
    expect(() => bgNbdProbabilityAlive(ONES, { x: 1, tx: 5, T: 2 })).toThrow(RangeError);
    expect(() => bgNbdProbabilityAlive({ ...ONES, a: 0 }, { x: 1, tx: 1, T: 2 })).toThrow(RangeError);
    expect(() => fitBgNbd([])).toThrow(RangeError);
    expect(() => fitBgNbd([{ x: 0, tx: 0, T: 3 }])).toThrow(/no repeat/);
  });
});

describe('BG/NBD fit on a small hand-made data set', () => {
  it('fit is at a verified optimum and independent of the start', () => {
    const rows = [
      { x: 0, tx: 0, T: 30 },
      { x: 0, tx: 0, T: 20 },
      { x: 1, tx: 5, T: 30 },
      { x: 2, tx: 25, T: 30 },
      { x: 5, tx: 18, T: 25 },
      { x: 3, tx: 10, T: 28 },
      { x: 0, tx: 0, T: 26 },
      { x: 7, tx: 29, T: 30 },
      { x: 1, tx: 2, T: 22 },
    ];
    const f1 = fitBgNbd(rows);
    const f2 = fitBgNbd(rows, { start: { r: 3, alpha: 30, a: 0.3, b: 5 } });
    expect(f1.converged).toBe(true);
    expect(f2.logLikelihood).toBeCloseTo(f1.logLikelihood, 6);
    expect(f1.logLikelihood).toBeCloseTo(bgNbdLogLikelihood(f1, rows), 10);
  });
});

const summary = sharedDataFile('cdnow_customers_summary.csv');
if (!summary.present) {
  it('needs ../shared/data/cdnow_customers_summary.csv', () =>
    console.warn(`BG/NBD reference check skipped: ${summary.path} absent: reference check not run`));
} else {
  describe('BG/NBD on the CDNOW calibration data (Fader, Hardie & Lee 2005)', () => {
    const rows = bgNbdRowsFromCsv(summary.read());
    const fit = fitBgNbd(rows);

    it('reads 2,357 customers', () => {
      expect(rows).toHaveLength(2357);
      expect(rows[0]).toEqual({ x: 2, tx: 30.43, T: 38.86 });
    });

    it('reproduces r = 0.243, α = 4.414, a = 0.793, b = 2.426, LL = −9582.4', () => {
      expect(sig3(fit.r)).toBe(0.243);
      expect(sig3(fit.alpha)).toBe(4.41);
      expect(sig3(fit.a)).toBe(0.793);
      expect(sig3(fit.b)).toBe(2.43);
      expect(fit.r).toBeCloseTo(0.243, 3);
      expect(fit.alpha).toBeCloseTo(4.414, 2);
      expect(fit.a).toBeCloseTo(0.793, 3);
      expect(fit.b).toBeCloseTo(2.426, 3);
      expect(fit.logLikelihood).toBeCloseTo(-9582.4, 1);
    });

    it('the optimum is verified: gradient ≈ 0, positive-definite Hessian, and a second start agrees', () => {
      expect(fit.converged).toBe(true);
      expect(fit.newtonStep).toBeLessThan(1e-6);
      expect(fit.gradientNorm).toBeLessThan(1e-3);
      const other = fitBgNbd(rows, { start: { r: 2, alpha: 20, a: 0.2, b: 8 } });
      expect(other.converged).toBe(true);
      expect(other.r).toBeCloseTo(fit.r, 5);
      expect(other.alpha).toBeCloseTo(fit.alpha, 4);
      expect(other.a).toBeCloseTo(fit.a, 5);
      expect(other.b).toBeCloseTo(fit.b, 4);
      expect(other.logLikelihood).toBeCloseTo(fit.logLikelihood, 6);
    });

    it('the expected-purchases forecast is consistent with the data scale', () => {
      // customer 1 (x = 2, t_x = 30.43, T = 38.86): some, but fewer than 2, purchases in the next 39 weeks
      const y = bgNbdExpectedPurchases(fit, rows[0], 39);
      expect(y).toBeGreaterThan(0.5);
      expect(y).toBeLessThan(2);
      // the pooled new-customer curve rises with t and is concave
      const e = [13, 26, 39].map((t) => bgNbdExpectedPurchasesNewCustomer(fit, t));
      expect(e[1] - e[0]).toBeGreaterThan(e[2] - e[1]);
    });
  });
}
