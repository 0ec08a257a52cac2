import { ACCOUNT_COLUMNS } from '../accounts/accounts.service';
import { TASK_COLUMNS } from '../playbooks/playbooks.rows';
import { visibleAccountSql } from '../../common/auth/account-access';
import { activeOverrideJoin, SHOWN_BAND_SQL } from '../../common/database/effective-band.sql';

/**
 * My Day in four set-based statements, each over one book: $1 is the owner (NULL = every account, a manager's
 * whole team). Days are UTC days; "today" for tasks is the caller's day in $2 (an IANA time zone).
 */

const TODAY = `(now() AT TIME ZONE 'UTC')::date`;
const BOOK = `a.status <> 'CHURNED' AND ${visibleAccountSql('$1')}`;
const SHOWN_BAND = SHOWN_BAND_SQL;
const OVERRIDE_JOIN = activeOverrideJoin();

/** Book totals: accounts that are not churned, their MRR, and the mix of the bands people see. */
export const MY_DAY_TOTALS_SQL = `
SELECT count(*)::int AS accounts, COALESCE(sum(a.mrr_cents), 0)::bigint AS mrr_cents,
       count(*) FILTER (WHERE ${SHOWN_BAND} = 'GREEN')::int AS green,
       count(*) FILTER (WHERE ${SHOWN_BAND} = 'YELLOW')::int AS yellow,
       count(*) FILTER (WHERE ${SHOWN_BAND} = 'RED')::int AS red,
       count(*) FILTER (WHERE ${SHOWN_BAND} = 'UNKNOWN')::int AS unknown
  FROM accounts a LEFT JOIN health_current h ON h.account_id = a.id ${OVERRIDE_JOIN}
 WHERE ${BOOK}`;

/**
 * The stored health of 7 days ago, as `past` (day, score, band): the latest scored point of days 7..10 ago (the
 * same look-back tolerance as the health trend). My Day's SCORE_DROP and Portfolio health's declines compare with it.
 */
export function healthSevenDaysAgoSql(accountId: string): string {
  return `SELECT hh.day, hh.score, hh.band FROM health_history hh
       WHERE hh.account_id = ${accountId} AND hh.day BETWEEN ${TODAY} - 10 AND ${TODAY} - 7 AND hh.score IS NOT NULL
       ORDER BY hh.day DESC LIMIT 1`;
}

/**
 * What changed in the last 7 days, newest first:
 * - SCORE_DROP: the current score is ≥ 10 points below the stored score of 7 days ago (the latest point of
 *   days 7..10 ago, the same look-back tolerance as the health trend);
 * - NEW_RED_FLAG: a red flag raised in the last 7 days and still active;
 * - RISK_UP: the churn-risk band is higher than 7 days ago (the latest daily band on or before then, else the
 *   first one recorded since).
 * Each row carries what its reason is made from (flags, components or drivers).
 */
export const MY_DAY_CHANGES_SQL = `
WITH book AS (SELECT ${ACCOUNT_COLUMNS} FROM accounts a WHERE ${BOOK}),
drops AS (
  SELECT b.id, 'SCORE_DROP'::text AS kind, h.computed_at AS at, past.score AS score_from, h.score AS score_to,
         NULL::text AS flag_type, NULL::text AS flag_evidence, NULL::text AS risk_from, NULL::text AS risk_to,
         NULL::float8 AS probability, h.flags::jsonb AS flags, h.components::jsonb AS components, NULL::jsonb AS drivers
    FROM book b JOIN health_current h ON h.account_id = b.id
    CROSS JOIN LATERAL (${healthSevenDaysAgoSql('b.id')}) past
   WHERE h.score IS NOT NULL AND past.score - h.score >= 10
),
flags AS (
  SELECT b.id, 'NEW_RED_FLAG'::text, f.raised_at, NULL::float8, NULL::float8, f.type, f.evidence, NULL::text, NULL::text,
         NULL::float8, NULL::jsonb, NULL::jsonb, NULL::jsonb
    FROM book b JOIN health_flags f ON f.account_id = b.id
   WHERE f.cleared_at IS NULL AND f.raised_at >= now() - interval '7 days'
),
risk AS (
  SELECT b.id, 'RISK_UP'::text, r.computed_at, NULL::float8, NULL::float8, NULL::text, NULL::text, past.band, r.band,
         r.probability, NULL::jsonb, NULL::jsonb, r.drivers::jsonb
    FROM book b JOIN account_risk r ON r.account_id = b.id
    CROSS JOIN LATERAL (
      SELECT COALESCE(
        (SELECT x.band FROM account_risk_history x WHERE x.account_id = b.id AND x.day <= ${TODAY} - 7 ORDER BY x.day DESC LIMIT 1),
        (SELECT x.band FROM account_risk_history x WHERE x.account_id = b.id AND x.day > ${TODAY} - 7 ORDER BY x.day LIMIT 1)
      ) AS band) past
   WHERE array_position(ARRAY['LOW','MEDIUM','HIGH'], r.band) > array_position(ARRAY['LOW','MEDIUM','HIGH'], past.band)
),
changes AS (SELECT * FROM drops UNION ALL SELECT * FROM flags UNION ALL SELECT * FROM risk)
SELECT c.kind, c.at, c.score_from, c.score_to, c.flag_type, c.flag_evidence, c.risk_from, c.risk_to, c.probability,
       c.flags, c.components, c.drivers, b.*
  FROM changes c JOIN book b ON b.id = c.id
 ORDER BY c.at DESC, c.kind, b.id
 LIMIT $2`;

/**
 * Open, unsnoozed tasks due before the end of the caller's today ($2: time zone), split into OVERDUE (due
 * before now) and TODAY; at most $3 of each, with each bucket's full count. A CSM's day is the tasks assigned
 * to them; a manager's whole team ($1 NULL) is every open task.
 */
export const MY_DAY_TASKS_SQL = `
WITH due AS (
  SELECT ${TASK_COLUMNS.split(', ')
    .map((c) => `t.${c}`)
    .join(', ')},
         CASE WHEN t.due_at < now() THEN 'OVERDUE' ELSE 'TODAY' END AS bucket
    FROM tasks t JOIN accounts a ON a.id = t.account_id
   WHERE t.status = 'OPEN' AND (t.snoozed_until IS NULL OR t.snoozed_until <= now())
     AND t.due_at < (date_trunc('day', now() AT TIME ZONE $2::text) + interval '1 day') AT TIME ZONE $2::text
     AND ($1::uuid IS NULL OR t.assignee_id = $1::uuid)
), ranked AS (
  SELECT due.*, row_number() OVER (PARTITION BY bucket ORDER BY due_at, id) AS rn,
         count(*) OVER (PARTITION BY bucket)::int AS bucket_count
    FROM due
)
SELECT * FROM ranked WHERE rn <= $3 ORDER BY bucket, rn`;

/** Renewals in the next $2 days (today included), soonest first, with health and risk; at most $3, with the count. */
export const MY_DAY_RENEWALS_SQL = `
SELECT ${ACCOUNT_COLUMNS}, (a.renewal_date - ${TODAY})::int AS days_to_renewal, ${SHOWN_BAND} AS band, h.score,
       r.band AS risk_band, r.probability, count(*) OVER ()::int AS total
  FROM accounts a LEFT JOIN health_current h ON h.account_id = a.id ${OVERRIDE_JOIN}
  LEFT JOIN account_risk r ON r.account_id = a.id
 WHERE ${BOOK} AND a.renewal_date BETWEEN ${TODAY} AND ${TODAY} + $2::int
 ORDER BY a.renewal_date, a.id
 LIMIT $3`;
