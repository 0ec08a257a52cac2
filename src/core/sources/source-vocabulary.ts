/**
 * The vocabulary of connector sources (issue #21), defined once: the kinds of source, and what can happen to an
 * event a source delivers. GraphQL enums and the database CHECK derive from these.
 */
export const SOURCE_KINDS = ['SEGMENT', 'STRIPE', 'IMPORT'] as const;
export type SourceKindName = (typeof SOURCE_KINDS)[number];

/**
 * What happened to one delivered event:
 * - accepted: stored (or applied) for the first time;
 * - duplicate: a re-delivery of an event already stored (same id), counted, not stored again;
 * - rejected: refused with a reason (bad input, over a size limit), recorded in the source's errors;
 * - unattributed: kept aside until it can be tied to an account (then ingested, counted accepted);
 * - rateLimited: refused because the source is over its rate budget (the sender retries).
 */
export const SOURCE_OUTCOMES = ['accepted', 'duplicate', 'rejected', 'unattributed', 'rateLimited'] as const;
export type SourceOutcome = (typeof SOURCE_OUTCOMES)[number];

/** Counters are kept per source in buckets of this many minutes; "the last 24 h" sums the buckets started since. */
export const STATS_BUCKET_MINUTES = 5;
/** Counter buckets are kept this many days (the newest bucket of each source is always kept: its last event). */
export const STATS_RETENTION_DAYS = 8;
/** Errors not seen again for this many days are forgotten. */
export const ERROR_RETENTION_DAYS = 30;
/** At most this many distinct error messages are shown per source (most recent first). */
export const LAST_ERRORS_SHOWN = 10;
/** Longest error message kept (longer ones are cut, with an ellipsis). */
export const MAX_ERROR_MESSAGE = 500;

/** Start of the stats bucket an instant falls in. */
export function statsBucket(at: Date): Date {
  const ms = STATS_BUCKET_MINUTES * 60_000;
  return new Date(Math.floor(at.getTime() / ms) * ms);
}
