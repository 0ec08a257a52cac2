import { registerEnumType } from '@nestjs/graphql';
import { HEALTH_BANDS, HealthBand as CoreHealthBand, TREND_DIRECTIONS } from '../../core/health/scorecard-scoring';
import type { TrendDirection as CoreTrendDirection } from '../../core/health/scorecard-scoring';
import { RED_FLAG_TYPES } from '../../core/health/red-flag-rules';
import { RISK_BANDS, RiskBand as CoreRiskBand } from '../../core/risk/types';

/**
 * The GraphQL enums of vocabularies several modules share, derived from their one definition in src/core and
 * registered here once: a module uses them from here, never from another module's models.
 */

/** An enum-like object `{ A: 'A', … }` of core's values, registered as GraphQL enum `name`. */
export function graphqlEnumOf<T extends string>(
  values: readonly T[],
  name: string,
  description?: string,
): { [K in T]: K } {
  const e = Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };
  registerEnumType(e, { name, ...(description ? { description } : {}) });
  return e;
}

export const HealthBand = graphqlEnumOf(HEALTH_BANDS, 'HealthBand');
export type HealthBand = CoreHealthBand;

export const TrendDirection = graphqlEnumOf(TREND_DIRECTIONS, 'TrendDirection');
export type TrendDirection = CoreTrendDirection;

export const RedFlagTypeEnum = graphqlEnumOf(RED_FLAG_TYPES, 'RedFlagType');

export const RiskBandEnum = graphqlEnumOf(
  RISK_BANDS,
  'RiskBand',
  'p < low → LOW, p < high → MEDIUM, else HIGH (RISK_CUTOFFS, default 0.2,0.5).',
);
export type RiskBandEnum = CoreRiskBand;
