import { fitLogistic, sigmoid } from '../logistic';
import { explainRisk, fitRiskModel, predictRisk, predictRiskBatch } from '../model';
import { FeatureRow } from '../types';

describe('fitLogistic', () => {
  it('keeps coefficients finite on separable data thanks to L2, predictions on the correct side', () => {
    const X = [-2, -1, 1, 2].map((v) => Float64Array.of(v));
    const y = [0, 0, 1, 1];
    for (const l2 of [1, 0.01]) {
      const fit = fitLogistic(X, y, { l2 });
      expect(fit.converged).toBe(true);
      expect(Number.isFinite(fit.coefficients[0])).toBe(true);
      expect(fit.coefficients[0]).toBeGreaterThan(0);
      expect(fit.coefficients[0]).toBeLessThan(50);
      // Symmetric data: the intercept is 0.
      expect(fit.intercept).toBeCloseTo(0, 10);
      const p = X.map((x) => sigmoid(fit.intercept + fit.coefficients[0] * x[0]));
      expect(p[0]).toBeLessThan(0.5);
      expect(p[1]).toBeLessThan(0.5);
      expect(p[2]).toBeGreaterThan(0.5);
      expect(p[3]).toBeGreaterThan(0.5);
      for (const g of fit.gradient) expect(Math.abs(g)).toBeLessThan(1e-8);
    }
    // Weaker penalty → larger coefficient.
    expect(fitLogistic(X, y, { l2: 0.01 }).coefficients[0]).toBeGreaterThan(
      fitLogistic(X, y, { l2: 1 }).coefficients[0],
    );
  });

  // Binary feature: at x = −1, 1 churn of 4; at x = +1, 3 churns of 4.
  const X = [-1, -1, -1, -1, 1, 1, 1, 1].map((v) => Float64Array.of(v));
  const y = [1, 0, 0, 0, 1, 1, 1, 0];

  it('without penalty recovers the hand-worked MLE: b0 = 0, b = ln 3 (p = 1/4 and 3/4)', () => {
    const fit = fitLogistic(X, y, { l2: 0 });
    expect(fit.converged).toBe(true);
    expect(fit.intercept).toBeCloseTo(0, 10);
    expect(fit.coefficients[0]).toBeCloseTo(Math.log(3), 10); // 1.0986…
    expect(sigmoid(fit.intercept - fit.coefficients[0])).toBeCloseTo(0.25, 10);
    expect(sigmoid(fit.intercept + fit.coefficients[0])).toBeCloseTo(0.75, 10);
  });

  it('with l2 = 1 solves the stationarity equation 6 − 8σ(b) = b (b0 = 0 by symmetry)', () => {
    // ∂/∂b: Σ(p − y)x + b = (4σ(b) − 3) − (4σ(−b) − 1)... = 8σ(b) − 6 + b = 0. Solve by bisection here.
    let lo = 0;
    let hi = Math.log(3); // at b = ln 3, 8σ − 6 + b = ln 3 > 0; at 0: −2 < 0
    for (let i = 0; i < 200; i++) {
      const mid = (lo + hi) / 2;
      if (8 * sigmoid(mid) - 6 + mid > 0) hi = mid;
      else lo = mid;
    }
    expect(lo).toBeGreaterThan(0.68);
    expect(lo).toBeLessThan(0.69);
    const fit = fitLogistic(X, y, { l2: 1 });
    expect(fit.intercept).toBeCloseTo(0, 10);
    expect(fit.coefficients[0]).toBeCloseTo(lo, 10);
    // Gradient of the penalised objective is zero at the solution.
    const b = fit.coefficients[0];
    let g0 = 0;
    let g1 = b;
    X.forEach((x, i) => {
      const r = sigmoid(fit.intercept + b * x[0]) - y[i];
      g0 += r;
      g1 += r * x[0];
    });
    expect(Math.abs(g0)).toBeLessThan(1e-10);
    expect(Math.abs(g1)).toBeLessThan(1e-10);
  });

  it('does not penalise the intercept: all-positive-rate data keeps the intercept at logit(rate)', () => {
    // Feature carries no signal (same rate at both values): b = 0, b0 = logit(0.25) = −ln 3 for any l2.
    const Xn = [-1, -1, -1, -1, 1, 1, 1, 1].map((v) => Float64Array.of(v));
    const yn = [1, 0, 0, 0, 1, 0, 0, 0];
    const fit = fitLogistic(Xn, yn, { l2: 100 });
    expect(fit.coefficients[0]).toBeCloseTo(0, 10);
    expect(fit.intercept).toBeCloseTo(-Math.log(3), 10);
  });

  it('rejects bad input', () => {
    expect(() => fitLogistic([], [])).toThrow(/zero rows/);
    expect(() => fitLogistic([Float64Array.of(1)], [2])).toThrow(/0 or 1/);
    expect(() => fitLogistic([Float64Array.of(1)], [1], { l2: -1 })).toThrow(/l2/);
  });

  it('is deterministic', () => {
    const a = fitLogistic(X, y, { l2: 0.5 });
    const b = fitLogistic(X, y, { l2: 0.5 });
    expect(a).toEqual(b);
  });
});

describe('fitRiskModel / predictRisk / explainRisk', () => {
  // Raw x: 0 at four rows, 10 at four rows → mean 5, population std 5 → standardised ±1.
  // Same churn pattern as above, so with l2 = 0 the standardised coefficient is ln 3.
  const rows: FeatureRow[] = [0, 0, 0, 0, 10, 10, 10, 10].map((x) => ({ x }));
  const labels = [1, 0, 0, 0, 1, 1, 1, 0];

  it('standardises with training mean / population std and matches the hand-worked fit', () => {
    const m = fitRiskModel(rows, labels, { numeric: ['x'], categorical: [] }, { l2: 0 });
    expect(m.means.x).toBe(5);
    expect(m.stds.x).toBe(5);
    expect(m.coefficients[0]).toBeCloseTo(Math.log(3), 9);
    expect(predictRisk(m, { x: 0 })).toBeCloseTo(0.25, 9);
    expect(predictRisk(m, { x: 10 })).toBeCloseTo(0.75, 9);
    // Missing numeric → training mean → standardised 0 → p = σ(b0) = 0.5.
    expect(predictRisk(m, { x: null })).toBeCloseTo(0.5, 9);
    expect(predictRisk(m, {})).toBeCloseTo(0.5, 9);
    expect(predictRisk(m, { x: NaN })).toBeCloseTo(0.5, 9);
  });

  it('serialises to JSON and predicts the same after a round trip', () => {
    const m = fitRiskModel(
      rows.map((r, i) => ({ ...r, seg: i % 3 === 0 ? 'SMB' : 'ENT' })),
      labels,
      { numeric: ['x'], categorical: ['seg'] },
      { l2: 1 },
    );
    const back = JSON.parse(JSON.stringify(m));
    expect(back).toEqual(m);
    expect(back.featureNames).toEqual(['x', 'seg=ENT', 'seg=SMB']);
    for (const r of [
      { x: 3, seg: 'SMB' },
      { x: 9, seg: 'MID' },
      { x: null, seg: null },
    ]) {
      expect(predictRisk(back, r)).toBe(predictRisk(m, r));
    }
  });

  it('accepts boolean labels and matches 0/1 labels', () => {
    const a = fitRiskModel(rows, labels, { numeric: ['x'], categorical: [] });
    const b = fitRiskModel(
      rows,
      labels.map((l) => l === 1),
      { numeric: ['x'], categorical: [] },
    );
    expect(b.coefficients).toEqual(a.coefficients);
    expect(() => fitRiskModel(rows, labels.slice(1), { numeric: ['x'], categorical: [] })).toThrow(/labels/);
  });

  it('explains a prediction with signed contributions coef × standardised value, readable one-hot names', () => {
    const acct: FeatureRow[] = [
      { activeDays30: 2, nps: null, segment: 'SMB' },
      { activeDays30: 25, nps: 9, segment: 'ENT' },
      { activeDays30: 5, nps: 3, segment: 'SMB' },
      { activeDays30: 28, nps: 10, segment: 'MID' },
      { activeDays30: 1, nps: 2, segment: 'SMB' },
      { activeDays30: 20, nps: null, segment: 'ENT' },
      { activeDays30: 12, nps: 7, segment: 'MID' },
      { activeDays30: 15, nps: 4, segment: 'SMB' },
    ];
    const y = [1, 0, 1, 0, 1, 0, 0, 1];
    const spec = { numeric: ['activeDays30', 'nps'], categorical: ['segment'] };
    const m = fitRiskModel(acct, y, spec, { l2: 1 });
    expect(m.featureNames).toEqual(['activeDays30', 'nps', 'segment=ENT', 'segment=MID', 'segment=SMB']);

    const row = { activeDays30: 3, nps: null, segment: 'SMB' };
    const e = explainRisk(m, row, 5);
    expect(e.method).toBe('LOGISTIC');
    expect(e.probability).toBeCloseTo(predictRisk(m, row), 12);
    // nps is missing (imputed → 0 contribution) and only the active segment column contributes.
    expect(e.drivers.map((d) => d.feature).sort()).toEqual(['activeDays30', 'segment=SMB']);
    const active = e.drivers.find((d) => d.feature === 'activeDays30')!;
    const z = (3 - m.means.activeDays30) / m.stds.activeDays30;
    expect(active.designValue).toBeCloseTo(z, 12);
    expect(active.contribution).toBeCloseTo(m.coefficients[0] * z, 12);
    expect(active.contribution).toBeGreaterThan(0); // few active days raises risk in this data
    expect(active.value).toBe(3);
    const seg = e.drivers.find((d) => d.feature === 'segment=SMB')!;
    expect(seg.source).toBe('segment');
    expect(seg.value).toBe('SMB');
    expect(seg.contribution).toBeCloseTo(m.coefficients[4], 12);
    // Sorted by |contribution|, and the log-odds add up.
    expect(Math.abs(e.drivers[0].contribution)).toBeGreaterThanOrEqual(Math.abs(e.drivers[1].contribution));
    expect(e.intercept + e.drivers.reduce((s, d) => s + d.contribution, 0)).toBeCloseTo(e.logOdds, 12);
    // k limits the list.
    expect(explainRisk(m, row, 1).drivers).toEqual([e.drivers[0]]);
    // Unseen segment: all one-hot columns 0.
    expect(explainRisk(m, { activeDays30: 3, nps: 5, segment: 'NEW' }, 5).drivers.map((d) => d.feature)).not.toContain(
      'segment=NEW',
    );
  });

  it('predictRiskBatch equals predictRisk row by row', () => {
    const m = fitRiskModel(rows, labels, { numeric: ['x'], categorical: [] });
    const batch = [{ x: 1 }, { x: 7 }, { x: null }];
    expect(predictRiskBatch(m, batch)).toEqual(batch.map((r) => predictRisk(m, r)));
  });
});
