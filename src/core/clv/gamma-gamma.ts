/**
 * Gamma-Gamma model of spend per transaction.
 *
 * Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005), "RFM and CLV: Using Iso-Value Curves for Customer
 * Base Analysis", J. Marketing Research 42(4); Fader & Hardie (2013), "The Gamma-Gamma Model of Monetary
 * Value"; same likelihood as the lifetimes package's GammaGammaFitter.
 *
 * Each transaction value z ~ Gamma(p, ν); across customers ν ~ Gamma(q, v). The mean zbar of a
 * customer's x transactions is Gamma(p x, ν x), so integrating ν out:
 *
 *   L(p, q, v | x, zbar) = Γ(p x + q) / (Γ(p x) Γ(q)) · v^q · zbar^{p x − 1} · x^{p x} / (v + x zbar)^{p x + q}
 *
 *   E[Z | p, q, v, x, zbar] = p (v + x zbar) / (p x + q − 1)
 *                           = (q − 1)/(p x + q − 1) · p v/(q − 1) + p x/(p x + q − 1) · zbar
 *
 * Only customers with x > 0 (at least one repeat purchase with a value) enter the fit.
 */
import { minimize } from '../math/optimize';
import { lgamma } from '../math/special';

export interface GammaGammaRow {
  /** number of (repeat) transactions, > 0 */
  x: number;
  /** mean transaction value, > 0 */
  zbar: number;
}

export interface GammaGammaParams {
  p: number;
  q: number;
  v: number;
}

export interface GammaGammaFit extends GammaGammaParams {
  logLikelihood: number;
  /** central-difference gradient of the log-likelihood w.r.t. (ln p, ln q, ln v) */
  gradient: number[];
  gradientNorm: number;
  /** max |H⁻¹∇| in log-parameters: the distance Newton's method would still move (≤ 1e-6 when converged) */
  newtonStep: number;
  /** Hessian positive definite and newtonStep ≤ 1e-6 (see core/math/optimize) */
  converged: boolean;
  evaluations: number;
}

function checkParams({ p, q, v }: GammaGammaParams): void {
  for (const [k, val] of Object.entries({ p, q, v })) {
    if (!(val > 0) || !Number.isFinite(val))
      throw new RangeError(`Gamma-Gamma: ${k} must be positive and finite (got ${val})`);
  }
}

function checkRow({ x, zbar }: GammaGammaRow, i = 0): void {
  if (!(x > 0) || !Number.isFinite(x)) throw new RangeError(`Gamma-Gamma row ${i}: x must be > 0 (got ${x})`);
  if (!(zbar > 0) || !Number.isFinite(zbar))
    throw new RangeError(`Gamma-Gamma row ${i}: zbar must be > 0 (got ${zbar})`);
}

export function gammaGammaLogLikelihoodRow({ p, q, v }: GammaGammaParams, { x, zbar }: GammaGammaRow): number {
  const px = p * x;
  return (
    lgamma(px + q) -
    lgamma(px) -
    lgamma(q) +
    q * Math.log(v) +
    (px - 1) * Math.log(zbar) +
    px * Math.log(x) -
    (px + q) * Math.log(v + x * zbar)
  );
}

export function gammaGammaLogLikelihood(params: GammaGammaParams, rows: GammaGammaRow[]): number {
  checkParams(params);
  rows.forEach(checkRow);
  let ll = 0;
  for (const row of rows) ll += gammaGammaLogLikelihoodRow(params, row);
  return ll;
}

export interface GammaGammaFitOptions {
  /** starting point; default p = q = v = 1 */
  start?: GammaGammaParams;
}

/** Maximum-likelihood (p, q, v) over their logarithms, from customers with x > 0. */
export function fitGammaGamma(rows: GammaGammaRow[], opts: GammaGammaFitOptions = {}): GammaGammaFit {
  if (rows.length === 0) throw new RangeError('Gamma-Gamma: no customers with x > 0');
  rows.forEach(checkRow);
  const start = opts.start ?? { p: 1, q: 1, v: 1 };
  checkParams(start);
  const nll = (lp: number[]): number => {
    const par = { p: Math.exp(lp[0]), q: Math.exp(lp[1]), v: Math.exp(lp[2]) };
    let ll = 0;
    for (const row of rows) ll += gammaGammaLogLikelihoodRow(par, row);
    return -ll;
  };
  const res = minimize(nll, [start.p, start.q, start.v].map(Math.log));
  const [p, q, v] = res.x.map(Math.exp);
  return {
    p,
    q,
    v,
    logLikelihood: -res.fx,
    gradient: res.gradient.map((g) => -g),
    gradientNorm: res.gradientNorm,
    newtonStep: res.newtonStep,
    converged: res.converged,
    evaluations: res.evaluations,
  };
}

/** E[Z | p, q, v, x, zbar] = p (v + x zbar) / (p x + q − 1): a customer's expected average transaction value. */
export function gammaGammaExpectedValue(params: GammaGammaParams, row: GammaGammaRow): number {
  checkParams(params);
  const { p, q, v } = params;
  const { x, zbar } = row;
  if (!(x >= 0) || !(zbar >= 0)) throw new RangeError('Gamma-Gamma: x and zbar must be ≥ 0');
  if (!(p * x + q > 1)) throw new RangeError('Gamma-Gamma: expected value needs p·x + q > 1');
  return (p * (v + x * zbar)) / (p * x + q - 1);
}

/** Population mean transaction value E[Z] = p v / (q − 1) (q > 1); what E[Z | x = 0] reduces to. */
export function gammaGammaMeanValue(params: GammaGammaParams): number {
  checkParams(params);
  if (!(params.q > 1)) throw new RangeError('Gamma-Gamma: the population mean needs q > 1');
  return (params.p * params.v) / (params.q - 1);
}
