import { fitFeaturePipeline, transformRow } from '../features';

describe('fitFeaturePipeline / transformRow', () => {
  const train = [
    { a: 1, c: 5, k: 'b', flag: true },
    { a: 2, c: 5, k: 'a', flag: false },
    { a: 3, c: 5, k: 'b', flag: null },
    { a: null, c: 5, k: null, flag: false },
  ];
  const p = fitFeaturePipeline(train, { numeric: ['a', 'c', 'flag'], categorical: ['k'] });

  it('learns means and population stds on non-missing training values', () => {
    expect(p.means.a).toBe(2); // (1+2+3)/3, the null row ignored
    expect(p.stds.a).toBeCloseTo(Math.sqrt(2 / 3), 15);
    expect(p.means.flag).toBeCloseTo(1 / 3, 15); // booleans as 1/0
    expect(p.stds.c).toBe(0);
    expect(p.categories.k).toEqual(['a', 'b']);
    expect(p.columns.map((c) => c.name)).toEqual(['a', 'c', 'flag', 'k=a', 'k=b']);
  });

  it('standardises, centres constant columns only, imputes the mean, zeros unseen/missing categories', () => {
    const x = Array.from(transformRow(p, { a: 3, c: 7, flag: true, k: 'b' }));
    expect(x[0]).toBeCloseTo(1 / Math.sqrt(2 / 3), 12);
    expect(x[1]).toBe(2); // std 0: 7 − 5, not divided
    expect(x[2]).toBeCloseTo((1 - 1 / 3) / p.stds.flag, 12);
    expect(x.slice(3)).toEqual([0, 1]);
    expect(Array.from(transformRow(p, { a: null, c: undefined, k: 'zzz' }))).toEqual([0, 0, 0, 0, 0]);
    expect(Array.from(transformRow(p, { a: 'oops', k: '' }))).toEqual([0, 0, 0, 0, 0]);
  });

  it('uses only the rows it is given (no leakage from later rows)', () => {
    const q = fitFeaturePipeline(train.slice(0, 2), { numeric: ['a'], categorical: ['k'] });
    expect(q.means.a).toBe(1.5);
    expect(q.stds.a).toBe(0.5);
  });

  it('rejects a feature listed twice', () => {
    expect(() => fitFeaturePipeline(train, { numeric: ['a'], categorical: ['a'] })).toThrow(/twice/);
  });
});
