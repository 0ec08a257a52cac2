/**
 * Small derivative-free / quasi-Newton minimisers for the CLV likelihoods (a handful of parameters).
 *
 * - `nelderMead`: the classic simplex method (reflection 1, expansion 2, contraction ½, shrink ½).
 * - `bfgs`: quasi-Newton with a central-difference gradient and a backtracking (Armijo) line search.
 * - `minimize`: Nelder–Mead restarted from its own best point until a restart no longer improves,
 *   then BFGS, then Newton steps on a central-difference Hessian; reports gradient, Hessian and the
 *   remaining Newton step so callers can check the optimum.
 *
 * Objective values that are NaN or ±Infinity are treated as +Infinity (an infeasible point).
 */

export type Objective = (x: number[]) => number;

export interface BfgsResult {
  x: number[];
  fx: number;
  /** number of objective evaluations (gradient evaluations included) */
  evaluations: number;
  /** central-difference gradient at x */
  gradient: number[];
  /** max |gradient_i| */
  gradientNorm: number;
  /** BFGS: max |gradient_i| ≤ gtol · (1 + |fx|) */
  converged: boolean;
}

function safe(f: Objective): Objective {
  return (x) => {
    const v = f(x);
    return Number.isFinite(v) ? v : Infinity;
  };
}

const maxAbs = (v: number[]): number => v.reduce((m, e) => Math.max(m, Math.abs(e)), 0);

/** Central-difference gradient, step h_i = h · max(1, |x_i|). */
export function numericalGradient(f: Objective, x: number[], h = 1e-5): number[] {
  const g = new Array<number>(x.length);
  const xp = x.slice();
  for (let i = 0; i < x.length; i++) {
    const hi = h * Math.max(1, Math.abs(x[i]));
    xp[i] = x[i] + hi;
    const fp = f(xp);
    xp[i] = x[i] - hi;
    const fm = f(xp);
    xp[i] = x[i];
    g[i] = (fp - fm) / (2 * hi);
  }
  return g;
}

export interface NelderMeadOptions {
  /** initial simplex edge along each axis (default 0.5) */
  step?: number;
  /** stop when (max f − min f) over the simplex ≤ ftol · (1 + |min f|) (default 1e-12) */
  ftol?: number;
  /** …and every vertex lies within xtol · (1 + |x|) of the best one (default 1e-9) */
  xtol?: number;
  maxEvaluations?: number;
}

export function nelderMead(
  objective: Objective,
  x0: number[],
  opts: NelderMeadOptions = {},
): { x: number[]; fx: number; evaluations: number; converged: boolean } {
  const f = safe(objective);
  const n = x0.length;
  const step = opts.step ?? 0.5;
  const ftol = opts.ftol ?? 1e-12;
  const xtol = opts.xtol ?? 1e-9;
  const maxEval = opts.maxEvaluations ?? 2000 * n;
  let evals = 0;
  const ev = (x: number[]): number => {
    evals++;
    return f(x);
  };
  let simplex: number[][] = [x0.slice()];
  for (let i = 0; i < n; i++) {
    const v = x0.slice();
    v[i] += step;
    simplex.push(v);
  }
  let values = simplex.map(ev);
  let converged = false;
  while (evals < maxEval) {
    const order = values.map((_, i) => i).sort((i, j) => values[i] - values[j]);
    simplex = order.map((i) => simplex[i]);
    values = order.map((i) => values[i]);
    const best = simplex[0];
    const fRange = values[n] - values[0];
    let xRange = 0;
    for (let i = 1; i <= n; i++) {
      for (let j = 0; j < n; j++)
        xRange = Math.max(xRange, Math.abs(simplex[i][j] - best[j]) / (1 + Math.abs(best[j])));
    }
    if (Number.isFinite(values[0]) && fRange <= ftol * (1 + Math.abs(values[0])) && xRange <= xtol) {
      converged = true;
      break;
    }
    const centroid = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) centroid[j] += simplex[i][j] / n;
    const worst = simplex[n];
    const along = (t: number): number[] => centroid.map((c, j) => c + t * (worst[j] - c));
    const xr = along(-1);
    const fr = ev(xr);
    if (fr < values[0]) {
      const xe = along(-2);
      const fe = ev(xe);
      if (fe < fr) {
        simplex[n] = xe;
        values[n] = fe;
      } else {
        simplex[n] = xr;
        values[n] = fr;
      }
    } else if (fr < values[n - 1]) {
      simplex[n] = xr;
      values[n] = fr;
    } else {
      // contraction: outside if the reflected point beats the worst, inside otherwise
      const outside = fr < values[n];
      const xc = along(outside ? -0.5 : 0.5);
      const fc = ev(xc);
      if (fc < (outside ? fr : values[n])) {
        simplex[n] = xc;
        values[n] = fc;
      } else {
        for (let i = 1; i <= n; i++) {
          simplex[i] = simplex[i].map((v, j) => best[j] + 0.5 * (v - best[j]));
          values[i] = ev(simplex[i]);
        }
      }
    }
  }
  let bi = 0;
  for (let i = 1; i < values.length; i++) if (values[i] < values[bi]) bi = i;
  return { x: simplex[bi], fx: values[bi], evaluations: evals, converged };
}

export interface BfgsOptions {
  /** stop when max |gradient| ≤ gtol · (1 + |f|) (default 1e-9) */
  gtol?: number;
  maxIterations?: number;
  /** finite-difference step (relative), default 1e-5 */
  h?: number;
}

export function bfgs(objective: Objective, x0: number[], opts: BfgsOptions = {}): BfgsResult {
  const f = safe(objective);
  const n = x0.length;
  const gtol = opts.gtol ?? 1e-9;
  const maxIter = opts.maxIterations ?? 200;
  const h = opts.h ?? 1e-5;
  let evals = 0;
  const ev = (x: number[]): number => {
    evals++;
    return f(x);
  };
  const grad = (x: number[]): number[] => numericalGradient(ev, x, h);
  const identity = (): number[][] =>
    Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  let x = x0.slice();
  let fx = ev(x);
  let g = grad(x);
  let H = identity();
  for (let it = 0; it < maxIter && maxAbs(g) > gtol * (1 + Math.abs(fx)); it++) {
    let d = H.map((row) => -row.reduce((s, hij, j) => s + hij * g[j], 0));
    let slope = d.reduce((s, di, i) => s + di * g[i], 0);
    if (!(slope < 0)) {
      H = identity();
      d = g.map((gi) => -gi);
      slope = -g.reduce((s, gi) => s + gi * gi, 0);
    }
    let t = 1;
    let xn = x;
    let fn = fx;
    let accepted = false;
    for (let k = 0; k < 60; k++) {
      xn = x.map((xi, i) => xi + t * d[i]);
      fn = ev(xn);
      if (fn <= fx + 1e-4 * t * slope) {
        accepted = true;
        break;
      }
      t *= 0.5;
    }
    if (!accepted || fn >= fx) break; // no further progress possible at this precision
    const gn = grad(xn);
    const s = xn.map((v, i) => v - x[i]);
    const y = gn.map((v, i) => v - g[i]);
    const sy = s.reduce((acc, si, i) => acc + si * y[i], 0);
    if (it === 0 && sy > 0) {
      // scale the initial inverse Hessian (Nocedal & Wright 6.20)
      const yy = y.reduce((acc, yi) => acc + yi * yi, 0);
      H = identity().map((row) => row.map((v) => (v * sy) / yy));
    }
    if (sy > 1e-12 * Math.sqrt(s.reduce((a, v) => a + v * v, 0) * y.reduce((a, v) => a + v * v, 0))) {
      const rho = 1 / sy;
      const Hy = H.map((row) => row.reduce((acc, hij, j) => acc + hij * y[j], 0));
      const yHy = y.reduce((acc, yi, i) => acc + yi * Hy[i], 0);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          H[i][j] += -rho * (Hy[i] * s[j] + s[i] * Hy[j]) + (rho * rho * yHy + rho) * s[i] * s[j];
        }
      }
    }
    x = xn;
    fx = fn;
    g = gn;
  }
  const gradientNorm = maxAbs(g);
  return { x, fx, evaluations: evals, gradient: g, gradientNorm, converged: gradientNorm <= gtol * (1 + Math.abs(fx)) };
}

export interface MinimizeOptions extends NelderMeadOptions {
  /** maximum Nelder–Mead restarts (default 10) */
  restarts?: number;
  /** `converged` needs the remaining Newton step max |H⁻¹∇f| ≤ stepTol (default 1e-6, in units of x) */
  stepTol?: number;
}

export interface MinimizeResult extends BfgsResult {
  /** central-difference Hessian at x */
  hessian: number[][];
  /** max |(H⁻¹ ∇f)_i|: how far Newton's method would still move; Infinity if H is not positive definite */
  newtonStep: number;
  /**
   * true when the Hessian is positive definite (a local minimum, not a saddle or a ridge) and the
   * remaining Newton step is ≤ stepTol: "gradient ≈ 0" measured against the local curvature, which
   * stays meaningful when the objective is large (10⁴ for a likelihood) or badly conditioned.
   */
  converged: boolean;
}

/** Central-difference Hessian, step h_i = h · max(1, |x_i|). */
export function numericalHessian(f: Objective, x: number[], h = 1e-4): number[][] {
  const n = x.length;
  const hs = x.map((xi) => h * Math.max(1, Math.abs(xi)));
  const at = (d: [number, number][]): number => {
    const y = x.slice();
    for (const [i, k] of d) y[i] += k * hs[i];
    return f(y);
  };
  const f0 = f(x);
  const H = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    H[i][i] = (at([[i, 1]]) - 2 * f0 + at([[i, -1]])) / (hs[i] * hs[i]);
    for (let j = 0; j < i; j++) {
      const v =
        (at([
          [i, 1],
          [j, 1],
        ]) -
          at([
            [i, 1],
            [j, -1],
          ]) -
          at([
            [i, -1],
            [j, 1],
          ]) +
          at([
            [i, -1],
            [j, -1],
          ])) /
        (4 * hs[i] * hs[j]);
      H[i][j] = v;
      H[j][i] = v;
    }
  }
  return H;
}

/** Solves H z = g by Cholesky; null when H is not (numerically) positive definite. */
export function choleskySolve(H: number[][], g: number[]): number[] | null {
  const n = g.length;
  const L = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = H[i][j];
      for (let k = 0; k < j; k++) sum -= L[i][k] * L[j][k];
      if (i === j) {
        if (!(sum > 0)) return null;
        L[i][i] = Math.sqrt(sum);
      } else L[i][j] = sum / L[j][j];
    }
  }
  const y = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    let sum = g[i];
    for (let k = 0; k < i; k++) sum -= L[i][k] * y[k];
    y[i] = sum / L[i][i];
  }
  const z = new Array<number>(n);
  for (let i = n - 1; i >= 0; i--) {
    let sum = y[i];
    for (let k = i + 1; k < n; k++) sum -= L[k][i] * z[k];
    z[i] = sum / L[i][i];
  }
  return z;
}

/**
 * Nelder–Mead, restarted from its best point with a fresh simplex until a restart improves the
 * objective by less than ftol·(1+|f|); then BFGS; then up to three Newton steps with the
 * central-difference Hessian (kept only when they lower f). The result carries the gradient, the
 * Hessian and the remaining Newton step so the optimum can be checked (see `converged`).
 */
export function minimize(objective: Objective, x0: number[], opts: MinimizeOptions = {}): MinimizeResult {
  const f = safe(objective);
  const restarts = opts.restarts ?? 10;
  const stepTol = opts.stepTol ?? 1e-6;
  const ftol = opts.ftol ?? 1e-12;
  let evaluations = 0;
  const ev: Objective = (x) => {
    evaluations++;
    return f(x);
  };
  let best = nelderMead(ev, x0, opts);
  let step = opts.step ?? 0.5;
  for (let r = 0; r < restarts; r++) {
    step = Math.max(step / 2, 0.01);
    const next = nelderMead(ev, best.x, { ...opts, step });
    const improved = best.fx - next.fx;
    if (next.fx < best.fx) best = next;
    if (!(improved > ftol * (1 + Math.abs(best.fx)))) break;
  }
  let x = best.x;
  let fx = best.fx;
  const polished = bfgs(ev, x);
  if (polished.fx <= fx) {
    x = polished.x;
    fx = polished.fx;
  }
  let gradient = numericalGradient(ev, x);
  let hessian = numericalHessian(ev, x);
  let newton = choleskySolve(hessian, gradient);
  for (let k = 0; k < 3 && newton && maxAbs(newton) > stepTol * 1e-3; k++) {
    const xn = x.map((xi, i) => xi - newton![i]);
    const fn = ev(xn);
    if (!(fn <= fx)) break;
    x = xn;
    fx = fn;
    gradient = numericalGradient(ev, x);
    hessian = numericalHessian(ev, x);
    newton = choleskySolve(hessian, gradient);
  }
  const newtonStep = newton ? maxAbs(newton) : Infinity;
  return {
    x,
    fx,
    evaluations,
    gradient,
    gradientNorm: maxAbs(gradient),
    hessian,
    newtonStep,
    converged: newtonStep <= stepTol,
  };
}
