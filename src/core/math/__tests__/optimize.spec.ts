import { bfgs, choleskySolve, minimize, nelderMead, numericalGradient, numericalHessian } from '../optimize';

const rosenbrock = ([x, y]: number[]): number => 100 * (y - x * x) ** 2 + (1 - x) ** 2;

describe('optimisers', () => {
  it('numericalGradient matches the analytic gradient of a quadratic', () => {
    const f = ([x, y]: number[]) => 3 * x * x + 2 * x * y + y * y - 4 * x;
    const g = numericalGradient(f, [1, -2]);
    // ∂f/∂x = 6x + 2y − 4 = −2, ∂f/∂y = 2x + 2y = −2
    expect(g[0]).toBeCloseTo(-2, 8);
    expect(g[1]).toBeCloseTo(-2, 8);
  });

  it('Nelder–Mead finds the minimum of a shifted quadratic', () => {
    const r = nelderMead(([x, y]) => (x - 3) ** 2 + 2 * (y + 1) ** 2 + 5, [0, 0]);
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(3, 6);
    expect(r.x[1]).toBeCloseTo(-1, 6);
    expect(r.fx).toBeCloseTo(5, 10);
  });

  it('BFGS finds the Rosenbrock minimum (1, 1)', () => {
    const r = bfgs(rosenbrock, [-1.2, 1], { maxIterations: 500 });
    expect(r.x[0]).toBeCloseTo(1, 5);
    expect(r.x[1]).toBeCloseTo(1, 5);
  });

  it('minimize reaches the Rosenbrock minimum from two different starts with gradient ≈ 0', () => {
    const a = minimize(rosenbrock, [-1.2, 1]);
    const b = minimize(rosenbrock, [2, -1]);
    for (const r of [a, b]) {
      expect(r.converged).toBe(true);
      expect(r.newtonStep).toBeLessThan(1e-6);
      expect(r.gradientNorm).toBeLessThan(1e-4);
      // Hessian of Rosenbrock at (1, 1): [[802, −400], [−400, 200]]
      expect(r.hessian[0][0]).toBeCloseTo(802, 1);
      expect(r.hessian[0][1]).toBeCloseTo(-400, 1);
      expect(r.hessian[1][1]).toBeCloseTo(200, 1);
      expect(r.x[0]).toBeCloseTo(1, 6);
      expect(r.x[1]).toBeCloseTo(1, 6);
    }
  });

  it('numericalHessian and choleskySolve on a quadratic; non-positive-definite → null', () => {
    const f = ([x, y]: number[]) => 3 * x * x + 2 * x * y + y * y - 4 * x;
    const H = numericalHessian(f, [0.3, 0.7]);
    expect(H[0][0]).toBeCloseTo(6, 4);
    expect(H[0][1]).toBeCloseTo(2, 4);
    expect(H[1][1]).toBeCloseTo(2, 4);
    // [[6,2],[2,2]] z = [10, 6] → z = (1, 2)
    const z = choleskySolve(
      [
        [6, 2],
        [2, 2],
      ],
      [10, 6],
    )!;
    expect(z[0]).toBeCloseTo(1, 12);
    expect(z[1]).toBeCloseTo(2, 12);
    expect(
      choleskySolve(
        [
          [1, 2],
          [2, 1],
        ],
        [1, 1],
      ),
    ).toBeNull();
  });

  it('reports a saddle point as not converged', () => {
    // f = x² − y² has a stationary point at 0 but no minimum; with y bounded by a wall the
    // minimiser ends on the wall, where the gradient is not zero
    const r = minimize(([x, y]) => (Math.abs(y) > 1 ? NaN : x * x - y * y), [0.5, 0.01]);
    expect(Math.abs(r.x[1])).toBeGreaterThan(0.99);
    expect(r.converged).toBe(false);
  });

  it('treats NaN / Infinity as infeasible', () => {
    const f = ([x]: number[]) => (x < 0 ? NaN : (x - 2) ** 2);
    const r = minimize(f, [1]);
    expect(r.x[0]).toBeCloseTo(2, 6);
  });
});
