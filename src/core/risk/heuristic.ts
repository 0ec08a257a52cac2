import { RiskBand, RiskCutoffs } from './types';

/** Below this many churn events in the training data the logistic model is not fitted. */
export const MIN_EVENTS_FOR_MODEL = 20;

/** True when the labels hold too few churn events (or too few non-events) to fit the model. */
export function shouldUseHeuristic(labels: readonly (number | boolean)[], minEvents = MIN_EVENTS_FOR_MODEL): boolean {
  let pos = 0;
  for (const l of labels) if (l === 1 || l === true) pos++;
  return pos < minEvents || labels.length - pos < minEvents;
}

export interface HeuristicRisk {
  probability: number;
  method: 'HEURISTIC';
  /** The health score used, after clamping to [0, 100]. */
  healthScore: number;
}

/**
 * Fallback churn probability from a health score 0..100 (higher = healthier):
 *
 *   p = 0.05 + 0.90 · (1 − s/100)²,   s clamped to [0, 100]
 *
 * Strictly decreasing in s, from 0.95 at s = 0 to 0.05 at s = 100 (never 0 or 1: a heuristic is
 * never certain). The square keeps healthy accounts low: s = 70 → 0.131, s = 50 → 0.275,
 * s = 30 → 0.491, s = 20 → 0.626. With the default bands (0.2 / 0.5): LOW above s ≈ 59.18,
 * HIGH below s ≈ 29.29, MEDIUM between.
 */
export function heuristicRiskFromHealth(healthScore: number): HeuristicRisk {
  if (typeof healthScore !== 'number' || Number.isNaN(healthScore)) {
    throw new Error(`health score must be a number, got ${String(healthScore)}`);
  }
  const s = Math.min(100, Math.max(0, healthScore));
  const u = 1 - s / 100;
  return { probability: 0.05 + 0.9 * u * u, method: 'HEURISTIC', healthScore: s };
}

/** Default bands: p < 0.2 LOW, 0.2 ≤ p < 0.5 MEDIUM, p ≥ 0.5 HIGH. */
export const DEFAULT_RISK_CUTOFFS: Readonly<RiskCutoffs> = Object.freeze({ low: 0.2, high: 0.5 });

/** Risk band of a probability: p < low → LOW, p < high → MEDIUM, else HIGH. */
export function riskBand(p: number, cutoffs: RiskCutoffs = DEFAULT_RISK_CUTOFFS): RiskBand {
  const { low, high } = cutoffs;
  if (!(low >= 0 && low <= high && high <= 1)) {
    throw new Error(`risk cut-offs must satisfy 0 ≤ low ≤ high ≤ 1, got low=${low} high=${high}`);
  }
  if (Number.isNaN(p)) throw new Error('probability is NaN');
  if (p < low) return 'LOW';
  if (p < high) return 'MEDIUM';
  return 'HIGH';
}
