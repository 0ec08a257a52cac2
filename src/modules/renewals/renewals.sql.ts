import { visibleAccountSql } from '../../common/auth/account-access';
import { activeOverrideJoin, SHOWN_BAND_SQL } from '../../common/database/effective-band.sql';
import { RENEWAL_WINDOW_DAYS } from '../../core/renewals/renewal-outcomes';

/**
 * Renewals, set-based. Parameters: $1 from (date), $2 to (date), $3 segment (text|null), $4 owner (uuid|null).
 * "Today" is the UTC date.
 */
const TODAY = `(now() AT TIME ZONE 'UTC')::date`;
const SCOPE = `($3::text IS NULL OR a.segment = $3::text) AND ${visibleAccountSql('$4')}`;
const WINDOW = `${RENEWAL_WINDOW_DAYS}`;

/** MRR just before the instant `at` (a timestamptz expression) for account a.id; 0 when none. */
const mrrBefore = (at: string) => `COALESCE((SELECT x.mrr_after_cents FROM mrr_movements x
   WHERE x.account_id = r.id AND x.effective_at < ${at}
   ORDER BY x.effective_at DESC, x.seq DESC LIMIT 1), 0)`;

/**
 * Past renewals in [$1, min($2, today)): the anniversaries of each account's renewal date (its sign-up date when
 * it has none) after it became a customer, with the MRR just before day − window and just before
 * min(day + window, now). One row per anniversary (core/renewals decides due and outcome).
 */
export const PAST_RENEWALS_SQL = `
WITH anchor AS (
  SELECT a.id, COALESCE(a.renewal_date, (a.customer_since AT TIME ZONE 'UTC')::date) AS anchor,
         (a.customer_since AT TIME ZONE 'UTC')::date AS since
    FROM accounts a
   WHERE ${SCOPE} AND COALESCE(a.renewal_date, a.customer_since) IS NOT NULL
), r AS (
  SELECT n.id, n.since, (n.anchor + make_interval(years => k))::date AS day
    FROM anchor n
   CROSS JOIN LATERAL generate_series(
           extract(year FROM $1::date)::int - extract(year FROM n.anchor)::int - 1,
           extract(year FROM $2::date)::int - extract(year FROM n.anchor)::int + 1) AS k
)
SELECT r.id AS account_id, to_char(r.day, 'YYYY-MM-DD') AS day,
       ${mrrBefore(`((r.day - ${WINDOW})::timestamp AT TIME ZONE 'UTC')`)} AS base_cents,
       ${mrrBefore(`LEAST((r.day + ${WINDOW})::timestamp AT TIME ZONE 'UTC', now())`)} AS after_cents
  FROM r
 WHERE r.day >= $1::date AND r.day < LEAST($2::date, ${TODAY}) AND (r.since IS NULL OR r.day > r.since)`;

/** Upcoming renewals in [max($1, today), $2): accounts not churned, with the band shown, score and risk. */
export const UPCOMING_RENEWALS_SQL = `
SELECT a.id, a.name, a.segment, u.name AS owner_name, to_char(a.renewal_date, 'YYYY-MM-DD') AS renewal_date,
       a.mrr_cents, ${SHOWN_BAND_SQL} AS band, h.score, rk.band AS risk_band, rk.probability
  FROM accounts a
  LEFT JOIN users u ON u.id = a.owner_id
  LEFT JOIN health_current h ON h.account_id = a.id ${activeOverrideJoin()}
  LEFT JOIN account_risk rk ON rk.account_id = a.id
 WHERE a.status <> 'CHURNED' AND ${SCOPE}
   AND a.renewal_date >= GREATEST($1::date, ${TODAY}) AND a.renewal_date < $2::date`;
