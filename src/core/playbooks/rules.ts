/**
 * Pure playbook rules: trigger validation and matching ("fire on entering a condition, not while it holds"),
 * suppression (disabled, segment, dedupe, cooldown, contact cap), assignee resolution, due dates and the
 * 90-day run outcome. No framework imports: the service feeds plain data in.
 */

import { HEALTH_BANDS, HealthBand } from '../health/scorecard-scoring';

export const TRIGGER_KINDS = [
  'MANUAL',
  'HEALTH_BAND_ENTERED',
  'HEALTH_DROP',
  'RISK_ABOVE',
  'FLAG_RAISED',
  'NPS_DETRACTOR',
  'RENEWAL_WITHIN',
  'ACCOUNT_CREATED',
  'ACCOUNT_CHURNED',
  'CHURNED_FOR',
] as const;
export type TriggerKind = (typeof TRIGGER_KINDS)[number];

export type Band = HealthBand;

export const STEP_TYPES = ['CALL', 'EMAIL', 'MEETING', 'REVIEW', 'SURVEY', 'OTHER'] as const;
export type StepType = (typeof STEP_TYPES)[number];

export const SUPPRESSION_REASONS = [
  'ALREADY_RUNNING',
  'COOLDOWN',
  'CONTACT_CAP',
  'DISABLED',
  'SEGMENT_MISMATCH',
] as const;
export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number];

export const RUN_OUTCOMES = ['SAVED', 'CHURNED', 'AT_RISK'] as const;
export type RunOutcome = (typeof RUN_OUTCOMES)[number];

/** Days after its start when a run's outcome is decided (and a still-open run is closed). */
export const OUTCOME_AFTER_DAYS = 90;
export const CONTACT_WINDOW_DAYS = 7;
const DAY_MS = 86_400_000;

export interface TriggerSpec {
  kind: TriggerKind;
  band?: string | null;
  points?: number | null;
  days?: number | null;
  probability?: number | null;
  flag?: string | null;
}

export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * The parameters each kind needs (and only those): returns the normalized trigger or the problems,
 * naming fields as `trigger.<param>`.
 */
export function validateTrigger(
  t: TriggerSpec,
  flagTypes: readonly string[],
): { trigger: TriggerSpec; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const need: Record<TriggerKind, Array<keyof TriggerSpec>> = {
    MANUAL: [],
    HEALTH_BAND_ENTERED: ['band'],
    HEALTH_DROP: ['points', 'days'],
    RISK_ABOVE: ['probability'],
    FLAG_RAISED: ['flag'],
    NPS_DETRACTOR: [],
    RENEWAL_WITHIN: ['days'],
    ACCOUNT_CREATED: [],
    ACCOUNT_CHURNED: [],
    CHURNED_FOR: ['days'],
  };
  if (!TRIGGER_KINDS.includes(t.kind))
    return { trigger: t, problems: [{ field: 'trigger.kind', message: 'is not a trigger kind' }] };
  const wanted = need[t.kind];
  for (const key of ['band', 'points', 'days', 'probability', 'flag'] as const) {
    const given = t[key] !== null && t[key] !== undefined;
    if (wanted.includes(key) && !given)
      problems.push({ field: `trigger.${key}`, message: `is required for ${t.kind}` });
    if (!wanted.includes(key) && given)
      problems.push({ field: `trigger.${key}`, message: `does not apply to ${t.kind}` });
  }
  if (t.band != null && !HEALTH_BANDS.includes(t.band as Band))
    problems.push({ field: 'trigger.band', message: `must be one of ${HEALTH_BANDS.join(', ')}` });
  if (t.points != null && !(Number.isFinite(t.points) && t.points > 0 && t.points <= 100)) {
    problems.push({
      field: 'trigger.points',
      message: 'must be a number of score points greater than 0 and at most 100',
    });
  }
  if (t.days != null && !(Number.isInteger(t.days) && t.days >= 1 && t.days <= 3650)) {
    problems.push({ field: 'trigger.days', message: 'must be an integer from 1 to 3650' });
  }
  if (t.probability != null && !(Number.isFinite(t.probability) && t.probability > 0 && t.probability < 1)) {
    problems.push({ field: 'trigger.probability', message: 'must be a probability strictly between 0 and 1' });
  }
  if (t.flag != null && !flagTypes.includes(t.flag))
    problems.push({ field: 'trigger.flag', message: `must be one of ${flagTypes.join(', ')}` });
  const trigger: TriggerSpec = { kind: t.kind };
  for (const key of wanted) (trigger as unknown as Record<string, unknown>)[key] = t[key];
  return { trigger, problems };
}

/** Does a playbook restricted to `segment` (null = all) apply to an account of `accountSegment`? */
export function segmentMatches(segment: string | null | undefined, accountSegment: string | null | undefined): boolean {
  return segment == null || segment === accountSegment;
}

/**
 * Automatic triggers about a live customer (health, flags, risk, NPS, renewal, onboarding) do not start runs on a
 * churned account: a lapsed customer's usage is gone by definition, so rescuing it as "dormant" would message
 * someone who already left. Only the churn triggers (exit survey, win-back) are about churned accounts.
 */
export function triggerAppliesToStatus(kind: string, accountStatus: string | null | undefined): boolean {
  if (accountStatus !== 'CHURNED') return true;
  return kind === 'ACCOUNT_CHURNED' || kind === 'CHURNED_FOR';
}

export interface HealthChange {
  oldBand: string | null;
  newBand: string;
  oldScore: number | null;
  newScore: number | null;
  raisedFlags: readonly string[];
}

/** A score observed at an instant (health history points, daily). */
export interface ScorePoint {
  at: Date;
  score: number | null;
}

/**
 * HEALTH_DROP: the score fell by ≥ points within `days` = the highest score observed in (at − days, at]
 * minus the current score is ≥ points. "Entered" when that holds for the new score but did not hold for the
 * old one (against the same reference), so an account sliding further while already dropped does not re-fire.
 */
export function healthDropEntered(
  change: { oldScore: number | null; newScore: number | null },
  history: readonly ScorePoint[],
  points: number,
  days: number,
  at: Date,
): boolean {
  if (change.newScore == null) return false;
  const from = at.getTime() - days * DAY_MS;
  let peak: number | null = null;
  for (const p of history) {
    const t = p.at.getTime();
    if (p.score == null || t <= from || t > at.getTime()) continue;
    if (peak === null || p.score > peak) peak = p.score;
  }
  if (change.oldScore != null && (peak === null || change.oldScore > peak)) peak = change.oldScore;
  if (peak === null) return false;
  const holdsNow = peak - change.newScore >= points;
  const heldBefore = change.oldScore != null && peak - change.oldScore >= points;
  return holdsNow && !heldBefore;
}

/** Which health-driven triggers this change enters (history only needed for HEALTH_DROP). */
export function healthTriggerFires(
  trigger: TriggerSpec,
  change: HealthChange,
  history: readonly ScorePoint[],
  at: Date,
): boolean {
  switch (trigger.kind) {
    case 'HEALTH_BAND_ENTERED':
      return change.newBand === trigger.band && change.oldBand !== trigger.band;
    case 'FLAG_RAISED':
      return trigger.flag != null && change.raisedFlags.includes(trigger.flag);
    case 'HEALTH_DROP':
      return healthDropEntered(change, history, trigger.points ?? Infinity, trigger.days ?? 0, at);
    default:
      return false;
  }
}

/** RISK_ABOVE fires when the probability crosses to ≥ threshold (previous state not holding or unknown). */
export function riskAboveEntered(
  previouslyHolding: boolean | null,
  probability: number,
  threshold: number,
): { fires: boolean; holding: boolean } {
  const holding = probability >= threshold;
  return { fires: holding && previouslyHolding !== true, holding };
}

/**
 * RENEWAL_WITHIN { days }: the renewal date is within [today, today + days]. The "once per renewal date"
 * part is the key `renewal:<date>` (a run or suppression recorded with that key is never repeated).
 */
export function renewalWithin(renewalDate: string | null, today: string, days: number): boolean {
  if (!renewalDate) return false;
  const d = Date.parse(`${renewalDate}T00:00:00Z`);
  const t = Date.parse(`${today}T00:00:00Z`);
  return d >= t && d <= t + days * DAY_MS;
}

/** Grace after entering CHURNED_FOR in which a sweep still fires (covers missed sweeps; older churns never fire). */
export const CHURNED_FOR_GRACE_DAYS = 30;

/** CHURNED_FOR { days }: churned at least `days` ago, and entered that condition at most the grace period ago. */
export function churnedFor(churnedAt: Date | null, asOf: Date, days: number): boolean {
  if (!churnedAt) return false;
  const enteredAt = churnedAt.getTime() + days * DAY_MS;
  return enteredAt <= asOf.getTime() && enteredAt > asOf.getTime() - CHURNED_FOR_GRACE_DAYS * DAY_MS;
}

/** The dedupe key of time-based and once-per-event triggers (null = no key; dedupe and cooldown apply). */
export function triggerKey(
  kind: TriggerKind,
  ctx: { renewalDate?: string | null; churnedAt?: Date | null },
): string | null {
  switch (kind) {
    case 'RENEWAL_WITHIN':
      return ctx.renewalDate ? `renewal:${ctx.renewalDate}` : null;
    case 'CHURNED_FOR':
    case 'ACCOUNT_CHURNED':
      return ctx.churnedAt
        ? `${kind === 'CHURNED_FOR' ? 'churned-for' : 'churned'}:${ctx.churnedAt.toISOString()}`
        : null;
    case 'ACCOUNT_CREATED':
      return 'created';
    default:
      return null;
  }
}

/** `at` + whole days (UTC). */
export function addDays(at: Date, days: number): Date {
  return new Date(at.getTime() + days * DAY_MS);
}

export interface StepSpec {
  title: string;
  description?: string | null;
  type: StepType;
  dueInDays: number;
  assignee: 'OWNER' | 'USER';
  userId?: string | null;
  touchesCustomer: boolean;
}

/**
 * Contact cap: with the run's customer-touching tasks added (at their due instants), no 7-day window
 * [t, t + 7 days) that contains one of the new tasks may hold more than `cap` customer touches
 * (existing: the account's open customer-touching tasks at their due instants and done ones at their
 * completion). Windows containing only existing touches are not the new run's business.
 */
export function exceedsContactCap(
  existing: readonly Date[],
  added: readonly Date[],
  cap: number,
  windowDays = CONTACT_WINDOW_DAYS,
): boolean {
  if (!added.length) return false;
  const w = windowDays * DAY_MS;
  const all = [...existing, ...added].map((d) => d.getTime());
  for (const a of added) {
    // Any window containing `a` starts in (a − w, a]; the worst one starts at some touch time in that range.
    const starts = all.filter((t) => t > a.getTime() - w && t <= a.getTime());
    for (const s of starts) {
      const n = all.filter((t) => t >= s && t < s + w).length;
      if (n > cap) return true;
    }
  }
  return false;
}

export interface SuppressionInput {
  enabled: boolean;
  playbookSegment: string | null;
  accountSegment: string | null;
  hasOpenRun: boolean;
  lastEndedAt: Date | null;
  cooldownDays: number;
  now: Date;
  existingTouches: readonly Date[];
  newTouches: readonly Date[];
  contactCap: number;
}

/** The first reason a run may not start, in this order: DISABLED, SEGMENT_MISMATCH, ALREADY_RUNNING, COOLDOWN, CONTACT_CAP. */
export function suppressionReason(s: SuppressionInput): SuppressionReason | null {
  if (!s.enabled) return 'DISABLED';
  if (!segmentMatches(s.playbookSegment, s.accountSegment)) return 'SEGMENT_MISMATCH';
  if (s.hasOpenRun) return 'ALREADY_RUNNING';
  if (inCooldown(s.lastEndedAt, s.cooldownDays, s.now)) return 'COOLDOWN';
  if (exceedsContactCap(s.existingTouches, s.newTouches, s.contactCap)) return 'CONTACT_CAP';
  return null;
}

/** No new run within `cooldownDays` after the last run (of this playbook, for this account) ended. */
export function inCooldown(lastEndedAt: Date | null, cooldownDays: number, now: Date): boolean {
  return lastEndedAt !== null && now.getTime() < lastEndedAt.getTime() + cooldownDays * DAY_MS;
}

export type AssignedVia = 'OWNER' | 'USER' | 'FALLBACK' | 'ADMIN';

/**
 * Who gets a step's task: the named user (USER), else the account's owner; without an owner the playbook's
 * fallback user, else an ADMIN. Null only when there is nobody at all (the caller must refuse, not leave it unassigned).
 */
export function resolveAssignee(
  step: Pick<StepSpec, 'assignee' | 'userId'>,
  ownerId: string | null,
  fallbackUserId: string | null,
  adminId: string | null,
): { userId: string; via: AssignedVia } | null {
  if (step.assignee === 'USER' && step.userId) return { userId: step.userId, via: 'USER' };
  if (ownerId) return { userId: ownerId, via: 'OWNER' };
  if (fallbackUserId) return { userId: fallbackUserId, via: 'FALLBACK' };
  if (adminId) return { userId: adminId, via: 'ADMIN' };
  return null;
}

/** The outcome 90 days after a run started: CHURNED, SAVED (still active and not RED), else AT_RISK. */
export function runOutcome(accountStatus: string, band: string | null): RunOutcome {
  if (accountStatus === 'CHURNED') return 'CHURNED';
  if (accountStatus === 'ACTIVE' && band !== 'RED') return 'SAVED';
  return 'AT_RISK';
}

/** Is the run old enough for its outcome (started ≥ 90 days before asOf)? */
export function outcomeDue(startedAt: Date, asOf: Date): boolean {
  return startedAt.getTime() + OUTCOME_AFTER_DAYS * DAY_MS <= asOf.getTime();
}

/** A task is overdue when it is open and its due instant has passed. */
export function isOverdue(status: string, dueAt: Date, now: Date): boolean {
  return status === 'OPEN' && dueAt.getTime() < now.getTime();
}
