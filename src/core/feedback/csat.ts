/**
 * CSAT: answers 1..5. CSAT % = share of satisfied answers (4 or 5) among all answers, in percent;
 * average = mean of the answers. Both null without answers.
 */
import { validateCsatScore } from './scores';

export interface CsatSummary {
  responses: number;
  /** Count of answers 1..5 (index 0 = score 1). */
  distribution: [number, number, number, number, number];
  satisfied: number;
  csatPct: number | null;
  average: number | null;
}

/** CSAT summary from raw answers (throws on an invalid answer, with the reason). */
export function csatSummary(scores: readonly number[]): CsatSummary {
  const distribution: [number, number, number, number, number] = [0, 0, 0, 0, 0];
  let sum = 0;
  for (const s of scores) {
    const problem = validateCsatScore(s);
    if (problem) throw new RangeError(`${problem}: ${String(s)}`);
    distribution[s - 1]++;
    sum += s;
  }
  return csatSummaryFromDistribution(distribution, sum);
}

/** CSAT summary from counts per score (index 0 = score 1), e.g. as a GROUP BY returns them. */
export function csatSummaryFromCounts(counts: readonly number[]): CsatSummary {
  if (counts.length !== 5) throw new RangeError('CSAT counts must have 5 entries (scores 1..5)');
  for (const c of counts)
    if (!Number.isSafeInteger(c) || c < 0) throw new RangeError('counts must be non-negative integers');
  const distribution = [...counts] as [number, number, number, number, number];
  return csatSummaryFromDistribution(
    distribution,
    distribution.reduce((s, c, i) => s + c * (i + 1), 0),
  );
}

function csatSummaryFromDistribution(distribution: [number, number, number, number, number], sum: number): CsatSummary {
  const n = distribution.reduce((a, b) => a + b, 0);
  const satisfied = distribution[3] + distribution[4];
  return {
    responses: n,
    distribution,
    satisfied,
    csatPct: n === 0 ? null : (100 * satisfied) / n,
    average: n === 0 ? null : sum / n,
  };
}
