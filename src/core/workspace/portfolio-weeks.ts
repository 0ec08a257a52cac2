/**
 * Portfolio health's calendar (issue 19): weekly bars over UTC ISO weeks (Monday to Sunday). Each bar is the
 * band mix on one day of its week — the latest day of that week with health history, no later than today — so
 * a bar is a snapshot that the Accounts list can reproduce exactly with `bandOn: { day, band }`.
 */

const MS_PER_DAY = 86_400_000;

/** Picker choices of the screen; the API takes any whole number of weeks in [1, MAX_PORTFOLIO_WEEKS]. */
export const PORTFOLIO_WEEK_CHOICES = [13, 26, 52] as const;
export const MAX_PORTFOLIO_WEEKS = 104;

/** Bands with an order of severity; UNKNOWN (no score) has none, so moving to or from it is not a decline. */
export const RANKED_BANDS = ['GREEN', 'YELLOW', 'RED'] as const;

/** A score fall of at least this many points in 7 days is a decline (the rule of My Day's SCORE_DROP). */
export const DECLINE_POINTS = 10;

const toDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const parseDay = (day: string): number => Date.parse(`${day}T00:00:00Z`);

/** The Monday (UTC) of the ISO week holding `day` ('YYYY-MM-DD'). */
export function isoWeekStart(day: string): string {
  const ms = parseDay(day);
  const weekday = (new Date(ms).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return toDay(ms - weekday * MS_PER_DAY);
}

/** The Mondays of the last `weeks` ISO weeks up to and including today's, oldest first. */
export function portfolioWeekStarts(today: string, weeks: number): string[] {
  if (!Number.isInteger(weeks) || weeks < 1 || weeks > MAX_PORTFOLIO_WEEKS)
    throw new RangeError(`weeks must be a whole number 1..${MAX_PORTFOLIO_WEEKS}`);
  const last = parseDay(isoWeekStart(today));
  return Array.from({ length: weeks }, (_, i) => toDay(last - (weeks - 1 - i) * 7 * MS_PER_DAY));
}

/** True when `to` is a worse band than `from` (GREEN → YELLOW or RED, YELLOW → RED); UNKNOWN on either side: false. */
export function bandWorsened(from: string | null, to: string | null): boolean {
  const a = RANKED_BANDS.indexOf(from as (typeof RANKED_BANDS)[number]);
  const b = RANKED_BANDS.indexOf(to as (typeof RANKED_BANDS)[number]);
  return a >= 0 && b >= 0 && b > a;
}

/** A decline in the last 7 days: the score fell by DECLINE_POINTS or more, or the band worsened. */
export function isDecline(
  past: { score: number | null; band: string | null },
  now: { score: number | null; band: string | null },
): boolean {
  const fell = past.score !== null && now.score !== null && past.score - now.score >= DECLINE_POINTS;
  return fell || bandWorsened(past.band, now.band);
}
