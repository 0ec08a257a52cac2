import { contradictions, fitRiskModel, fitWithDirections, mulberry32, withoutFeatures } from '..';

/**
 * Synthetic book: churn driven by inactivity (days since last activity raises risk). `decoy` is a feature whose
 * documented direction (raises risk) is wrong in this data: churners have LOW decoy values.
 */
function book(n = 600, seed = 7) {
  const r = mulberry32(seed);
  const rows: Array<Record<string, number>> = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const inactive = Math.floor(r() * 60);
    const p = 1 / (1 + Math.exp(-(-3 + 0.08 * inactive)));
    const y = r() < p ? 1 : 0;
    rows.push({ inactive, decoy: (y ? 0 : 5) + r() * 3, noise: r() });
    labels.push(y);
  }
  return { rows, labels };
}

describe('known directions: policy "drop and refit, with a warning"', () => {
  const { rows, labels } = book();
  const spec = { numeric: ['inactive', 'decoy', 'noise'], categorical: [] };
  const directions = { inactive: 1, decoy: 1 } as const;

  it('an unconstrained fit contradicts the documented direction of decoy', () => {
    const m = fitRiskModel(rows, labels, spec);
    expect(contradictions(m, directions).map((c) => c.feature)).toEqual(['decoy']);
  });

  it('drops the contradicting feature, refits, and records the warning on the model', () => {
    const fit = fitWithDirections(rows, labels, spec, directions);
    expect(fit.dropped).toEqual(['decoy']);
    expect(fit.model.featureNames).toEqual(['inactive', 'noise']);
    expect(fit.warnings).toHaveLength(1);
    expect(fit.warnings[0]).toMatchObject({ feature: 'decoy', expected: 'RAISES_RISK', action: 'DROPPED' });
    expect(fit.warnings[0].coefficient).toBeLessThan(0);
    expect(fit.warnings[0].message).toMatch(
      /^decoy: fitted coefficient -\d.*lowers risk, against its documented direction \(raises risk\); dropped and refitted$/,
    );
    expect(contradictions(fit.model, directions)).toEqual([]);
    // The kept feature has its documented sign.
    expect(fit.model.coefficients[0]).toBeGreaterThan(0);
  });

  it('a fit that agrees with every direction keeps all features and has no warning', () => {
    const fit = fitWithDirections(rows, labels, spec, { inactive: 1 });
    expect(fit.dropped).toEqual([]);
    expect(fit.warnings).toEqual([]);
    expect(fit.model.featureNames).toEqual(['inactive', 'decoy', 'noise']);
  });

  it('withoutFeatures removes a feature from numerics, log lists and groups (and empty groups)', () => {
    expect(
      withoutFeatures(
        { numeric: ['a', 'b'], categorical: ['s'], log: ['a'], missingGroups: { g: ['a'], h: ['a', 'b'] } },
        ['a'],
      ),
    ).toEqual({ numeric: ['b'], categorical: ['s'], log: [], missingGroups: { h: ['b'] } });
  });
});
