import { HealthBand } from '../scorecard-scoring';
import { ActiveFlag, diffFlags, evaluateRedFlags, FlagInputs, RaisedFlag, RedFlagType } from '../red-flag-rules';
import {
  AccountHealthData,
  activityDaysBetween,
  asOfDayNumber,
  computeRawMeasure,
  fromDayNumber,
  instantDayNumber,
  recentActiveDays,
  toDayNumber,
} from '../raw-measures';

/**
 * Red flags over plain per-account data: the reference for the flag inputs the SQL gathers, and a
 * day-by-day replay that shows when each flag was first raised and when it cleared. Test oracles only: the
 * service gathers flag inputs in SQL (modules/health/health-raw.sql.ts) and the tests compare the two.
 */

/** The inputs of the red-flag rules, computed from plain data as of a day. */
export function flagInputsFromData(data: AccountHealthData, asOf: string | Date, band: HealthBand): FlagInputs {
  const D = asOfDayNumber(asOf);
  const asOfDay = fromDayNumber(D);
  let lastOpened = -Infinity;
  for (const r of data.rollups) {
    const d = toDayNumber(r.day);
    if (d <= D && r.type === 'email_opened' && r.count > 0 && d > lastOpened) lastOpened = d;
  }
  let emailsIgnoredSinceOpen = 0;
  let negativeTickets30 = 0;
  let paymentFailures30 = 0;
  for (const r of data.rollups) {
    const d = toDayNumber(r.day);
    if (d > D) continue;
    // EMAILS_IGNORED on the per-day sequence: a day with an opened email resets the run, including the
    // ignored emails of that same day (their order within the day is unknown).
    if (r.type === 'email_ignored' && d > lastOpened) emailsIgnoredSinceOpen += r.count;
    if (d > D - 30) {
      if (r.type === 'support_ticket') negativeTickets30 += r.sentiment?.negative ?? 0;
      if (r.type === 'payment_failed') paymentFailures30 += r.count;
    }
  }
  const contraction90 = (data.mrrMovements ?? []).some((m) => {
    const d = instantDayNumber(m.effectiveAt);
    return m.type === 'CONTRACTION' && d > D - 90 && d <= D;
  });
  const since = data.customerSince ?? null;
  return {
    asOfDay,
    activeDays30: activityDaysBetween(data.rollups, asOfDay, 30, 0),
    activeDaysPrev60: activityDaysBetween(data.rollups, asOfDay, 90, 30),
    recentActiveDays: recentActiveDays(data.rollups, asOfDay, 12),
    customerSince:
      since === null
        ? null
        : since instanceof Date
          ? since
          : new Date(Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(since) ? `${since}T00:00:00Z` : since)),
    emailsIgnoredSinceOpen,
    negativeTickets30,
    paymentFailures30,
    contraction90,
    latestNps: computeRawMeasure({ metric: 'NPS_LATEST' }, data, asOfDay),
    renewalDate: data.renewalDate ?? null,
    band,
  };
}

/** The red flags raised as of a day, from plain data and the band of that day's score. */
export function evaluateRedFlagsAt(data: AccountHealthData, asOf: string | Date, band: HealthBand): RaisedFlag[] {
  return evaluateRedFlags(flagInputsFromData(data, asOf, band));
}

/** One stretch during which a flag was active. */
export interface FlagEpisode {
  type: RedFlagType;
  /** The first day the flag was raised. */
  raisedOn: string;
  /** The first day its condition no longer held (null = still active on the last day replayed). */
  clearedOn: string | null;
  /** Evidence on the last day it was active. */
  evidence: string;
}

/**
 * Replays the flags day by day over [fromDay, toDay] (inclusive), carrying the active set through
 * `diffFlags` as the nightly recompute does. `bandOn` gives the band of each day (for RENEWAL_AT_RISK);
 * by default UNKNOWN. Returns the flags active on `toDay` (since = 00:00 UTC of the day first raised)
 * and every episode.
 */
export function replayRedFlags(
  data: AccountHealthData,
  fromDay: string,
  toDay: string,
  bandOn: (day: string) => HealthBand = () => 'UNKNOWN',
): { active: ActiveFlag[]; episodes: FlagEpisode[] } {
  let active: ActiveFlag[] = [];
  const open = new Map<RedFlagType, FlagEpisode>();
  const episodes: FlagEpisode[] = [];
  for (let d = toDayNumber(fromDay); d <= toDayNumber(toDay); d++) {
    const day = fromDayNumber(d);
    const diff = diffFlags(active, evaluateRedFlagsAt(data, day, bandOn(day)), new Date(`${day}T00:00:00Z`));
    for (const f of diff.raised) {
      const e: FlagEpisode = { type: f.type, raisedOn: day, clearedOn: null, evidence: f.evidence };
      open.set(f.type, e);
      episodes.push(e);
    }
    for (const f of diff.kept) open.get(f.type)!.evidence = f.evidence;
    for (const f of diff.cleared) {
      open.get(f.type)!.clearedOn = day;
      open.delete(f.type);
    }
    active = diff.active;
  }
  return { active, episodes };
}
