/**
 * Shifted-beta-geometric (sBG) model for contractual customers.
 *
 * Fader, P. S. & Hardie, B. G. S. (2007), "How to Project Customer Retention", J. Interactive Marketing 21(1).
 * Fader, P. S. & Hardie, B. G. S. (2010), "Customer-Base Valuation in a Contractual Setting: The Perils of
 * Ignoring Heterogeneity", Marketing Science 29(1) (DERL).
 *
 * Each customer renews at the end of every period with a constant churn probability θ; θ ~ Beta(α, β)
 * across customers. With T the period in which a customer churns (T = 1, 2, …):
 *
 *   P(T = t)  = B(α + 1, β + t − 1) / B(α, β)      P(T = 1) = α / (α + β),
 *               P(T = t) = (β + t − 2) / (α + β + t − 1) · P(T = t − 1)
 *   S(t)      = B(α, β + t) / B(α, β)               S(0) = 1, S(t) = r_t · S(t − 1)
 *   r_t       = S(t) / S(t − 1) = (β + t − 1) / (α + β + t − 1)
 *
 * Likelihood of one cohort with survivor counts n_0 ≥ n_1 ≥ … ≥ n_N (n_0 = cohort size at t = 0):
 * (n_{t−1} − n_t) customers churned in period t, n_N are still alive (right-censored):
 *
 *   LL(α, β) = Σ_{t=1..N} (n_{t−1} − n_t) ln P(T = t) + n_N ln S(N)
 *
 * Several cohorts (of different lengths) are pooled by summing their log-likelihoods.
 */
import { hyp2f1 } from '../math/special';
import { minimize } from '../math/optimize';

export interface SbgFit {
  alpha: number;
  beta: number;
  logLikelihood: number;
  /** central-difference gradient of the log-likelihood w.r.t. (ln α, ln β) at the optimum */
  gradient: number[];
  gradientNorm: number;
  /** max |H⁻¹∇| in log-parameters: the distance Newton's method would still move (≤ 1e-6 when converged) */
  newtonStep: number;
  /** Hessian positive definite and newtonStep ≤ 1e-6 (see core/math/optimize) */
  converged: boolean;
  evaluations: number;
}

export interface SbgFitOptions {
  /** starting point (α, β); default (1, 1) */
  start?: [number, number];
}

function checkParams(alpha: number, beta: number): void {
  if (!(alpha > 0) || !(beta > 0) || !Number.isFinite(alpha) || !Number.isFinite(beta)) {
    throw new RangeError(`sBG: alpha and beta must be positive and finite (got ${alpha}, ${beta})`);
  }
}

function checkPeriods(n: number): void {
  if (!Number.isInteger(n) || n < 0)
    throw new RangeError(`sBG: number of periods must be a non-negative integer (got ${n})`);
}

/** Retention rates r_1..r_n, r_t = (β + t − 1) / (α + β + t − 1). */
export function sbgRetention(alpha: number, beta: number, periods: number): number[] {
  checkParams(alpha, beta);
  checkPeriods(periods);
  return Array.from({ length: periods }, (_, i) => (beta + i) / (alpha + beta + i));
}

/** Survival S(0..n): share of a cohort still active at the start of period t (S(0) = 1). */
export function sbgSurvival(alpha: number, beta: number, periods: number): number[] {
  checkParams(alpha, beta);
  checkPeriods(periods);
  const s = [1];
  for (let t = 1; t <= periods; t++) s.push((s[t - 1] * (beta + t - 1)) / (alpha + beta + t - 1));
  return s;
}

/** P(T = t) for t = 1..n: probability of churning in period t. */
export function sbgChurnProbability(alpha: number, beta: number, periods: number): number[] {
  checkParams(alpha, beta);
  checkPeriods(periods);
  const p: number[] = [];
  for (let t = 1; t <= periods; t++) {
    p.push(t === 1 ? alpha / (alpha + beta) : (p[t - 2] * (beta + t - 2)) / (alpha + beta + t - 1));
  }
  return p;
}

function normaliseCohorts(survivors: number[] | number[][]): number[][] {
  if (!Array.isArray(survivors) || survivors.length === 0) throw new RangeError('sBG: no survivor counts');
  const cohorts = Array.isArray(survivors[0]) ? (survivors as number[][]) : [survivors as number[]];
  cohorts.forEach((c, k) => {
    if (!Array.isArray(c) || c.length < 2)
      throw new RangeError(`sBG: cohort ${k} needs at least 2 counts (t = 0 and t = 1)`);
    c.forEach((n, t) => {
      if (!Number.isFinite(n) || n < 0)
        throw new RangeError(`sBG: cohort ${k}, t = ${t}: count must be a non-negative number (got ${n})`);
      if (t > 0 && n > c[t - 1])
        throw new RangeError(`sBG: cohort ${k}: survivors increase at t = ${t} (${c[t - 1]} → ${n})`);
    });
    if (!(c[0] > 0)) throw new RangeError(`sBG: cohort ${k} is empty at t = 0`);
  });
  return cohorts;
}

/** Pooled log-likelihood of one or more cohorts' survivor counts. */
export function sbgLogLikelihood(alpha: number, beta: number, survivors: number[] | number[][]): number {
  checkParams(alpha, beta);
  return cohortsLogLikelihood(alpha, beta, normaliseCohorts(survivors));
}

function cohortsLogLikelihood(alpha: number, beta: number, cohorts: number[][]): number {
  let ll = 0;
  for (const c of cohorts) {
    let p = 0; // P(T = t)
    let s = 1; // S(t)
    for (let t = 1; t < c.length; t++) {
      p = t === 1 ? alpha / (alpha + beta) : (p * (beta + t - 2)) / (alpha + beta + t - 1);
      s = (s * (beta + t - 1)) / (alpha + beta + t - 1);
      const churned = c[t - 1] - c[t];
      if (churned > 0) ll += churned * Math.log(p);
    }
    const alive = c[c.length - 1];
    if (alive > 0) ll += alive * Math.log(s);
  }
  return ll;
}

/**
 * Maximum-likelihood (α, β) from survivor counts: one cohort (`[n_0, n_1, …]`) or several cohorts
 * of possibly different lengths (`[[…], […]]`, pooled likelihood). Optimised over (ln α, ln β).
 *
 * Note: when the data show no heterogeneity (churn looks geometric) the likelihood keeps rising as
 * α, β → ∞ with α/(α+β) fixed; the fit then returns large α, β (a near-homogeneous model).
 */
export function fitSbg(survivors: number[] | number[][], opts: SbgFitOptions = {}): SbgFit {
  const cohorts = normaliseCohorts(survivors);
  const churned = cohorts.reduce((acc, c) => acc + c[0] - c[c.length - 1], 0);
  if (!(churned > 0)) throw new RangeError('sBG: no churn observed, the model cannot be fitted');
  const [a0, b0] = opts.start ?? [1, 1];
  checkParams(a0, b0);
  const nll = ([la, lb]: number[]): number => -cohortsLogLikelihood(Math.exp(la), Math.exp(lb), cohorts);
  const r = minimize(nll, [Math.log(a0), Math.log(b0)]);
  return {
    alpha: Math.exp(r.x[0]),
    beta: Math.exp(r.x[1]),
    logLikelihood: -r.fx,
    gradient: r.gradient.map((g) => -g),
    gradientNorm: r.gradientNorm,
    newtonStep: r.newtonStep,
    converged: r.converged,
    evaluations: r.evaluations,
  };
}

/**
 * Discounted expected residual lifetime (Fader & Hardie 2010, eq. 6), in units of one period's payment:
 *
 *   DERL(d | α, β, n − 1 renewals) = (β + n − 1)/(α + β + n − 1) · 2F1(1, β + n; α + β + n; 1/(1 + d))
 *                                  = Σ_{t ≥ n} S(t)/S(n − 1) · (1 + d)^{−(t − n)}
 *
 * valued at the end of period n, just before the customer's n-th renewal decision (`renewals` = n − 1
 * renewals made so far). `renewals = 0` is a customer who has just started (paid for period 1).
 * `discount` d is per period (for monthly periods from a yearly rate: (1 + yearly)^(1/12) − 1).
 */
export function sbgDerl(alpha: number, beta: number, discount: number, renewals: number): number {
  checkParams(alpha, beta);
  if (!(discount > 0) || !Number.isFinite(discount))
    throw new RangeError(`sBG DERL: discount must be > 0 (got ${discount})`);
  checkPeriods(renewals);
  const n = renewals + 1;
  return ((beta + n - 1) / (alpha + beta + n - 1)) * hyp2f1(1, beta + n, alpha + beta + n, 1 / (1 + discount));
}

/** Per-period discount rate equivalent to a yearly rate, for monthly periods: (1 + yearly)^(1/12) − 1. */
export function monthlyDiscountRate(yearly: number): number {
  return Math.pow(1 + yearly, 1 / 12) - 1;
}
