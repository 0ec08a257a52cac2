export type { NpsCategoryName, NpsCounts, NpsFigures } from './nps-stats';
export { NPS_Z_95, isCsatScore, isNpsScore, npsAdjustedWald, npsCategoryOf, npsFigures, npsOf } from './nps-stats';
export { validateCsatScore, validateNpsScore } from './scores';
export type { NpsSummary } from './nps';
export { npsCategory, npsCountsFromScores, npsSummary } from './nps';
export type { CsatSummary } from './csat';
export { csatSummary, csatSummaryFromCounts } from './csat';
