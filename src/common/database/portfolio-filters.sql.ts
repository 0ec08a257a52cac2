import { SHOWN_BAND_SQL } from './effective-band.sql';

/**
 * Two definitions shared by portfolio health (its figures) and the Accounts list (the filters a click on a figure
 * opens), so a figure and the list behind it are the same set of accounts by construction.
 */

/**
 * The account's health-history row of one day, as `hh`: "in band B on day D" is this row with `hh.band = B`. The
 * weekly band mix joins it on each bar's day; the Accounts list's `bandOn` filter asks EXISTS for it.
 */
export function historyRowOnDaySql(accountId: string, day: string): string {
  return `hh.account_id = ${accountId} AND hh.day = ${day}`;
}

/** `bandOn: { day, band }`: the account's health history on `day` says `band` (computed band, as stored daily). */
export function bandOnDaySql(day: string, band: string, accountId = 'a.id'): string {
  return `EXISTS (SELECT 1 FROM health_history hh WHERE ${historyRowOnDaySql(accountId, `${day}::date`)} AND hh.band = ${band}::text)`;
}

/**
 * MRR at risk: a live (not churned) account whose band people see (override included) is RED, or whose churn-risk
 * band is HIGH — the union of the two, each account once. Needs `a` = accounts, `h`/`ho` (effective-band.sql)
 * and `r` = account_risk joined.
 */
export const AT_RISK_SQL = `(a.status <> 'CHURNED' AND (${SHOWN_BAND_SQL} = 'RED' OR r.band IS NOT DISTINCT FROM 'HIGH'))`;
