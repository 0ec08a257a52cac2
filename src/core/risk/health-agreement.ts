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

/** The account's risk, for the note: its probability and the book's churn rate over the horizon (null: unknown). */
export interface NoteContext {
  probability: number;
  /** Share of the training snapshots that churned within the horizon (the deployed model's base rate). */
  baseRate: number | null;
}

const pct = (ratio: number) => `${Math.round(ratio * 100)} %`;

/**
 * The note shown with a risk that contradicts health, or null when they agree (or health is unknown): risk LOW
 * while health is RED, the account is DORMANT or has four red flags or more; or risk HIGH while health is GREEN.
 * `drivers` are all of the account's drivers (not only the top 5), any order; up to three that pull the risk
 * the way it went are named, strongest first.
 *
 * When the drivers on balance pull the other way (Σ contributions > 0 for a LOW risk, e.g. a steady account with a
 * short gap that its health calls DORMANT), naming only the small drivers that lower it would mislead: the note
 * then says what raises the risk, that it stays LOW because churn within the horizon is rare in this book (its
 * base rate), then what lowers it. Symmetrically for a HIGH risk whose drivers on balance lower it.
 */
export function healthDisagreementNote(
  health: HealthBand | null,
  flags: readonly string[],
  risk: RiskBand,
  drivers: readonly LabelledContribution[],
  horizonDays: number,
  context?: NoteContext,
): string | null {
  const redLow = (health === 'RED' || alarmingFlags(flags)) && risk === 'LOW';
  const greenHigh = health === 'GREEN' && risk === 'HIGH';
  if (!redLow && !greenHigh) return null;
  const sign = redLow ? -1 : 1;
  const strongest = (s: number, k: number) =>
    drivers
      .filter((d) => d.contribution * s > 0)
      .sort((a, b) => b.contribution * s - a.contribution * s)
      .slice(0, k)
      .map((d) => d.label);
  const reasons = strongest(sign, 3);
  const net = drivers.reduce((a, d) => a + d.contribution, 0);
  const flagged = flags.length ? ` (red flags: ${flags.join(', ')})` : '';
  const p = context ? ` (${pct(context.probability)} within ${horizonDays} days)` : '';
  const head = redLow
    ? `Health is ${health ?? 'unknown'}${flagged}, but churn risk is LOW${p}`
    : `Health is GREEN, but churn risk is HIGH${p}`;
  if (net * sign < 0) {
    // The data pull against the band: the base rate keeps it there.
    const against = strongest(-sign, 2);
    const rate =
      context?.baseRate !== null && context?.baseRate !== undefined
        ? `${redLow ? 'only ' : ''}${pct(context.baseRate)} of accounts churned within ${horizonDays} days in this book's history`
        : `churn within ${horizonDays} days was ${redLow ? 'rare' : 'common'} in this book's history`;
    const rest = reasons.length ? ` ${redLow ? 'Lowering' : 'Raising'} it: ${reasons.join('; ')}.` : '';
    const up = redLow ? 'raise' : 'lower';
    const balance = reasons.length
      ? `What ${up}s it (${against.join('; ')}) outweighs what ${redLow ? 'lowers' : 'raises'} it`
      : `Its data only ${up} it (${against.join('; ')})`;
    return `${head}: ${balance}, but ${rate}.${rest}`;
  }
  if (reasons.length) return `${head}: ${reasons.join('; ')}.`;
  return redLow
    ? `${head}: Accounts like this one rarely churned within ${horizonDays} days in this book's history, and nothing in its data raises that.`
    : `${head}: Accounts like this one often churned within ${horizonDays} days in this book's history.`;
}
