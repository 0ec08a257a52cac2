import fc from 'fast-check';
import { hyp2f1, lbeta, lgamma } from '../special';

describe('lgamma (Lanczos)', () => {
  it.each([
    [1, 0],
    [2, 0],
    [3, Math.log(2)],
    [0.5, 0.5 * Math.log(Math.PI)], // Γ(½) = √π
    [1.5, Math.log(Math.sqrt(Math.PI) / 2)], // Γ(3/2) = √π/2
    [10, Math.log(362880)], // 9!
    [20, Math.log(121645100408832000)], // 19!
    [100, 359.1342053695754], // ln 99!
    [0.1, 2.252712651734206], // ln Γ(0.1) = ln 9.51350769866873
    [-0.5, Math.log(2 * Math.sqrt(Math.PI))], // Γ(−½) = −2√π
  ])('lgamma(%p) = %p', (x, expected) => {
    expect(lgamma(x)).toBeCloseTo(expected, 12);
    expect(Math.abs(lgamma(x) - expected)).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(expected)));
  });

  it('is +Infinity at the poles and NaN for NaN', () => {
    expect(lgamma(0)).toBe(Infinity);
    expect(lgamma(-3)).toBe(Infinity);
    expect(lgamma(NaN)).toBeNaN();
  });

  it('behaves like −ln x − γx near 0', () => {
    const x = 1e-8;
    expect(lgamma(x)).toBeCloseTo(-Math.log(x) - 0.5772156649015329 * x, 12);
  });

  it('satisfies lnΓ(x+1) − lnΓ(x) = ln x', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 1e6, noNaN: true }), (x) => {
        const d = lgamma(x + 1) - lgamma(x) - Math.log(x);
        return Math.abs(d) <= 1e-12 * Math.max(1, Math.abs(lgamma(x + 1)));
      }),
    );
  });

  it('lbeta(2, 3) = ln(1/12) and is symmetric', () => {
    expect(lbeta(2, 3)).toBeCloseTo(Math.log(1 / 12), 14);
    expect(lbeta(0.7, 4.2)).toBeCloseTo(lbeta(4.2, 0.7), 14);
  });
});

describe('hyp2f1', () => {
  it.each([0.1, 0.5, 0.9, 0.99, -0.3, -0.9])('2F1(1,1;2;z) = −ln(1−z)/z at z = %p', (z) => {
    expect(hyp2f1(1, 1, 2, z)).toBeCloseTo(-Math.log(1 - z) / z, 12);
  });

  it.each([
    [0.5, 2.3, 0.4],
    [3, 1.7, 0.8],
    [1.2, 0.6, -0.7],
  ])('2F1(a,b;b;z) = (1−z)^(−a) for a=%p b=%p z=%p', (a, b, z) => {
    const expected = Math.pow(1 - z, -a);
    expect(Math.abs(hyp2f1(a, b, b, z) / expected - 1)).toBeLessThan(1e-13);
  });

  it('2F1(½,½;3/2;z²) = arcsin(z)/z', () => {
    for (const z of [0.2, 0.7, 0.95]) expect(hyp2f1(0.5, 0.5, 1.5, z * z)).toBeCloseTo(Math.asin(z) / z, 12);
  });

  it('2F1(1,2;3;z) = 2(−ln(1−z) − z)/z² (hand-worked: Σ 2z^k/(k+2))', () => {
    const z = 1 / 1.1;
    expect(hyp2f1(1, 2, 3, z)).toBeCloseTo((2 * (-Math.log(1 - z) - z)) / (z * z), 12);
  });

  it('terminates for a non-positive integer a: 2F1(−2,b;c;z) = 1 − 2bz/c + b(b+1)z²/(c(c+1))', () => {
    const [b, c, z] = [1.5, 2.5, 0.6];
    expect(hyp2f1(-2, b, c, z)).toBeCloseTo(1 - (2 * b * z) / c + (b * (b + 1) * z * z) / (c * (c + 1)), 14);
    expect(hyp2f1(-2, b, c, 3)).toBeCloseTo(1 - (2 * b * 3) / c + (b * (b + 1) * 9) / (c * (c + 1)), 12);
  });

  it('converges slowly but correctly near z = 1 (monthly discounting)', () => {
    const z = 1 / 1.001;
    expect(hyp2f1(1, 1, 2, z)).toBeCloseTo(-Math.log(1 - z) / z, 10);
  });

  it('is 1 at z = 0 and rejects |z| ≥ 1 and bad c', () => {
    expect(hyp2f1(2.5, 3.5, 1.5, 0)).toBe(1);
    expect(() => hyp2f1(1, 1, 2, 1)).toThrow(RangeError);
    expect(() => hyp2f1(1, 1, -2, 0.5)).toThrow(RangeError);
  });
});
