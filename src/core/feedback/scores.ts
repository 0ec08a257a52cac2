/**
 * Validation of survey scores, returning the reason a score is rejected (null when valid).
 * NPS: an integer 0..10. CSAT: an integer 1..5.
 */

function integerInRangeError(score: unknown, min: number, max: number, what: string): string | null {
  if (typeof score !== 'number' || Number.isNaN(score)) return `${what} must be a number`;
  if (!Number.isInteger(score)) return `${what} must be a whole number`;
  if (score < min || score > max) return `${what} must be between ${min} and ${max}`;
  return null;
}

/** null when `score` is a valid NPS answer (integer 0..10), otherwise the reason. */
export function validateNpsScore(score: unknown): string | null {
  return integerInRangeError(score, 0, 10, 'NPS score');
}

/** null when `score` is a valid CSAT answer (integer 1..5), otherwise the reason. */
export function validateCsatScore(score: unknown): string | null {
  return integerInRangeError(score, 1, 5, 'CSAT score');
}
