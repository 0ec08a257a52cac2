import { describe, expect, it } from 'vitest';
import { parseCents } from './money-input';

describe('parseCents', () => {
  it('reads dollars and cents exactly', () => {
    expect(parseCents('1234.5')).toBe(123_450);
    expect(parseCents('1,234.56')).toBe(123_456);
    expect(parseCents('$99')).toBe(9_900);
    expect(parseCents(' 0.07 ')).toBe(7);
    // 0.1 + 0.2 style errors cannot happen: 4.35 × 100 is 434.99999… in floating point.
    expect(parseCents('4.35')).toBe(435);
  });

  it('refuses what is not an amount', () => {
    for (const bad of ['', 'abc', '-5', '1.234', '1e3', '12.']) expect(parseCents(bad)).toBeNull();
  });
});
