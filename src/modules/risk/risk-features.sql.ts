import { FeatureRow } from '../../core/risk';

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

export interface FeatureQueryOptions {
  /** Live scoring: the health score is the current one (health_current) instead of the history before t. */
  live: boolean;
}

/**
 * ONE set-based query: the features of every account active at t (MRR > 0 from the movements before t),
 * using only data strictly before t — ledger movements with effective_at < t, signal/health days < t's UTC
 * day, feedback responded/occurred before t — and the label: a CHURN movement in [t, t + horizon).
 *
 * Parameters: $1 t (timestamptz), $2 horizon in days (int), $3 account ids (uuid[]) or NULL for all.
 * A source whose table does not exist yet contributes NULL columns (the pipeline imputes training means);
 * so do signal features of an account with no signal at all in the 365 days before t (no data ≠ no activity),
 * and NPS features of an account that never answered.
 */
export function featureQuery(src: FeatureSources, opts: FeatureQueryOptions): string {
  const ctes: string[] = [];
  ctes.push(`p AS (SELECT $1::timestamptz AS t, ($1::timestamptz AT TIME ZONE 'UTC')::date AS d)`);
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
             COALESCE(sum(s.count) FILTER (WHERE s.type = 'payment_failed' AND s.day >= p.d - 90), 0) AS pay_fail
        FROM signal_daily s, p
       WHERE s.day < p.d AND s.day >= p.d - 365 AND ($3::uuid[] IS NULL OR s.account_id = ANY($3::uuid[]))
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
  if (opts.live && src.healthCurrent) {
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
  const hasHealth = (opts.live && src.healthCurrent) || src.healthHistory;
  const sig = src.signals;
  const fb = src.feedback;
  return `WITH ${ctes.join(',\n')}
    SELECT a.id AS account_id, a.segment,
           st.mrr::float8 AS mrr,
           (st.mrr - COALESCE(st.mrr90, 0))::float8 AS mrr_change90,
           extract(epoch FROM p.t - st.first_at)::float8 / 86400 AS tenure_days,
           (SELECT CASE WHEN c < p.d THEN (c + interval '1 year')::date ELSE c END
              FROM (SELECT (anchor + make_interval(years => (extract(year FROM p.d) - extract(year FROM anchor))::int))::date AS c
                      FROM (SELECT COALESCE(a.renewal_date, (st.first_at AT TIME ZONE 'UTC')::date) AS anchor) x) y) - p.d AS days_to_renewal,
           ${sig ? 'sig.active30::float8' : 'NULL::float8'} AS active30,
           ${sig ? 'sig.active90::float8' : 'NULL::float8'} AS active90,
           ${sig ? 'ln((sig.use30 + 1)::float8 / (sig.use_prior60::float8 / 2 + 1))' : 'NULL::float8'} AS usage_trend,
           ${sig ? '(p.d - sig.last_active)::float8' : 'NULL::float8'} AS days_since_activity,
           ${sig ? 'CASE WHEN sig.account_id IS NULL THEN NULL ELSE COALESCE(feat.breadth, 0) END::float8' : 'NULL::float8'} AS breadth,
           ${fb ? 'nps.latest::float8' : 'NULL::float8'} AS nps_latest,
           ${fb ? 'nps.avg' : 'NULL::float8'} AS nps_avg,
           ${fb ? 'CASE WHEN nps.latest IS NULL THEN NULL WHEN nps.latest <= 6 THEN 1 ELSE 0 END::float8' : 'NULL::float8'} AS detractor,
           ${sig || fb ? `CASE WHEN ${[sig ? 'sig.account_id IS NULL' : 'TRUE', fb ? 'notes.account_id IS NULL' : 'TRUE'].join(' AND ')} THEN NULL ELSE ${sig ? 'COALESCE(sig.neg_tickets, 0)' : '0'} + ${fb ? 'COALESCE(notes.neg, 0)' : '0'} END::float8` : 'NULL::float8'} AS neg_tickets90,
           ${sig ? 'sig.pay_fail::float8' : 'NULL::float8'} AS pay_fail90,
           ${hasHealth ? 'hl.score' : 'NULL::float8'} AS health_score,
           lab.event_id AS churn_event
      FROM st
      JOIN accounts a ON a.id = st.account_id
      CROSS JOIN p
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
