/** Evaluation metrics for probabilistic binary predictions. Labels are 0/1. */

function checkInputs(scores: readonly number[], labels: readonly number[]): void {
  if (scores.length !== labels.length) throw new Error(`${scores.length} scores but ${labels.length} labels`);
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] !== 0 && labels[i] !== 1) throw new Error(`label ${i} is ${labels[i]}, expected 0 or 1`);
    if (!Number.isFinite(scores[i])) throw new Error(`score ${i} is not a finite number`);
  }
}

/**
 * ROC AUC = P(score of a random positive > score of a random negative) + ½ P(tie):
 * the Mann–Whitney U statistic from average ranks. NaN when there are no positives or no negatives.
 */
export function rocAuc(scores: readonly number[], labels: readonly number[]): number {
  checkInputs(scores, labels);
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let rankSumPos = 0;
  let pos = 0;
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1]] === scores[order[i]]) j++;
    const avgRank = (i + j + 2) / 2; // ranks are 1-based: i+1 .. j+1
    for (let k = i; k <= j; k++) {
      if (labels[order[k]] === 1) {
        rankSumPos += avgRank;
        pos++;
      }
    }
    i = j + 1;
  }
  const neg = n - pos;
  if (pos === 0 || neg === 0) return NaN;
  return (rankSumPos - (pos * (pos + 1)) / 2) / (pos * neg);
}

/**
 * PR AUC as average precision: AP = Σ_t (R_t − R_{t−1}) · P_t over the distinct score thresholds
 * taken from high to low (tied scores enter together), as scikit-learn's average_precision_score.
 * NaN when there are no positives.
 */
export function prAuc(scores: readonly number[], labels: readonly number[]): number {
  checkInputs(scores, labels);
  const n = scores.length;
  let totalPos = 0;
  for (const l of labels) totalPos += l;
  if (totalPos === 0) return NaN;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b] - scores[a]);
  let tp = 0;
  let prevRecall = 0;
  let ap = 0;
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1]] === scores[order[i]]) j++;
    for (let k = i; k <= j; k++) tp += labels[order[k]];
    const seen = j + 1;
    const recall = tp / totalPos;
    const precision = tp / seen;
    ap += (recall - prevRecall) * precision;
    prevRecall = recall;
    i = j + 1;
  }
  return ap;
}

/** Brier score: mean squared difference between predicted probability and the 0/1 outcome. */
export function brierScore(probabilities: readonly number[], labels: readonly number[]): number {
  checkInputs(probabilities, labels);
  if (labels.length === 0) return NaN;
  let s = 0;
  for (let i = 0; i < labels.length; i++) s += (probabilities[i] - labels[i]) ** 2;
  return s / labels.length;
}

export interface CalibrationBin {
  binStart: number;
  binEnd: number;
  count: number;
  /** Mean predicted probability in the bin; null when the bin is empty. */
  meanPredicted: number | null;
  /** Share of positives in the bin; null when the bin is empty. */
  observedRate: number | null;
}

/**
 * Reliability table over equal-width bins of predicted probability: bin k covers
 * [k/bins, (k+1)/bins), except that p = 1 falls in the last bin. Probabilities must be in [0, 1].
 */
export function calibrationTable(
  probabilities: readonly number[],
  labels: readonly number[],
  bins = 10,
): CalibrationBin[] {
  checkInputs(probabilities, labels);
  if (!Number.isInteger(bins) || bins < 1) throw new Error(`bins must be a positive integer, got ${bins}`);
  const count = new Array<number>(bins).fill(0);
  const sumP = new Array<number>(bins).fill(0);
  const sumY = new Array<number>(bins).fill(0);
  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i];
    if (p < 0 || p > 1) throw new Error(`probability ${i} is ${p}, outside [0, 1]`);
    const k = Math.min(bins - 1, Math.floor(p * bins));
    count[k]++;
    sumP[k] += p;
    sumY[k] += labels[i];
  }
  return count.map((c, k) => ({
    binStart: k / bins,
    binEnd: (k + 1) / bins,
    count: c,
    meanPredicted: c > 0 ? sumP[k] / c : null,
    observedRate: c > 0 ? sumY[k] / c : null,
  }));
}

/** Mean and population standard deviation (divide by n, as numpy's default) of a list. */
export function meanAndStd(values: readonly number[]): { mean: number; std: number } {
  if (values.length === 0) return { mean: NaN, std: NaN };
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const v = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
  return { mean, std: Math.sqrt(v) };
}
