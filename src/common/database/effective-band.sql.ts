/**
 * The band people see, in SQL: an unexpired override wins over the computed band (the rule of
 * core/health/red-flag-rules `effectiveBand`). One join and one expression, for every query that shows or filters
 * by it; the aliases are fixed: `h` = health_current, `ho` = the active override.
 */

/** The active (not cleared, not expired) override of the account whose id is `accountId` (a column), as `ho`. */
export function activeOverrideJoin(accountId = 'a.id'): string {
  return `LEFT JOIN health_overrides ho ON ho.account_id = ${accountId} AND ho.cleared_at IS NULL AND ho.expires_at > now()`;
}

/** The shown band: the override's, else the computed one, else UNKNOWN (no score yet). */
export const SHOWN_BAND_SQL = `COALESCE(ho.band, h.band, 'UNKNOWN')`;
