/**
 * L2-regularised logistic regression fitted by Newton's method (IRLS) with step halving.
 *
 * Minimises  f(b0, b) = Σ_i [ log(1 + e^{η_i}) − y_i η_i ] + l2/2 · Σ_j b_j²,   η_i = b0 + x_i·b
 * (the intercept b0 is not penalised). With l2 > 0 the objective is strictly convex in b and the
 * minimiser is finite even on separable data. Deterministic: fixed start, fixed iteration order.
 */

export interface LogisticFitOptions {
  /** Penalty weight on Σ b_j² / 2 (sum-of-losses scale, like scikit-learn's 1/C). Default 1. */
  l2?: number;
  /** Stop when the largest Newton step entry is below this (or the gradient vanishes). Default 1e-10. */
  tolerance?: number;
  maxIterations?: number;
}

export interface LogisticFit {
  intercept: number;
  coefficients: number[];
  iterations: number;
  converged: boolean;
  /** Final value of the penalised objective. */
  objective: number;
  /** Gradient of the objective at the solution: [∂/∂b0, ∂/∂b1, …]. */
  gradient: number[];
}

export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** log(1 + e^z) without overflow. */
export function log1pExp(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

function objectiveAt(
  X: readonly Float64Array[],
  y: readonly number[],
  b0: number,
  b: Float64Array,
  l2: number,
): number {
  let f = 0;
  for (let i = 0; i < X.length; i++) {
    const eta = b0 + dot(X[i], b);
    f += log1pExp(eta) - y[i] * eta;
  }
  let pen = 0;
  for (let j = 0; j < b.length; j++) pen += b[j] * b[j];
  return f + (l2 / 2) * pen;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j] * b[j];
  return s;
}

/**
 * Fit on a design matrix X (n rows of d columns, no intercept column) and 0/1 labels y.
 * Throws when X is empty, ragged, or labels are not 0/1.
 */
export function fitLogistic(
  X: readonly Float64Array[],
  y: readonly number[],
  options: LogisticFitOptions = {},
): LogisticFit {
  const l2 = options.l2 ?? 1;
  const tol = options.tolerance ?? 1e-10;
  const maxIter = options.maxIterations ?? 100;
  const n = X.length;
  if (n === 0) throw new Error('cannot fit a logistic regression on zero rows');
  if (y.length !== n) throw new Error(`${n} rows but ${y.length} labels`);
  if (!(l2 >= 0) || !Number.isFinite(l2)) throw new Error(`l2 must be a finite number ≥ 0, got ${l2}`);
  const d = X[0].length;
  for (let i = 0; i < n; i++) {
    if (X[i].length !== d) throw new Error(`row ${i} has ${X[i].length} columns, expected ${d}`);
    if (y[i] !== 0 && y[i] !== 1) throw new Error(`label ${i} is ${y[i]}, expected 0 or 1`);
  }
  const m = d + 1; // parameter 0 is the intercept
  let pos = 0;
  for (const v of y) pos += v;
  // Start at the intercept-only solution (clamped so that all-0 / all-1 labels stay finite).
  const rate = Math.min(1 - 1e-6, Math.max(1e-6, pos / n));
  let b0 = Math.log(rate / (1 - rate));
  let b = new Float64Array(d);
  let f = objectiveAt(X, y, b0, b, l2);

  const grad = new Float64Array(m);
  const H = new Float64Array(m * m);
  let iterations = 0;
  let converged = false;

  for (let iter = 1; iter <= maxIter; iter++) {
    iterations = iter;
    // Gradient g = Xᵀ(p − y) + l2·b ; Hessian H = Xᵀ W X + l2·I (intercept row/col unpenalised).
    grad.fill(0);
    H.fill(0);
    for (let i = 0; i < n; i++) {
      const xi = X[i];
      const p = sigmoid(b0 + dot(xi, b));
      const r = p - y[i];
      const w = p * (1 - p);
      grad[0] += r;
      H[0] += w;
      for (let j = 0; j < d; j++) {
        const xij = xi[j];
        if (xij === 0) continue;
        const wx = w * xij;
        grad[j + 1] += r * xij;
        H[j + 1] += wx; // row 0, col j+1
        const row = (j + 1) * m;
        for (let k = 0; k <= j; k++) {
          const xik = xi[k];
          if (xik !== 0) H[row + k + 1] += wx * xik;
        }
      }
    }
    for (let j = 0; j < d; j++) {
      grad[j + 1] += l2 * b[j];
      H[(j + 1) * m + j + 1] += l2;
    }
    // Symmetrise: fill the upper triangle from the lower one.
    for (let r = 0; r < m; r++) for (let c = r + 1; c < m; c++) H[r * m + c] = r === 0 ? H[c] : H[c * m + r];
    for (let c = 1; c < m; c++) H[c * m] = H[c];

    const step = solveSpd(H, grad, m);
    let maxStep = 0;
    let maxGrad = 0;
    for (let j = 0; j < m; j++) {
      maxStep = Math.max(maxStep, Math.abs(step[j]));
      maxGrad = Math.max(maxGrad, Math.abs(grad[j]));
    }
    if (maxGrad < 1e-13 * n) {
      converged = true;
      break;
    }
    // Damped Newton: halve the step until the objective does not increase.
    let t = 1;
    let accepted = false;
    for (let h = 0; h < 60; h++) {
      const nb0 = b0 - t * step[0];
      const nb = new Float64Array(d);
      for (let j = 0; j < d; j++) nb[j] = b[j] - t * step[j + 1];
      const nf = objectiveAt(X, y, nb0, nb, l2);
      if (nf <= f + 1e-12 * Math.abs(f)) {
        b0 = nb0;
        b = nb;
        f = nf;
        accepted = true;
        break;
      }
      t /= 2;
    }
    if (!accepted || t * maxStep < tol) {
      // The last Newton step was negligible (or no descent is possible at machine precision).
      converged = true;
      break;
    }
  }

  // Final gradient, reported for checks.
  const g = new Array<number>(m).fill(0);
  for (let i = 0; i < n; i++) {
    const r = sigmoid(b0 + dot(X[i], b)) - y[i];
    g[0] += r;
    for (let j = 0; j < d; j++) g[j + 1] += r * X[i][j];
  }
  for (let j = 0; j < d; j++) g[j + 1] += l2 * b[j];

  return { intercept: b0, coefficients: Array.from(b), iterations, converged, objective: f, gradient: g };
}

/**
 * Solve H x = g for a symmetric positive (semi-)definite H (row-major m × m) by Cholesky,
 * adding a growing ridge to the diagonal if the factorisation breaks down (e.g. l2 = 0 on
 * collinear columns).
 */
export function solveSpd(H: Float64Array, g: Float64Array, m: number): Float64Array {
  let jitter = 0;
  let maxDiag = 0;
  for (let i = 0; i < m; i++) maxDiag = Math.max(maxDiag, Math.abs(H[i * m + i]));
  for (let attempt = 0; attempt < 30; attempt++) {
    const L = cholesky(H, m, jitter);
    if (L) {
      const z = new Float64Array(m);
      for (let i = 0; i < m; i++) {
        let s = g[i];
        for (let k = 0; k < i; k++) s -= L[i * m + k] * z[k];
        z[i] = s / L[i * m + i];
      }
      const x = new Float64Array(m);
      for (let i = m - 1; i >= 0; i--) {
        let s = z[i];
        for (let k = i + 1; k < m; k++) s -= L[k * m + i] * x[k];
        x[i] = s / L[i * m + i];
      }
      return x;
    }
    jitter = jitter === 0 ? 1e-12 * Math.max(1, maxDiag) : jitter * 10;
  }
  throw new Error('Hessian is not positive definite');
}

function cholesky(A: Float64Array, m: number, jitter: number): Float64Array | null {
  const L = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * m + j] + (i === j ? jitter : 0);
      for (let k = 0; k < j; k++) s -= L[i * m + k] * L[j * m + k];
      if (i === j) {
        if (!(s > 0)) return null;
        L[i * m + i] = Math.sqrt(s);
      } else {
        L[i * m + j] = s / L[j * m + j];
      }
    }
  }
  return L;
}
