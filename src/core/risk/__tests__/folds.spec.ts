import { mulberry32, stratifiedKFold, timeBasedHoldout } from '../folds';

describe('mulberry32', () => {
  it('is deterministic per seed and in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(mulberry32(43)()).not.toBe(xs[0]);
  });
});

describe('stratifiedKFold', () => {
  const labels = Array.from({ length: 43 }, (_, i) => (i % 4 === 0 ? 1 : 0)); // 11 positives, 32 negatives

  it('partitions the rows: test sets disjoint and covering, train = complement', () => {
    const folds = stratifiedKFold(labels, 5, 7);
    const all = folds.flatMap((f) => f.test).sort((a, b) => a - b);
    expect(all).toEqual(labels.map((_, i) => i));
    for (const f of folds) {
      expect(f.train.length + f.test.length).toBe(43);
      const t = new Set(f.test);
      expect(f.train.some((i) => t.has(i))).toBe(false);
    }
  });

  it('is stratified: each fold holds ⌊11/5⌋..⌈11/5⌉ positives and sizes differ by ≤ 1', () => {
    const folds = stratifiedKFold(labels, 5, 7);
    for (const f of folds) {
      const pos = f.test.filter((i) => labels[i] === 1).length;
      expect(pos === 2 || pos === 3).toBe(true);
      const neg = f.test.length - pos;
      expect(neg === 6 || neg === 7).toBe(true);
      expect(f.test.length === 8 || f.test.length === 9).toBe(true);
    }
  });

  it('is deterministic for a seed and changes with the seed', () => {
    expect(stratifiedKFold(labels, 5, 7)).toEqual(stratifiedKFold(labels, 5, 7));
    expect(stratifiedKFold(labels, 5, 8)).not.toEqual(stratifiedKFold(labels, 5, 7));
  });

  it('rejects bad k', () => {
    expect(() => stratifiedKFold(labels, 1)).toThrow();
    expect(() => stratifiedKFold([0, 1], 3)).toThrow();
  });
});

describe('timeBasedHoldout', () => {
  const days = ['2024-01-31', '2024-02-29', '2024-03-31', '2024-03-31', '2024-01-31'];
  it('trains before the cut day and tests on the latest snapshot', () => {
    expect(timeBasedHoldout(days, '2024-02-29')).toEqual({
      train: [0, 4],
      test: [2, 3],
      cutDay: '2024-02-29',
      testDay: '2024-03-31',
    });
    expect(timeBasedHoldout(days).train).toEqual([0, 1, 4]);
  });
  it('rejects a cut after the latest snapshot and malformed days', () => {
    expect(() => timeBasedHoldout(days, '2024-04-30')).toThrow(/after/);
    expect(() => timeBasedHoldout(['2024-1-1'])).toThrow(/YYYY-MM-DD/);
  });
});
