/** Health-score engine (pure): scales, weights, coverage, bands, raw measures, trend, red flags, overrides. */
export * from './scorecard-scoring';
export * from './raw-measures';
export * from './red-flag-rules';
// Reference implementations over plain per-account data: test oracles for the SQL path, not used by the service.
export * from './reference/flag-data';
export * from './reference/engine';
