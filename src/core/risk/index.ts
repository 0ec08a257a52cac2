/** Churn-risk model: features pipeline, L2 logistic regression, explanations, evaluation, heuristic fallback. */
export * from './types';
export {
  fitFeaturePipeline,
  transformRow,
  transformRows,
  numericValue,
  categoricalValue,
  clipValue,
  quantileSorted,
  missingColumnName,
} from './features';
export { fitLogistic, sigmoid, LogisticFit, LogisticFitOptions } from './logistic';
export { fitRiskModel, predictRisk, predictRiskBatch, explainRisk, FitRiskModelOptions, Label } from './model';
export { rocAuc, prAuc, brierScore, calibrationTable, meanAndStd, CalibrationBin } from './metrics';
export { mulberry32, shuffleInPlace, stratifiedKFold, timeBasedHoldout, Fold, TimeHoldout } from './folds';
export {
  heuristicRiskFromHealth,
  riskBand,
  shouldUseHeuristic,
  DEFAULT_RISK_CUTOFFS,
  MIN_EVENTS_FOR_MODEL,
  HeuristicRisk,
} from './heuristic';
export { crossValidateRiskModel, CrossValidationResult, CrossValidateOptions, FoldResult } from './evaluate';
export { parseTelcoCsv, TELCO_BASIC_SPEC, TELCO_EXTENDED_SPEC, TelcoData, TelcoFeatureSet } from './telco';
export { driverLabel, featureTitle } from './driver-labels';
export {
  contradictions,
  fitWithDirections,
  withoutFeatures,
  DirectedFit,
  DirectionWarning,
  FeatureDirection,
} from './directions';
export {
  trainChurnModel,
  featureCoverage,
  thinGroups,
  brierSkillScore,
  FeatureCoverage,
  TrainingEvaluation,
  TrainingOptions,
  TrainingOutcome,
  TrainingSnapshot,
} from './training';
export { alarmingFlags, healthDisagreementNote, LabelledContribution, NoteContext } from './health-agreement';
