import { ACCOUNT_COLUMNS } from '../accounts/accounts.service';
import { visibleAccountSql } from '../../common/auth/account-access';
import { activeOverrideJoin } from '../../common/database/effective-band.sql';
import { AT_RISK_SQL, historyRowOnDaySql } from '../../common/database/portfolio-filters.sql';
import { DECLINE_POINTS, RANKED_BANDS } from '../../core/workspace/portfolio-weeks';
import { healthSevenDaysAgoSql } from './my-day.sql';

/**
 * Portfolio health in set-based statements (one per part) over one scope: $1 = the book's owner (NULL = every account),
 * $2 = a segment (NULL = all). Segment and owner are the account's current ones.
 */
const SCOPE = `${visibleAccountSql('$1')} AND ($2::text IS NULL OR a.segment = $2::text)`;
const RANKED = `ARRAY[${RANKED_BANDS.map((b) => `'${b}'`).join(',')}]`;

/**
 * The weekly band mix. $3 = the weeks' Mondays, $4 = today. Each week's bar is the band mix on its day: the
 * latest day of the week (≤ today) that has any health history; a week without history has no rows. An
 * account counts in a bar when its history row of that day exists — the same row the Accounts list's
 * `bandOn: { day, band }` asks for (historyRowOnDaySql), so a bar's count is that list's totalCount.
 * MRR is the accounts' MRR today.
 */
export const PORTFOLIO_WEEKS_SQL = `
WITH weeks AS (
  SELECT w.week_start,
         (SELECT max(x.day) FROM health_history x
           WHERE x.day >= w.week_start AND x.day < w.week_start + 7 AND x.day <= $4::date) AS day
    FROM unnest($3::date[]) AS w(week_start)
)
SELECT to_char(w.week_start, 'YYYY-MM-DD') AS week_start, to_char(w.day, 'YYYY-MM-DD') AS day, hh.band,
       count(*)::int AS accounts, COALESCE(sum(a.mrr_cents), 0)::bigint AS mrr_cents
  FROM weeks w
  JOIN accounts a ON ${SCOPE}
  JOIN health_history hh ON ${historyRowOnDaySql('a.id', 'w.day')}
 GROUP BY w.week_start, w.day, hh.band`;

/**
 * MRR at risk (AT_RISK_SQL: not churned, and the band people see is RED or the churn-risk band is HIGH — the
 * union, each account once), with the parts of the union and the live book it is a share of.
 */
export const PORTFOLIO_AT_RISK_SQL = `
SELECT count(*) FILTER (WHERE ${AT_RISK_SQL})::int AS accounts,
       COALESCE(sum(a.mrr_cents) FILTER (WHERE ${AT_RISK_SQL}), 0)::bigint AS mrr_cents,
       count(*) FILTER (WHERE ${AT_RISK_SQL} AND COALESCE(ho.band, h.band, 'UNKNOWN') = 'RED')::int AS red,
       count(*) FILTER (WHERE ${AT_RISK_SQL} AND r.band = 'HIGH')::int AS high,
       count(*) FILTER (WHERE a.status <> 'CHURNED')::int AS book_accounts,
       COALESCE(sum(a.mrr_cents) FILTER (WHERE a.status <> 'CHURNED'), 0)::bigint AS book_mrr_cents
  FROM accounts a LEFT JOIN health_current h ON h.account_id = a.id ${activeOverrideJoin()}
  LEFT JOIN account_risk r ON r.account_id = a.id
 WHERE ${SCOPE}`;

/**
 * Declines in the last 7 days among live accounts: the current computed score is ≥ DECLINE_POINTS below the
 * stored score of 7 days ago, or the current computed band is worse than that day's (My Day's comparison point,
 * healthSevenDaysAgoSql). Biggest fall first; at most $3 rows, each with the full count and what its top reason
 * is made from (flags, components).
 */
export const PORTFOLIO_DECLINES_SQL = `
WITH book AS (SELECT ${ACCOUNT_COLUMNS} FROM accounts a WHERE a.status <> 'CHURNED' AND ${SCOPE}),
declines AS (
  SELECT b.id, to_char(past.day, 'YYYY-MM-DD') AS past_day, past.score AS score_from, past.band AS band_from,
         h.score AS score_to, h.band AS band_to, h.computed_at, h.flags::jsonb AS flags, h.components::jsonb AS components
    FROM book b JOIN health_current h ON h.account_id = b.id
    CROSS JOIN LATERAL (${healthSevenDaysAgoSql('b.id')}) past
   WHERE past.score - h.score >= ${DECLINE_POINTS}
      OR array_position(${RANKED}, h.band) > array_position(${RANKED}, past.band)
)
SELECT d.past_day, d.score_from, d.band_from, d.score_to, d.band_to, d.computed_at, d.flags, d.components, b.*,
       count(*) OVER ()::int AS total
  FROM declines d JOIN book b ON b.id = d.id
 ORDER BY COALESCE(d.score_from - d.score_to, 0) DESC, b.id
 LIMIT $3`;

/** The segments the caller can pick from: those of the accounts in their view ($1 = the book's owner or NULL). */
export const PORTFOLIO_SEGMENTS_SQL = `
SELECT DISTINCT a.segment FROM accounts a WHERE a.segment IS NOT NULL AND ${visibleAccountSql('$1')} ORDER BY a.segment`;
