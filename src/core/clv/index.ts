/**
 * Customer-lifetime-value models (pure math, no I/O):
 * - sBG (contractual: retention curves, survival, DERL), fit per segment on one or pooled cohorts;
 * - BG/NBD (non-contractual purchase counts: expected purchases, P(alive));
 * - Gamma-Gamma (spend per transaction).
 * See docs/models-clv.md for formulas, likelihoods and verification.
 */
export {
  fitSbg,
  sbgRetention,
  sbgSurvival,
  sbgChurnProbability,
  sbgLogLikelihood,
  sbgDerl,
  monthlyDiscountRate,
} from './sbg';
export type { SbgFit, SbgFitOptions } from './sbg';

export {
  fitBgNbd,
  bgNbdExpectedPurchases,
  bgNbdExpectedPurchasesNewCustomer,
  bgNbdProbabilityAlive,
  bgNbdLogLikelihood,
} from './bgnbd';
export type { BgNbdRow, BgNbdParams, BgNbdFit, BgNbdFitOptions } from './bgnbd';

export { fitGammaGamma, gammaGammaExpectedValue, gammaGammaMeanValue, gammaGammaLogLikelihood } from './gamma-gamma';
export type { GammaGammaRow, GammaGammaParams, GammaGammaFit, GammaGammaFitOptions } from './gamma-gamma';

export { parseNumericCsv, bgNbdRowsFromCsv, gammaGammaRowsFromCsv } from './data';
export type { NumericTable } from './data';
