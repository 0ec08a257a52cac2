/**
 * Consistency with health: where the health band and the churn-risk band contradict each other (health RED
 * and risk LOW, or health GREEN and risk HIGH), the risk says why in plain words, from its own drivers.
 */
import type { HealthBand } from '../health/scorecard-scoring';
import { RiskBand } from './types';

export interface LabelledContribution {
  label: string;
  /** > 0 raises risk. */
  contribution: number;
}

/** Red flags that make health alarming on their own, whatever the band (DORMANT, or four flags or more). */
export function alarmingFlags(flags: readonly string[]): boolean {
  return flags.includes('DORMANT') || flags.length >= 4;
}

/**
 * The note shown with a risk that contradicts health, or null when they agree (or health is unknown): risk LOW
 * while health is RED, the account is DORMANT or has four red flags or more; or risk HIGH while health is GREEN.
 * `drivers` are all of the account's drivers (not only the top 5), any order; up to three that pull the risk
 * the way it went are named, strongest first.
 */
export function healthDisagreementNote(
  health: HealthBand | null,
  flags: readonly string[],
  risk: RiskBand,
  drivers: readonly LabelledContribution[],
  horizonDays: number,
): string | null {
  const redLow = (health === 'RED' || alarmingFlags(flags)) && risk === 'LOW';
  const greenHigh = health === 'GREEN' && risk === 'HIGH';
  if (!redLow && !greenHigh) return null;
  const sign = redLow ? -1 : 1;
  const reasons = drivers
    .filter((d) => d.contribution * sign > 0)
    .sort((a, b) => b.contribution * sign - a.contribution * sign)
    .slice(0, 3)
    .map((d) => d.label);
  const flagged = flags.length ? ` (red flags: ${flags.join(', ')})` : '';
  const head = redLow
    ? `Health is ${health ?? 'unknown'}${flagged}, but churn risk is LOW`
    : 'Health is GREEN, but churn risk is HIGH';
  if (reasons.length) return `${head}: ${reasons.join('; ')}.`;
  return redLow
    ? `${head}: accounts like this one rarely churned within ${horizonDays} days in this book's history, and nothing in its data raises that.`
    : `${head}: accounts like this one often churned within ${horizonDays} days in this book's history.`;
}
