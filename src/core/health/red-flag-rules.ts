import { HealthBand } from './scorecard-scoring';
import { hasTextControlChar } from '../text-rules';

/**
 * Built-in red flags, evaluated as of a day from per-account inputs that one SQL query gathers from the
 * daily rollups, feedback and the ledger. Each raised flag carries evidence a CSM can read.
 */
export type RedFlagType =
  | 'USAGE_DROP'
  | 'DORMANT'
  | 'EMAILS_IGNORED'
  | 'NEGATIVE_SUPPORT'
  | 'PAYMENT_FAILED'
  | 'CONTRACTION'
  | 'DETRACTOR'
  | 'RENEWAL_AT_RISK';

export const RED_FLAG_TYPES: readonly RedFlagType[] = [
  'USAGE_DROP',
  'DORMANT',
  'EMAILS_IGNORED',
  'NEGATIVE_SUPPORT',
  'PAYMENT_FAILED',
  'CONTRACTION',
  'DETRACTOR',
  'RENEWAL_AT_RISK',
];

export interface FlagInputs {
  /** The as-of day, YYYY-MM-DD (UTC). */
  asOfDay: string;
  /** Distinct active days (any signal) in the 30 days ending with asOfDay. */
  activeDays30: number;
  /** Distinct active days in the 60 days before those 30. */
  activeDaysPrev60: number;
  /** The account's most recent active days (≤ asOfDay), newest first, at most 12, however old. */
  recentActiveDays: string[];
  /** When the account became a customer (start of silence if it was never active). */
  customerSince: Date | null;
  /** email_ignored signals on days after the last day with an email_opened. */
  emailsIgnoredSinceOpen: number;
  /** Negative support tickets in the last 30 days. */
  negativeTickets30: number;
  /** payment_failed signals in the last 30 days. */
  paymentFailures30: number;
  /** A CONTRACTION movement within the last 90 days. */
  contraction90: boolean;
  /** The latest NPS answer, if any. */
  latestNps: number | null;
  renewalDate: string | null;
  /** The band of this computation (for RENEWAL_AT_RISK). */
  band: HealthBand;
}

export interface RaisedFlag {
  type: RedFlagType;
  evidence: string;
}

const DAY_MS = 86_400_000;

export function dayNumber(day: string): number {
  return Math.floor(Date.parse(`${day}T00:00:00Z`) / DAY_MS);
}

/** USAGE_DROP needs a baseline of at least this many active days a month. */
export const USAGE_DROP_MIN_BASELINE = 2;

/**
 * DORMANT threshold in days: max(7, 3 × median gap between consecutive active days among the 12 most
 * recent); 30 with fewer than 3 active days ever.
 */
export function dormantThresholdDays(recentActiveDays: readonly string[]): {
  threshold: number;
  medianGap: number | null;
} {
  if (recentActiveDays.length < 3) return { threshold: 30, medianGap: null };
  const days = recentActiveDays.map(dayNumber).sort((a, b) => a - b);
  const gaps: number[] = [];
  for (let i = 1; i < days.length; i++) gaps.push(days[i] - days[i - 1]);
  gaps.sort((a, b) => a - b);
  const mid = gaps.length / 2;
  const median = gaps.length % 2 ? gaps[Math.floor(mid)] : (gaps[mid - 1] + gaps[mid]) / 2;
  return { threshold: Math.max(7, 3 * median), medianGap: median };
}

export function evaluateRedFlags(x: FlagInputs): RaisedFlag[] {
  const flags: RaisedFlag[] = [];
  const asOf = dayNumber(x.asOfDay);
  const baselineMonthly = x.activeDaysPrev60 / 2;
  if (baselineMonthly >= USAGE_DROP_MIN_BASELINE && x.activeDays30 <= 0.6 * baselineMonthly) {
    flags.push({
      type: 'USAGE_DROP',
      evidence: `${x.activeDays30} active days in the last 30, against ${fmt(baselineMonthly)} a month in the 60 days before (≤ 60 %)`,
    });
  }
  const { threshold, medianGap } = dormantThresholdDays(x.recentActiveDays);
  const lastActive = x.recentActiveDays.length ? dayNumber(x.recentActiveDays[0]) : null;
  const silentSince = lastActive ?? (x.customerSince ? Math.floor(x.customerSince.getTime() / DAY_MS) : null);
  if (silentSince !== null) {
    const silent = asOf - silentSince;
    if (silent > threshold) {
      flags.push({
        type: 'DORMANT',
        evidence:
          lastActive === null
            ? `no activity in the ${silent} days since becoming a customer (threshold ${threshold})`
            : `silent for ${silent} days; ${medianGap === null ? 'fewer than 3 active days ever' : `usual gap ${fmt(medianGap)} days`}, threshold ${fmt(threshold)}`,
      });
    }
  }
  if (x.emailsIgnoredSinceOpen >= 3) {
    flags.push({
      type: 'EMAILS_IGNORED',
      evidence: `${x.emailsIgnoredSinceOpen} emails ignored in a row since the last one opened`,
    });
  }
  if (x.negativeTickets30 >= 2)
    flags.push({ type: 'NEGATIVE_SUPPORT', evidence: `${x.negativeTickets30} negative support tickets in 30 days` });
  if (x.paymentFailures30 >= 1)
    flags.push({ type: 'PAYMENT_FAILED', evidence: `${x.paymentFailures30} failed payment(s) in 30 days` });
  if (x.contraction90) flags.push({ type: 'CONTRACTION', evidence: 'MRR went down within the last 90 days' });
  if (x.latestNps !== null && x.latestNps <= 6)
    flags.push({ type: 'DETRACTOR', evidence: `latest NPS answer is ${x.latestNps} (detractor)` });
  if (x.renewalDate && (x.band === 'RED' || x.band === 'YELLOW')) {
    const days = dayNumber(x.renewalDate) - asOf;
    if (days >= 0 && days <= 90)
      flags.push({ type: 'RENEWAL_AT_RISK', evidence: `renewal in ${days} days with health ${x.band}` });
  }
  return flags;
}

export interface ActiveFlag {
  type: RedFlagType;
  evidence: string;
  since: Date;
}

export interface FlagDiff {
  /** Every flag active now (raised ∪ kept), in the order of `now`. */
  active: ActiveFlag[];
  /** Flags that were not active before: `since` = `at`. */
  raised: ActiveFlag[];
  /** Flags still active: `since` preserved from before, evidence refreshed. */
  kept: ActiveFlag[];
  /** Flags active before whose condition has ended (as they were). */
  cleared: ActiveFlag[];
}

/**
 * Compares the flags active before with those raised now: new ones start `at`, continuing ones keep
 * their `since` (with fresh evidence), missing ones are cleared — a flag clears itself when its condition
 * ends. A type raised twice in `now` counts once (the first).
 */
export function diffFlags(previous: readonly ActiveFlag[], now: readonly RaisedFlag[], at: Date): FlagDiff {
  const before = new Map(previous.map((f) => [f.type, f]));
  const active: ActiveFlag[] = [];
  const raised: ActiveFlag[] = [];
  const kept: ActiveFlag[] = [];
  const seen = new Set<RedFlagType>();
  for (const f of now) {
    if (seen.has(f.type)) continue;
    seen.add(f.type);
    const prev = before.get(f.type);
    const next = { type: f.type, evidence: f.evidence, since: prev?.since ?? at };
    active.push(next);
    (prev ? kept : raised).push(next);
  }
  const cleared = previous.filter((f) => !seen.has(f.type));
  return { active, raised, kept, cleared };
}

export interface HealthOverrideLike {
  band: Exclude<HealthBand, 'UNKNOWN'>;
  expiresAt: Date;
}

/** The band shown to people: an unexpired override wins over the computed band. */
export function effectiveBand(
  computed: HealthBand,
  override: HealthOverrideLike | null | undefined,
  now: Date,
): HealthBand {
  return override && override.expiresAt.getTime() > now.getTime() ? override.band : computed;
}

/** Override rules: a reason of at least 10 characters, an expiry in the future and at most 90 days ahead. */
export function validateOverride(
  reason: string,
  expiresAt: Date,
  now: Date,
): Array<{ field: string; message: string }> {
  const problems: Array<{ field: string; message: string }> = [];
  if (!reason || reason.trim().length < 10)
    problems.push({ field: 'reason', message: 'must be at least 10 characters' });
  if (reason && reason.length > 2000) problems.push({ field: 'reason', message: 'must be at most 2000 characters' });
  // PostgreSQL cannot store NUL in text; other control characters (except tab and line breaks) are refused too.
  if (reason && hasTextControlChar(reason))
    problems.push({ field: 'reason', message: 'must not contain control characters' });
  if (expiresAt.getTime() <= now.getTime()) problems.push({ field: 'expiresAt', message: 'must be in the future' });
  else if (expiresAt.getTime() > now.getTime() + 90 * DAY_MS)
    problems.push({ field: 'expiresAt', message: 'must be at most 90 days ahead' });
  return problems;
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}
