import { FeatureRow } from '../../core/risk';
import { SOURCE_WINDOW_DAYS } from '../../core/risk/account-features';

/** Which optional sources exist in this database (checked at run time with to_regclass). */
export interface FeatureSources {
  signals: boolean;
  feedback: boolean;
  healthHistory: boolean;
  healthCurrent: boolean;
}

export const SOURCE_CHECK_SQL = `SELECT to_regclass('signal_daily') IS NOT NULL AS signals,
  (to_regclass('nps_responses') IS NOT NULL AND to_regclass('feedback_notes') IS NOT NULL) AS feedback,
  to_regclass('health_history') IS NOT NULL AS health_history,
  to_regclass('health_current') IS NOT NULL AS health_current`;

/** Signal types that are not product activity; every other type counts as activity (see core/signals). */
const NOT_ACTIVITY = `('support_ticket','email_opened','email_ignored','payment_failed','seats')`;

/** When each source was first observed in the book (null: never, or its table does not exist). */
export interface ObservedSince {
  signals: string | null;
  feedback: string | null;
  health: string | null;
}

/** Observed-since per source: the first day with any record of it in the book (one row). */
export function observedSinceSql(src: FeatureSources): string {
  return `SELECT ${src.signals ? `(SELECT min(day) FROM signal_daily)::text` : 'NULL::text'} AS signals,
    ${src.feedback ? `(LEAST((SELECT min(responded_at) FROM nps_responses), (SELECT min(occurred_at) FROM feedback_notes)) AT TIME ZONE 'UTC')::date::text` : 'NULL::text'} AS feedback,
    ${src.healthHistory ? `(SELECT min(day) FROM health_history)::text` : 'NULL::text'} AS health`;
}

export interface FeatureQueryOptions {
  /** Live scoring: the health score is the current one (health_current) instead of the history before t. */
  live: boolean;
}

/**
 * ONE set-based query: the features of every account active at t (MRR > 0 from the movements before t),
 * using only data strictly before t — ledger movements with effective_at < t, signal/health days < t's UTC
 * day, feedback responded/occurred before t — and the label: a CHURN movement in [t, t + horizon).
 *
 * Parameters: $1 t (timestamptz), $2 horizon in days (int), $3 account ids (uuid[]) or NULL for all,
 * $4 / $5 / $6 the observed-since day of signals / feedback / health history (date or NULL).
 *
 * The observed-data rule: a source's features are used at t only when the source was observed for its whole
 * window before t (observed-since ≤ t − SOURCE_WINDOW_DAYS: 90 days for signals and feedback, 1 for health);
 * otherwise they are NULL and the model's missing-data indicator for the group says so. While a source is
 * observed, no record for an account means none happened: 0 active days, 0 tickets, and days since the last
 * activity counted from the start of the observation, at most 120 (the longest look-back of a signal feature).
 */
export function featureQuery(src: FeatureSources, opts: FeatureQueryOptions): string {
  const W = SOURCE_WINDOW_DAYS;
  const ctes: string[] = [];
  ctes.push(`p AS (SELECT $1::timestamptz AS t, ($1::timestamptz AT TIME ZONE 'UTC')::date AS d)`);
  ctes.push(`obs AS (SELECT COALESCE($4::date <= p.d - ${W.signals}, false) AS sig,
                            COALESCE($5::date <= p.d - ${W.feedback}, false) AS fb,
                            COALESCE($6::date <= p.d - ${W.health}, false) AS hh,
                            GREATEST($4::date, p.d - 120) AS sig_since
                       FROM p)`);
  ctes.push(`st AS (
    SELECT m.account_id,
           (array_agg(m.mrr_after_cents ORDER BY m.effective_at DESC, m.seq DESC))[1] AS mrr,
           (array_agg(m.mrr_after_cents ORDER BY m.effective_at DESC, m.seq DESC) FILTER (WHERE m.effective_at < p.t - interval '90 days'))[1] AS mrr90,
           min(m.effective_at) AS first_at
      FROM mrr_movements m, p
     WHERE m.effective_at < p.t AND ($3::uuid[] IS NULL OR m.account_id = ANY($3::uuid[]))
     GROUP BY m.account_id)`);
  ctes.push(`lab AS (
    SELECT m.account_id, min(m.id::text) AS event_id
      FROM mrr_movements m, p
     WHERE m.type = 'CHURN' AND m.effective_at >= p.t AND m.effective_at < p.t + make_interval(days => $2::int)
       AND ($3::uuid[] IS NULL OR m.account_id = ANY($3::uuid[]))
     GROUP BY m.account_id)`);
  if (src.signals) {
    ctes.push(`sig AS (
      SELECT s.account_id,
             count(DISTINCT s.day) FILTER (WHERE s.type NOT IN ${NOT_ACTIVITY} AND s.day >= p.d - 30) AS active30,
             count(DISTINCT s.day) FILTER (WHERE s.type NOT IN ${NOT_ACTIVITY} AND s.day >= p.d - 90) AS active90,
             COALESCE(sum(s.count) FILTER (WHERE s.type NOT IN ${NOT_ACTIVITY} AND s.day >= p.d - 30), 0) AS use30,
             COALESCE(sum(s.count) FILTER (WHERE s.type NOT IN ${NOT_ACTIVITY} AND s.day >= p.d - 90 AND s.day < p.d - 30), 0) AS use_prior60,
             max(s.day) FILTER (WHERE s.type NOT IN ${NOT_ACTIVITY}) AS last_active,
             COALESCE(sum(s.tickets_negative) FILTER (WHERE s.type = 'support_ticket' AND s.day >= p.d - 90), 0) AS neg_tickets,
             COALESCE(sum(s.count) FILTER (WHERE s.type = 'payment_failed' AND s.day >= p.d - 90), 0) AS pay_fail,
             (array_agg(s.quantity / NULLIF(s.count, 0) ORDER BY s.day DESC) FILTER (WHERE s.type = 'seats' AND s.day >= p.d - 30))[1] AS seats_now,
             (array_agg(s.quantity / NULLIF(s.count, 0) ORDER BY s.day DESC) FILTER (WHERE s.type = 'seats' AND s.day < p.d - 90 AND s.day >= p.d - 120))[1] AS seats_then
        FROM signal_daily s, p
       WHERE s.day < p.d AND s.day >= p.d - 120 AND ($3::uuid[] IS NULL OR s.account_id = ANY($3::uuid[]))
       GROUP BY s.account_id)`);
    ctes.push(`feat AS (
      SELECT s.account_id, count(DISTINCT f) AS breadth
        FROM signal_daily s CROSS JOIN LATERAL unnest(s.features) f, p
       WHERE s.type = 'feature_used' AND s.day < p.d AND s.day >= p.d - 90 AND ($3::uuid[] IS NULL OR s.account_id = ANY($3::uuid[]))
       GROUP BY s.account_id)`);
  }
  if (src.feedback) {
    ctes.push(`nps AS (
      SELECT r.account_id, (array_agg(r.score ORDER BY r.responded_at DESC, r.id DESC))[1] AS latest, avg(r.score)::float8 AS avg
        FROM nps_responses r, p
       WHERE r.responded_at < p.t AND ($3::uuid[] IS NULL OR r.account_id = ANY($3::uuid[]))
       GROUP BY r.account_id)`);
    ctes.push(`notes AS (
      SELECT n.account_id, count(*) AS neg
        FROM feedback_notes n, p
       WHERE n.occurred_at < p.t AND n.occurred_at >= p.t - interval '90 days' AND n.source = 'TICKET' AND n.sentiment = 'NEGATIVE'
         AND ($3::uuid[] IS NULL OR n.account_id = ANY($3::uuid[]))
       GROUP BY n.account_id)`);
  }
  const liveHealth = opts.live && src.healthCurrent;
  if (liveHealth) {
    ctes.push(
      `hl AS (SELECT h.account_id, h.score FROM health_current h WHERE ($3::uuid[] IS NULL OR h.account_id = ANY($3::uuid[])))`,
    );
  } else if (src.healthHistory) {
    ctes.push(`hl AS (
      SELECT DISTINCT ON (h.account_id) h.account_id, h.score
        FROM health_history h, p
       WHERE h.day < p.d AND ($3::uuid[] IS NULL OR h.account_id = ANY($3::uuid[]))
       ORDER BY h.account_id, h.day DESC)`);
  }
  const hasHealth = liveHealth || src.healthHistory;
  const sig = src.signals;
  const fb = src.feedback;
  /** A signal feature: NULL unless signals were observed for the whole window; 0 for an account without records. */
  const S = (expr: string) => (sig ? `CASE WHEN obs.sig THEN (${expr})::float8 END` : 'NULL::float8');
  const F = (expr: string) => (fb ? `CASE WHEN obs.fb THEN (${expr})::float8 END` : 'NULL::float8');
  return `WITH ${ctes.join(',\n')}
    SELECT a.id AS account_id, a.segment,
           st.mrr::float8 AS mrr,
           (st.mrr - COALESCE(st.mrr90, 0))::float8 AS mrr_change90,
           extract(epoch FROM p.t - st.first_at)::float8 / 86400 AS tenure_days,
           (SELECT CASE WHEN c < p.d THEN (c + interval '1 year')::date ELSE c END
              FROM (SELECT (anchor + make_interval(years => (extract(year FROM p.d) - extract(year FROM anchor))::int))::date AS c
                      FROM (SELECT COALESCE(a.renewal_date, (st.first_at AT TIME ZONE 'UTC')::date) AS anchor) x) y) - p.d AS days_to_renewal,
           ${S('COALESCE(sig.active30, 0)')} AS active30,
           ${S('COALESCE(sig.active90, 0)')} AS active90,
           ${S('ln((COALESCE(sig.use30, 0) + 1)::float8 / (COALESCE(sig.use_prior60, 0)::float8 / 2 + 1))')} AS usage_trend,
           ${S('p.d - GREATEST(sig.last_active, obs.sig_since)')} AS days_since_activity,
           ${S('COALESCE(feat.breadth, 0)')} AS breadth,
           ${sig ? 'CASE WHEN obs.sig AND sig.seats_now > 0 AND sig.seats_then > 0 THEN ln(sig.seats_now / sig.seats_then) END::float8' : 'NULL::float8'} AS seat_change90,
           ${F('nps.latest')} AS nps_latest,
           ${F('nps.avg')} AS nps_avg,
           ${F('CASE WHEN nps.latest IS NULL THEN NULL WHEN nps.latest <= 6 THEN 1 ELSE 0 END')} AS detractor,
           ${S(`COALESCE(sig.neg_tickets, 0)${fb ? ' + CASE WHEN obs.fb THEN COALESCE(notes.neg, 0) ELSE 0 END' : ''}`)} AS neg_tickets90,
           ${S('COALESCE(sig.pay_fail, 0)')} AS pay_fail90,
           ${hasHealth ? (liveHealth ? 'hl.score' : 'CASE WHEN obs.hh THEN hl.score END') : 'NULL::float8'} AS health_score,
           lab.event_id AS churn_event
      FROM st
      JOIN accounts a ON a.id = st.account_id
      CROSS JOIN p
      CROSS JOIN obs
      LEFT JOIN lab ON lab.account_id = st.account_id
      ${sig ? 'LEFT JOIN sig ON sig.account_id = st.account_id LEFT JOIN feat ON feat.account_id = st.account_id' : ''}
      ${fb ? 'LEFT JOIN nps ON nps.account_id = st.account_id LEFT JOIN notes ON notes.account_id = st.account_id' : ''}
      ${hasHealth ? 'LEFT JOIN hl ON hl.account_id = st.account_id' : ''}
     WHERE st.mrr > 0
     ORDER BY a.id`;
}

export interface AccountFeatures {
  accountId: string;
  row: FeatureRow;
  /** The CHURN movement in the label window, or null (label 0). */
  churnEvent: string | null;
}

const f = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export function mapFeatureRow(r: Record<string, any>): AccountFeatures {
  return {
    accountId: r.account_id,
    churnEvent: r.churn_event ?? null,
    row: {
      activeDays30: f(r.active30),
      activeDays90: f(r.active90),
      usageTrend: f(r.usage_trend),
      daysSinceLastActivity: f(r.days_since_activity),
      featureBreadth: f(r.breadth),
      seatChange90: f(r.seat_change90),
      npsLatest: f(r.nps_latest),
      npsAvg: f(r.nps_avg),
      detractor: f(r.detractor),
      negativeTickets90: f(r.neg_tickets90),
      paymentFailures90: f(r.pay_fail90),
      mrr: f(r.mrr),
      mrrChange90: f(r.mrr_change90),
      tenureDays: f(r.tenure_days),
      daysToRenewal: f(r.days_to_renewal),
      healthScore: f(r.health_score),
      segment: r.segment ?? null,
    },
  };
}
