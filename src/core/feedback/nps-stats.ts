/**
 * NPS and CSAT maths used by the feedback module (pure: no framework imports).
 *
 * - Categories: 9–10 PROMOTER, 7–8 PASSIVE, 0–6 DETRACTOR.
 * - NPS = 100 × (promoters − detractors) / responses; passives stay in the denominator; −100..100.
 * - 95 % interval by the adjusted-Wald method (Rocks 2016, "An Adjusted-Wald Confidence Interval for the
 *   Net Promoter Score"): n' = n + 3, p' = (promoters + 0.75) / n', d' = (detractors + 0.75) / n',
 *   NPS' = p' − d', Var = [p' + d' − (p' − d')²] / n', interval NPS' ± z·√Var with z = 1.96,
 *   in points (× 100) and clamped to [−100, 100] (the raw bounds can overshoot ±100 near the extremes).
 *   The interval is centred on the adjusted NPS', not on the raw NPS.
 * - No responses → every figure is null (not 0): there is no score to report.
 */
export type NpsCategoryName = 'PROMOTER' | 'PASSIVE' | 'DETRACTOR';

export const NPS_Z_95 = 1.96;

export function isNpsScore(score: unknown): score is number {
  return typeof score === 'number' && Number.isInteger(score) && score >= 0 && score <= 10;
}

export function isCsatScore(score: unknown): score is number {
  return typeof score === 'number' && Number.isInteger(score) && score >= 1 && score <= 5;
}

/** The category of a valid NPS score; throws on anything else (validate first). */
export function npsCategoryOf(score: number): NpsCategoryName {
  if (!isNpsScore(score)) throw new RangeError(`not an NPS score: ${String(score)}`);
  return score >= 9 ? 'PROMOTER' : score >= 7 ? 'PASSIVE' : 'DETRACTOR';
}

export interface NpsCounts {
  promoters: number;
  passives: number;
  detractors: number;
}

export interface NpsFigures {
  responses: number;
  promoters: number;
  passives: number;
  detractors: number;
  nps: number | null;
  confidenceLow: number | null;
  confidenceHigh: number | null;
}

/** NPS in points, or null when there are no responses. */
export function npsOf(c: NpsCounts): number | null {
  const n = c.promoters + c.passives + c.detractors;
  return n === 0 ? null : (100 * (c.promoters - c.detractors)) / n;
}

/** The adjusted-Wald 95 % interval in points, or null when there are no responses. */
export function npsAdjustedWald(c: NpsCounts, z = NPS_Z_95): { low: number; high: number } | null {
  for (const v of [c.promoters, c.passives, c.detractors]) {
    if (!Number.isInteger(v) || v < 0) throw new RangeError('counts must be non-negative integers');
  }
  const n = c.promoters + c.passives + c.detractors;
  if (n === 0) return null;
  const nAdj = n + 3;
  const p = (c.promoters + 0.75) / nAdj;
  const d = (c.detractors + 0.75) / nAdj;
  const center = p - d;
  const variance = (p + d - center * center) / nAdj;
  const margin = z * Math.sqrt(variance);
  return { low: Math.max(-100, 100 * (center - margin)), high: Math.min(100, 100 * (center + margin)) };
}

/** Everything an NPS summary reports, from the counts by category. */
export function npsFigures(c: NpsCounts): NpsFigures {
  const interval = npsAdjustedWald(c);
  return {
    responses: c.promoters + c.passives + c.detractors,
    promoters: c.promoters,
    passives: c.passives,
    detractors: c.detractors,
    nps: npsOf(c),
    confidenceLow: interval?.low ?? null,
    confidenceHigh: interval?.high ?? null,
  };
}
