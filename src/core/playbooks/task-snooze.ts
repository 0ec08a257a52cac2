/**
 * Snoozing a task hides it from task lists until a moment (a CSM's "not now, remind me Tuesday"). The rules
 * are ours: the moment must be in the future and at most MAX_SNOOZE_DAYS ahead (a longer snooze is a task
 * that should be rescheduled or cancelled, not hidden).
 */
export const MAX_SNOOZE_DAYS = 90;

const DAY_MS = 86_400_000;

/** Why `until` is not an acceptable snooze end at `now`, or null when it is. */
export function snoozeUntilProblem(until: Date, now: Date, maxDays = MAX_SNOOZE_DAYS): string | null {
  const t = until.getTime();
  if (Number.isNaN(t)) return 'must be a date-time';
  if (t <= now.getTime()) return 'must be in the future';
  if (t > now.getTime() + maxDays * DAY_MS) return `must be at most ${maxDays} days ahead`;
  return null;
}

/** A task is snoozed while its snooze end is still ahead; a past snooze end is no snooze. */
export function isSnoozed(snoozedUntil: Date | null, now: Date): boolean {
  return snoozedUntil !== null && snoozedUntil.getTime() > now.getTime();
}
