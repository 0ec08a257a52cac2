import { clipValue, explainRisk, fitFeaturePipeline, fitRiskModel, quantileSorted, transformRow } from '..';

describe('no extrapolation: clipping to training quantiles, log-scaled counts', () => {
  // 101 values 0..100: the 1st and 99th percentiles (type 7) are exactly 1 and 99.
  const rows = Array.from({ length: 101 }, (_, i) => ({ x: i, n: i }));
  const p = fitFeaturePipeline(rows, {
    numeric: ['x', 'n'],
    categorical: [],
    log: ['n'],
    clip: { lower: 0.01, upper: 0.99 },
  });

  it('type-7 quantiles by hand', () => {
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5); // h = 1.5 → 2 + 0.5 · (3 − 2)
    expect(quantileSorted([10], 0.99)).toBe(10);
    expect(p.clipLow).toEqual({ x: 1, n: 1 });
    expect(p.clipHigh).toEqual({ x: 99, n: 99 });
  });

  it('values beyond the training range count as its edge', () => {
    expect(clipValue(p, 'x', 5000)).toBe(99);
    expect(clipValue(p, 'x', -7)).toBe(1);
    expect(clipValue(p, 'x', 50)).toBe(50);
    const far = transformRow(p, { x: 1e9, n: 1e9 });
    const edge = transformRow(p, { x: 99, n: 99 });
    expect(Array.from(far)).toEqual(Array.from(edge));
  });

  it('log features are modelled as ln(1 + clipped x), standardised on the training values', () => {
    // mean of ln(1 + clip(i)) over the 101 training rows
    const shaped = rows.map((r) => Math.log1p(Math.min(99, Math.max(1, r.n))));
    const mean = shaped.reduce((a, b) => a + b, 0) / shaped.length;
    expect(p.means.n).toBeCloseTo(mean, 12);
    const std = Math.sqrt(shaped.reduce((a, b) => a + (b - mean) ** 2, 0) / shaped.length);
    expect(transformRow(p, { x: 50, n: 20 })[1]).toBeCloseTo((Math.log1p(20) - mean) / std, 12);
  });

  it('drivers show the raw value and the clipped value the model used', () => {
    const labels = rows.map((r) => (r.x > 60 ? 1 : 0));
    const m = fitRiskModel(rows, labels, { numeric: ['x'], categorical: [], clip: { lower: 0.01, upper: 0.99 } });
    const [d] = explainRisk(m, { x: 250 }, 1).drivers;
    expect(d).toMatchObject({ feature: 'x', value: 250, clippedValue: 99 });
    expect(explainRisk(m, { x: 40 }, 1).drivers[0]).toMatchObject({ value: 40, clippedValue: 40 });
    // A value 25 × beyond the training range predicts exactly what the range's edge predicts.
    expect(explainRisk(m, { x: 2500 }).probability).toBe(explainRisk(m, { x: 99 }).probability);
  });
});

describe('explicit missingness: one indicator per missing-data group', () => {
  const rows = [
    { a: 1, b: 2, s: 'x' },
    { a: null, b: null, s: 'x' },
    { a: 3, b: null, s: 'y' },
  ];
  const p = fitFeaturePipeline(rows, { numeric: ['a', 'b'], categorical: ['s'], missingGroups: { usage: ['a', 'b'] } });

  it('adds the indicator after the numerics; it is 1 only when every field of the group is missing', () => {
    expect(p.columns.map((c) => c.name)).toEqual(['a', 'b', 'missing:usage', 's=x', 's=y']);
    expect(transformRow(p, rows[1])[2]).toBe(1);
    expect(transformRow(p, rows[2])[2]).toBe(0); // b missing alone: imputed at its mean, group observed
    expect(transformRow(p, rows[0])[2]).toBe(0);
    // The missing numerics are at their training mean (z = 0), so the indicator alone carries "not observed".
    expect(Array.from(transformRow(p, rows[1])).slice(0, 2)).toEqual([0, 0]);
  });

  it('lists the indicator as a driver with no value', () => {
    const data = Array.from({ length: 40 }, (_, i) => ({ a: i % 2 ? null : i, b: null }));
    const y = data.map((r) => (r.a === null ? 1 : 0));
    const m = fitRiskModel(data, y, { numeric: ['a'], categorical: [], missingGroups: { usage: ['a'] } });
    const d = explainRisk(m, { a: null }).drivers.find((x) => x.feature === 'missing:usage')!;
    expect(d.value).toBeNull();
    expect(d.clippedValue).toBeNull();
    expect(d.contribution).toBeGreaterThan(0); // in this data, "no usage data" rows all churned
  });

  it('rejects a group naming an unknown feature, and a log feature that is not numeric', () => {
    expect(() => fitFeaturePipeline(rows, { numeric: ['a'], categorical: [], missingGroups: { g: ['zz'] } })).toThrow(
      /not a feature/,
    );
    expect(() => fitFeaturePipeline(rows, { numeric: ['a'], categorical: ['s'], log: ['s'] })).toThrow(/not a numeric/);
  });
});
