export type { CustomerPeriodFacts, MrrMovementLike, MrrMovementType, Period } from './types';
export { MRR_MOVEMENT_TYPES } from './types';
export {
  accountFacts,
  checkFacts,
  deriveMovementType,
  factsFromMovements,
  groupMovementsByAccount,
  mrrLookupFromMovements,
  totalMrrLookupFromMovements,
  validateAccountMovements,
} from './facts';
export {
  DAYS_PER_MONTH,
  MS_PER_DAY,
  arpaCents,
  arrFromMrrCents,
  arrGrowthPct,
  clvCents,
  divRoundHalfUp,
  expectedLifetimeMonths,
  growthPct,
  monthlyChurnFraction,
  percentage,
  periodDays,
  quickRatio,
  subscriptionClvCents,
} from './formulas';
export type { MrrMovementTotals, RetentionMetrics, StartCohortTotals } from './retention';
export {
  assertValidFacts,
  churnRatePct,
  computeRetentionMetrics,
  customerRetentionRatePct,
  grrPct,
  isAcquired,
  nrrPct,
  sumMovements,
} from './retention';
export type { MrrWaterfallRow, PeriodBucket, PeriodUnit } from './periods';
export {
  addUtcPeriods,
  mrrWaterfall,
  mrrWaterfallFromMovements,
  periodBuckets,
  periodStarts,
  qoqMrrGrowthPct,
  startOfUtcPeriod,
  yoyMrrGrowthPct,
} from './periods';
export type { CustomerRetentionCost, RetentionCost, RetentionCostCategory } from './crc';
export { RETENTION_COST_CATEGORIES, customerRetentionCost, proratedCostCents, utcDayNumber } from './crc';
export type { CohortCustomer, CohortPeriodRetention, CohortRetentionRow, CohortUnit } from './cohorts';
export { cohortRetention, mrrLookupFromSnapshots } from './cohorts';
export * from './reporting';
