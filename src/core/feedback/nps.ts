/**
 * NPS summary with percentages and the adjusted-Wald interval (Rocks 2016), built on nps-stats.
 */
import { NPS_Z_95, NpsCategoryName, NpsCounts, npsAdjustedWald, npsCategoryOf, npsOf } from './nps-stats';
import { validateNpsScore } from './scores';

export interface NpsSummary {
  responses: number;
  promoters: number;
  passives: number;
  detractors: number;
  /** Shares in percent (null without responses). */
  promoterPct: number | null;
  passivePct: number | null;
  detractorPct: number | null;
  /** %promoters − %detractors, −100..100 (null without responses). */
  nps: number | null;
  /** Adjusted NPS = 100 × (p − d) with p = (P + 0.75)/(n + 3), d = (D + 0.75)/(n + 3): the interval's centre. */
  adjustedNps: number | null;
  /** 1.96 × √variance × 100 (before clamping). */
  marginOfError: number | null;
  /** adjusted ± margin, clamped to [−100, 100]. */
  confidenceLow: number | null;
  confidenceHigh: number | null;
}

/** The category of an NPS score: 9–10 PROMOTER, 7–8 PASSIVE, 0–6 DETRACTOR (throws when invalid). */
export function npsCategory(score: number): NpsCategoryName {
  return npsCategoryOf(score);
}

/** Counts by category from raw scores (throws on the first invalid score, with the reason). */
export function npsCountsFromScores(scores: readonly number[]): NpsCounts {
  const c: NpsCounts = { promoters: 0, passives: 0, detractors: 0 };
  for (const s of scores) {
    const problem = validateNpsScore(s);
    if (problem) throw new RangeError(`${problem}: ${String(s)}`);
    const cat = npsCategoryOf(s);
    if (cat === 'PROMOTER') c.promoters++;
    else if (cat === 'PASSIVE') c.passives++;
    else c.detractors++;
  }
  return c;
}

/** Full NPS summary from counts by category; every figure null (not 0) without responses. */
export function npsSummary(c: NpsCounts): NpsSummary {
  const interval = npsAdjustedWald(c); // validates the counts
  const n = c.promoters + c.passives + c.detractors;
  const share = (k: number): number | null => (n === 0 ? null : (100 * k) / n);
  let adjustedNps: number | null = null;
  let marginOfError: number | null = null;
  if (n > 0) {
    const nAdj = n + 3;
    const p = (c.promoters + 0.75) / nAdj;
    const d = (c.detractors + 0.75) / nAdj;
    adjustedNps = 100 * (p - d);
    marginOfError = 100 * NPS_Z_95 * Math.sqrt((p + d - (p - d) * (p - d)) / nAdj);
  }
  return {
    responses: n,
    promoters: c.promoters,
    passives: c.passives,
    detractors: c.detractors,
    promoterPct: share(c.promoters),
    passivePct: share(c.passives),
    detractorPct: share(c.detractors),
    nps: npsOf(c),
    adjustedNps,
    marginOfError,
    confidenceLow: interval?.low ?? null,
    confidenceHigh: interval?.high ?? null,
  };
}
