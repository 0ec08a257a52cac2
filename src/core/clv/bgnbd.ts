/**
 * BG/NBD model for non-contractual repeat purchasing.
 *
 * Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005), "Counting Your Customers the Easy Way: An
 * Alternative to the Pareto/NBD Model", Marketing Science 24(2), 275–284 (equations 6, 7, 10, 13).
 *
 * While active, a customer buys as a Poisson process with rate λ ~ Gamma(r, α); after each purchase
 * she drops out with probability p ~ Beta(a, b). Per customer: x repeat purchases in (0, T], the last
 * at t_x (t_x = 0 when x = 0).
 *
 *   L(r, α, a, b | x, t_x, T) = B(a, b + x)/B(a, b) · Γ(r + x) α^r / (Γ(r) (α + T)^{r+x})
 *                             + δ_{x>0} B(a + 1, b + x − 1)/B(a, b) · Γ(r + x) α^r / (Γ(r) (α + t_x)^{r+x})
 *
 * computed in logs (lgamma) with a log-sum-exp of the two terms.
 */
import { minimize } from '../math/optimize';
import { hyp2f1, lgamma } from '../math/special';

export interface BgNbdRow {
  /** number of repeat purchases */
  x: number;
  /** time of the last repeat purchase (0 when x = 0) */
  tx: number;
  /** length of the observation period */
  T: number;
}

export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

export interface BgNbdFit extends BgNbdParams {
  logLikelihood: number;
  /** central-difference gradient of the log-likelihood w.r.t. (ln r, ln α, ln a, ln b) */
  gradient: number[];
  gradientNorm: number;
  /** max |H⁻¹∇| in log-parameters: the distance Newton's method would still move (≤ 1e-6 when converged) */
  newtonStep: number;
  /** Hessian positive definite and newtonStep ≤ 1e-6 (see core/math/optimize) */
  converged: boolean;
  evaluations: number;
}

function checkParams({ r, alpha, a, b }: BgNbdParams): void {
  for (const [k, v] of Object.entries({ r, alpha, a, b })) {
    if (!(v > 0) || !Number.isFinite(v)) throw new RangeError(`BG/NBD: ${k} must be positive and finite (got ${v})`);
  }
}

function checkRow(row: BgNbdRow, i = 0): void {
  const { x, tx, T } = row;
  if (!Number.isInteger(x) || x < 0)
    throw new RangeError(`BG/NBD row ${i}: x must be a non-negative integer (got ${x})`);
  if (!(tx >= 0) || !(T >= tx) || !Number.isFinite(T))
    throw new RangeError(`BG/NBD row ${i}: need 0 ≤ t_x ≤ T (got t_x = ${tx}, T = ${T})`);
  if (x === 0 && tx !== 0) throw new RangeError(`BG/NBD row ${i}: t_x must be 0 when x = 0`);
}

/** ln L for one customer. */
export function bgNbdLogLikelihoodRow({ r, alpha, a, b }: BgNbdParams, { x, tx, T }: BgNbdRow): number {
  const a1 = lgamma(r + x) - lgamma(r) + r * Math.log(alpha);
  const a2 = lgamma(a + b) + lgamma(b + x) - lgamma(b) - lgamma(a + b + x);
  const a3 = -(r + x) * Math.log(alpha + T);
  if (x === 0) return a1 + a2 + a3;
  const a4 = Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx);
  const m = Math.max(a3, a4);
  return a1 + a2 + m + Math.log(Math.exp(a3 - m) + Math.exp(a4 - m));
}

/** Total log-likelihood over customers. */
export function bgNbdLogLikelihood(params: BgNbdParams, rows: BgNbdRow[]): number {
  checkParams(params);
  let ll = 0;
  for (const row of rows) ll += bgNbdLogLikelihoodRow(params, row);
  return ll;
}

/** Identical (x, t_x, T) rows collapsed with a count, so each likelihood evaluation is cheaper. */
function collapse(rows: BgNbdRow[]): { row: BgNbdRow; n: number }[] {
  const m = new Map<string, { row: BgNbdRow; n: number }>();
  for (const row of rows) {
    const k = `${row.x}|${row.tx}|${row.T}`;
    const e = m.get(k);
    if (e) e.n++;
    else m.set(k, { row, n: 1 });
  }
  return [...m.values()];
}

export interface BgNbdFitOptions {
  /** starting point; default r = α = a = b = 1 */
  start?: BgNbdParams;
}

/** Maximum-likelihood (r, α, a, b), optimised over their logarithms. */
export function fitBgNbd(rows: BgNbdRow[], opts: BgNbdFitOptions = {}): BgNbdFit {
  if (rows.length === 0) throw new RangeError('BG/NBD: no customers');
  rows.forEach(checkRow);
  if (!rows.some((r) => r.x > 0)) throw new RangeError('BG/NBD: no repeat purchases, the model cannot be fitted');
  const groups = collapse(rows);
  const start = opts.start ?? { r: 1, alpha: 1, a: 1, b: 1 };
  checkParams(start);
  const nll = (lp: number[]): number => {
    const p = { r: Math.exp(lp[0]), alpha: Math.exp(lp[1]), a: Math.exp(lp[2]), b: Math.exp(lp[3]) };
    let ll = 0;
    for (const g of groups) ll += g.n * bgNbdLogLikelihoodRow(p, g.row);
    return -ll;
  };
  const res = minimize(nll, [start.r, start.alpha, start.a, start.b].map(Math.log));
  const [r, alpha, a, b] = res.x.map(Math.exp);
  return {
    r,
    alpha,
    a,
    b,
    logLikelihood: -res.fx,
    gradient: res.gradient.map((g) => -g),
    gradientNorm: res.gradientNorm,
    newtonStep: res.newtonStep,
    converged: res.converged,
    evaluations: res.evaluations,
  };
}

/** The formulas below divide by a − 1; at a = 1 exactly, average the two sides (the limit). */
function nearOne(a: number, f: (a: number) => number): number {
  if (Math.abs(a - 1) > 1e-7) return f(a);
  return (f(1 - 1e-5) + f(1 + 1e-5)) / 2;
}

/**
 * E[X(t)]: expected number of purchases in (0, t] for a customer just acquired (FHL 2005, eq. 7):
 *   (a + b − 1)/(a − 1) · [1 − (α/(α + t))^r · 2F1(r, b; a + b − 1; t/(α + t))]
 */
export function bgNbdExpectedPurchasesNewCustomer(params: BgNbdParams, t: number): number {
  checkParams(params);
  if (!(t >= 0)) throw new RangeError(`BG/NBD: t must be ≥ 0 (got ${t})`);
  if (t === 0) return 0;
  const { r, alpha, b } = params;
  return nearOne(
    params.a,
    (a) => ((a + b - 1) / (a - 1)) * (1 - Math.pow(alpha / (alpha + t), r) * hyp2f1(r, b, a + b - 1, t / (alpha + t))),
  );
}

/**
 * E[Y(t) | x, t_x, T]: expected purchases in (T, T + t] for a customer with history (x, t_x, T)
 * (FHL 2005, eq. 10):
 *   (a + b + x − 1)/(a − 1) · [1 − ((α + T)/(α + T + t))^{r+x} · 2F1(r + x, b + x; a + b + x − 1; t/(α + T + t))]
 *   ─────────────────────────────────────────────────────────────────────────────────────────────
 *                      1 + δ_{x>0} · a/(b + x − 1) · ((α + T)/(α + t_x))^{r+x}
 */
export function bgNbdExpectedPurchases(params: BgNbdParams, row: BgNbdRow, t: number): number {
  checkParams(params);
  checkRow(row);
  if (!(t >= 0)) throw new RangeError(`BG/NBD: t must be ≥ 0 (got ${t})`);
  if (t === 0) return 0;
  const { r, alpha, b } = params;
  const { x, tx, T } = row;
  return nearOne(params.a, (a) => {
    const num =
      ((a + b + x - 1) / (a - 1)) *
      (1 - Math.pow((alpha + T) / (alpha + T + t), r + x) * hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t)));
    const den = x > 0 ? 1 + (a / (b + x - 1)) * Math.pow((alpha + T) / (alpha + tx), r + x) : 1;
    return num / den;
  });
}

/**
 * P(alive | x, t_x, T) (FHL 2005, eq. 13 / Fader, Hardie & Lee's note on the BG/NBD):
 *   1 / (1 + δ_{x>0} · a/(b + x − 1) · ((α + T)/(α + t_x))^{r+x});  1 when x = 0 (no chance yet to drop out).
 */
export function bgNbdProbabilityAlive(params: BgNbdParams, row: BgNbdRow): number {
  checkParams(params);
  checkRow(row);
  const { r, alpha, a, b } = params;
  const { x, tx, T } = row;
  if (x === 0) return 1;
  // computed in logs: ((α+T)/(α+t_x))^{r+x} can overflow for long-silent heavy buyers
  const lnOdds = Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));
  return 1 / (1 + Math.exp(lnOdds));
}
