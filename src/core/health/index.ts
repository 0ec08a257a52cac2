/** Health-score engine (pure): scales, weights, coverage, bands, raw measures, trend, red flags, overrides. */
export * from './scorecard-scoring';
export * from './raw-measures';
export * from './red-flag-rules';
export * from './flag-data';
export * from './engine';
