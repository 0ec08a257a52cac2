import { bfgs, minimize, nelderMead, numericalGradient } from '../optimize';

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
    const a = minimize(rosenbrock, [-1.2, 1], { gtol: 1e-6 }); // f* = 0: absolute tolerance, above the O(h²) finite-difference error
    const b = minimize(rosenbrock, [2, -1], { gtol: 1e-6 });
    for (const r of [a, b]) {
      expect(r.converged).toBe(true);
      expect(r.gradientNorm).toBeLessThan(1e-4);
      expect(r.x[0]).toBeCloseTo(1, 6);
      expect(r.x[1]).toBeCloseTo(1, 6);
    }
  });

  it('treats NaN / Infinity as infeasible', () => {
    const f = ([x]: number[]) => (x < 0 ? NaN : (x - 2) ** 2);
    const r = minimize(f, [1]);
    expect(r.x[0]).toBeCloseTo(2, 6);
  });
});
