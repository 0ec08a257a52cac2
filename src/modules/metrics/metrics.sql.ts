import { visibleAccountSql } from '../../common/auth/account-access';

/**
 * The set-based SQL behind the retention metrics (no framework imports, so the benchmark can run it bare).
 * Ledger order per account is (effective_at, seq). Periods are half-open [from, to).
 * Parameters shared by every statement: $1 from, $2 to (timestamptz), $3 segment (text|null), $4 owner (uuid|null).
 */

const SCOPE = `scope AS (
  SELECT a.id, a.owner_id FROM accounts a
   WHERE ($3::text IS NULL OR a.segment = $3::text) AND ${visibleAccountSql('$4')}
)`;

/** MRR just before an instant expression `at` for the scope row `s` (0 when no earlier movement). */
const mrrBefore = (at: string) => `(SELECT x.mrr_after_cents FROM mrr_movements x
   WHERE x.account_id = s.id AND x.effective_at < ${at}
   ORDER BY x.effective_at DESC, x.seq DESC LIMIT 1)`;

/**
 * One row per account of the scope that matters for [from, to) — in S (start MRR > 0) or with a movement in the
 * period — carrying exactly the CustomerPeriodFacts contract (src/core/metrics/types.ts; reference:
 * factsFromMovements). Columns: account_id, owner_id, start_mrr, end_mrr, *_cents, *_events, active.
 * - start: mrrAfter of the last movement before from (one backward index probe per account, materialized so that
 *   it is evaluated once);
 * - end: the last movement of the period when there is one, else the start;
 * - active at some instant: the MRR at `from` (after the movements effective exactly at from) > 0, or, for a
 *   timestamp strictly inside the period, the last movement at that timestamp leaves MRR > 0.
 */
export const FACTS_SQL = `WITH ${SCOPE},
pm AS (
  SELECT m.account_id, m.type, m.amount_cents, m.mrr_after_cents, m.effective_at, m.seq,
         lead(m.effective_at) OVER (PARTITION BY m.account_id ORDER BY m.effective_at, m.seq) AS next_at
    FROM mrr_movements m JOIN scope s ON s.id = m.account_id
   WHERE m.effective_at >= $1::timestamptz AND m.effective_at < $2::timestamptz
),
pa AS (
  SELECT account_id,
         COALESCE(sum(amount_cents) FILTER (WHERE type = 'NEW'), 0)::bigint AS new_cents,
         COALESCE(sum(amount_cents) FILTER (WHERE type = 'EXPANSION'), 0)::bigint AS expansion_cents,
         COALESCE(sum(amount_cents) FILTER (WHERE type = 'CONTRACTION'), 0)::bigint AS contraction_cents,
         COALESCE(sum(amount_cents) FILTER (WHERE type = 'CHURN'), 0)::bigint AS churn_cents,
         COALESCE(sum(amount_cents) FILTER (WHERE type = 'REACTIVATION'), 0)::bigint AS reactivation_cents,
         count(*) FILTER (WHERE type = 'NEW')::int AS new_events,
         count(*) FILTER (WHERE type = 'CHURN')::int AS churn_events,
         count(*) FILTER (WHERE type = 'REACTIVATION')::int AS reactivation_events,
         (array_agg(mrr_after_cents ORDER BY effective_at DESC, seq DESC))[1] AS last_after,
         (array_agg(mrr_after_cents ORDER BY seq DESC) FILTER (WHERE effective_at = $1::timestamptz))[1] AS at_from_after,
         COALESCE(bool_or(effective_at > $1::timestamptz AND next_at IS DISTINCT FROM effective_at AND mrr_after_cents > 0), false) AS active_inside
    FROM pm GROUP BY account_id
),
st AS MATERIALIZED (
  SELECT s.id AS account_id, s.owner_id, COALESCE(${mrrBefore('$1::timestamptz')}, 0) AS start_mrr
    FROM scope s
)
SELECT st.account_id, st.owner_id, st.start_mrr, COALESCE(pa.last_after, st.start_mrr) AS end_mrr,
       COALESCE(pa.new_cents, 0) AS new_cents, COALESCE(pa.expansion_cents, 0) AS expansion_cents,
       COALESCE(pa.contraction_cents, 0) AS contraction_cents, COALESCE(pa.churn_cents, 0) AS churn_cents,
       COALESCE(pa.reactivation_cents, 0) AS reactivation_cents,
       COALESCE(pa.new_events, 0) AS new_events, COALESCE(pa.churn_events, 0) AS churn_events,
       COALESCE(pa.reactivation_events, 0) AS reactivation_events,
       (COALESCE(pa.at_from_after, st.start_mrr) > 0 OR COALESCE(pa.active_inside, false)) AS active
  FROM st LEFT JOIN pa USING (account_id)
 WHERE st.start_mrr > 0 OR pa.account_id IS NOT NULL`;

/**
 * Total MRR of the scope just before each instant of $5 (timestamptz[]): rows (at, mrr).
 * ($1/$2 are unused but typed so every statement takes the same parameter list.)
 */
export const TOTAL_MRR_BEFORE_SQL = `WITH ${SCOPE}
SELECT i.at, COALESCE(sum(${mrrBefore('i.at')}), 0)::bigint AS mrr
  FROM unnest($5::timestamptz[]) AS i(at) CROSS JOIN scope s
 WHERE $1::timestamptz IS NOT NULL AND $2::timestamptz IS NOT NULL
 GROUP BY i.at`;

/**
 * Movement sums per waterfall bucket in one pass: the bucket of a movement is the calendar $5 ('month' | 'quarter' |
 * 'year', UTC) containing it, except that the first bucket starts at from.
 */
export const WATERFALL_SQL = `WITH ${SCOPE}
SELECT GREATEST(date_trunc($5::text, m.effective_at, 'UTC'), $1::timestamptz) AS bucket,
       COALESCE(sum(m.amount_cents) FILTER (WHERE m.type = 'NEW'), 0)::bigint AS new,
       COALESCE(sum(m.amount_cents) FILTER (WHERE m.type = 'EXPANSION'), 0)::bigint AS expansion,
       COALESCE(sum(m.amount_cents) FILTER (WHERE m.type = 'CONTRACTION'), 0)::bigint AS contraction,
       COALESCE(sum(m.amount_cents) FILTER (WHERE m.type = 'CHURN'), 0)::bigint AS churn,
       COALESCE(sum(m.amount_cents) FILTER (WHERE m.type = 'REACTIVATION'), 0)::bigint AS reactivation
  FROM mrr_movements m JOIN scope s ON s.id = m.account_id
 WHERE m.effective_at >= $1::timestamptz AND m.effective_at < $2::timestamptz
 GROUP BY 1`;

/**
 * Cohort members (customer_since in [from, to)) with their MRR just before each period end of $5 (timestamptz[])
 * after their customer_since; only rows with MRR > 0 (missing = 0). Rows: account_id, customer_since, at, mrr
 * (at/mrr null for a member without any such row).
 */
export const COHORT_SQL = `WITH ${SCOPE},
c AS (
  SELECT s.id, a.customer_since FROM scope s JOIN accounts a ON a.id = s.id
   WHERE a.customer_since >= $1::timestamptz AND a.customer_since < $2::timestamptz
),
snap AS (
  SELECT c.id, e.at, ${mrrBefore('e.at').replace('s.id', 'c.id')} AS mrr
    FROM c JOIN unnest($5::timestamptz[]) AS e(at) ON e.at > c.customer_since
)
SELECT c.id AS account_id, c.customer_since, snap.at, snap.mrr
  FROM c LEFT JOIN snap ON snap.id = c.id AND snap.mrr > 0`;

/** NPS counts of responses given in [from, to) by accounts of the scope, per current owner. */
export const NPS_BY_OWNER_SQL = `WITH ${SCOPE}
SELECT s.owner_id,
       count(*) FILTER (WHERE r.category = 'PROMOTER')::int AS promoters,
       count(*) FILTER (WHERE r.category = 'PASSIVE')::int AS passives,
       count(*) FILTER (WHERE r.category = 'DETRACTOR')::int AS detractors
  FROM nps_responses r JOIN scope s ON s.id = r.account_id
 WHERE r.responded_at >= $1::timestamptz AND r.responded_at < $2::timestamptz
 GROUP BY s.owner_id`;

/**
 * Customers served in [from, to) over the whole book (every account, no scope): the count of accounts with
 * activeAtAnyInstant — MRR > 0 at `from` (after the movements effective at or before it), or a timestamp strictly
 * inside the period whose last movement leaves MRR > 0. Used to allocate company-wide costs to a filtered scope.
 */
export const SERVED_ALL_SQL = `SELECT count(*)::int AS served FROM (
  SELECT a.id FROM accounts a
   WHERE COALESCE((SELECT x.mrr_after_cents FROM mrr_movements x
                    WHERE x.account_id = a.id AND x.effective_at <= $1::timestamptz
                    ORDER BY x.effective_at DESC, x.seq DESC LIMIT 1), 0) > 0
  UNION
  SELECT q.account_id FROM (
    SELECT m.account_id, m.mrr_after_cents, m.effective_at,
           lead(m.effective_at) OVER (PARTITION BY m.account_id ORDER BY m.effective_at, m.seq) AS next_at
      FROM mrr_movements m
     WHERE m.effective_at > $1::timestamptz AND m.effective_at < $2::timestamptz
  ) q
   WHERE q.mrr_after_cents > 0 AND q.next_at IS DISTINCT FROM q.effective_at
) u`;
