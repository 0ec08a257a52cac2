/**
 * Special functions used by the CLV models: log-gamma (Lanczos), log-beta and the
 * Gauss hypergeometric function 2F1. Pure TypeScript, no dependencies.
 */

// Lanczos approximation, g = 7, n = 9 (Godfrey's coefficients; relative error ~1e-15).
const LANCZOS_G = 7;
const LANCZOS_COEF = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const LN_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * ln|Γ(x)| for real x (not a non-positive integer, where Γ has poles and +Infinity is returned).
 * x ≥ 0.5: Lanczos; x < 0.5: reflection Γ(x)Γ(1−x) = π / sin(πx).
 */
export function lgamma(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return Infinity;
  if (x <= 0 && Number.isInteger(x)) return Infinity;
  if (x === 1 || x === 2) return 0;
  if (x < 0.5) {
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  }
  const z = x - 1;
  let s = LANCZOS_COEF[0];
  for (let i = 1; i < LANCZOS_G + 2; i++) s += LANCZOS_COEF[i] / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return LN_SQRT_2PI + (z + 0.5) * Math.log(t) - t + Math.log(s);
}

/** ln B(a, b) = lnΓ(a) + lnΓ(b) − lnΓ(a + b), for a, b > 0. */
export function lbeta(a: number, b: number): number {
  return lgamma(a) + lgamma(b) - lgamma(a + b);
}

export interface Hyp2f1Options {
  /** relative tolerance on the last term (default 1e-15) */
  tol?: number;
  /** maximum number of series terms (default 1e6) */
  maxTerms?: number;
}

/**
 * Gauss hypergeometric function 2F1(a, b; c; z) for real parameters and real |z| < 1.
 *
 *   2F1(a, b; c; z) = Σ_k (a)_k (b)_k / ((c)_k k!) z^k
 *
 * Summed directly for 0 ≤ z < 1 (and for −0.5 ≤ z < 0). For z < −0.5 the Pfaff transformation
 * 2F1(a, b; c; z) = (1 − z)^(−a) 2F1(a, c − b; c; z / (z − 1)) maps z ∈ (−1, −0.5) into (1/3, 1/2),
 * where the series converges fast. The series is a polynomial when a or b is a non-positive integer.
 * Throws if c is a non-positive integer (undefined) or the series has not converged after maxTerms.
 */
export function hyp2f1(a: number, b: number, c: number, z: number, opts: Hyp2f1Options = {}): number {
  if (![a, b, c, z].every(Number.isFinite)) throw new RangeError('hyp2f1: non-finite argument');
  if (c <= 0 && Number.isInteger(c)) throw new RangeError(`hyp2f1: c = ${c} is a non-positive integer`);
  const terminating = (a <= 0 && Number.isInteger(a)) || (b <= 0 && Number.isInteger(b));
  if (!terminating && Math.abs(z) >= 1) throw new RangeError(`hyp2f1: |z| = ${Math.abs(z)} ≥ 1`);
  if (z === 0) return 1;
  if (z < -0.5 && !terminating) {
    return Math.pow(1 - z, -a) * hyp2f1(a, c - b, c, z / (z - 1), opts);
  }
  const tol = opts.tol ?? 1e-15;
  const maxTerms = opts.maxTerms ?? 1_000_000;
  let term = 1;
  let sum = 1;
  let comp = 0; // Kahan compensation
  for (let k = 0; k < maxTerms; k++) {
    const ratio = (((a + k) * (b + k)) / ((c + k) * (k + 1))) * z;
    term *= ratio;
    if (term === 0) return sum;
    const y = term - comp;
    const t = sum + y;
    comp = t - sum - y;
    sum = t;
    // Stop once terms are shrinking and negligible; past k > |a|+|b|+|c| the ratio only tends to z.
    if (Math.abs(term) <= tol * Math.abs(sum) && Math.abs(ratio) < 1 && k > Math.abs(a) + Math.abs(b) + Math.abs(c)) {
      return sum;
    }
  }
  throw new Error(`hyp2f1(${a}, ${b}; ${c}; ${z}): series did not converge in ${maxTerms} terms`);
}
