/**
 * Builds the ONE set-based query that computes, for every account in scope and as of a day D, the raw
 * value of each measure of the scorecards in use plus the inputs of the red flags — from the daily
 * signal rollups (`signal_daily`), feedback and the MRR ledger. Never scans raw events.
 *
 * As of day D means: rollup days ≤ D, and instants before D + 1 day (00:00 UTC).
 * A window of w days is the w days ending with D: day in (D − w, D].
 */

import { DEFAULT_WINDOW_DAYS, NON_ACTIVITY_SIGNAL_TYPES } from '../../core/health/raw-measures';

/** "Any signal" means product activity: every type except these (same rule as the core reference). */
const NOT_ACTIVITY = `(${NON_ACTIVITY_SIGNAL_TYPES.map((t) => `'${t}'`).join(', ')})`;

export interface MeasureSpec {
  metric: string;
  signalType?: string | null;
  windowDays?: number | null;
}


/** The window of a measure in days (its own, or the metric's default). */
export function windowOf(m: MeasureSpec): number {
  return m.windowDays ?? (DEFAULT_WINDOW_DAYS as Record<string, number | undefined>)[m.metric] ?? 30;
}

/** A stable column name for a measure's raw value. */
export function measureKey(m: MeasureSpec): string {
  const type = m.signalType ? m.signalType.replace(/[^a-z0-9]/g, '_') : 'any';
  return `${m.metric.toLowerCase()}__${type}__${windowOf(m)}`;
}

/** Signal types are validated to ^[a-z][a-z0-9_.]{0,63}$ before they reach here; quote anyway. */
function lit(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

function inWindow(w: number, offset = 0): string {
  return offset === 0 ? `sd.day > $1::date - ${w}` : `sd.day > $1::date - ${w + offset} AND sd.day <= $1::date - ${offset}`;
}

function typeCond(type: string | null | undefined, alias = 'sd'): string {
  return type ? ` AND ${alias}.type = ${lit(type)}` : ` AND ${alias}.type NOT IN ${NOT_ACTIVITY}`;
}

/** Active days in a window: per-type rows are unique per day, so a count; "any type" needs DISTINCT. */
function activeDays(type: string | null | undefined, w: number, offset = 0): string {
  return type
    ? `count(*) FILTER (WHERE ${inWindow(w, offset)}${typeCond(type)})`
    : `count(DISTINCT sd.day) FILTER (WHERE ${inWindow(w, offset)}${typeCond(null)})`;
}

export interface RawQuery {
  sql: string;
  /** Measure columns produced (by measureKey). */
  keys: string[];
}

/**
 * `$1` = as-of day (date), `$2` = account ids (uuid[]) or NULL for every account that is not churned.
 * Returns one row per account with: account_id, segment, renewal_date (text), customer_since,
 * one column per measure key (raw value or NULL when the measure has no data), and the flag inputs.
 */
export function buildRawMeasuresQuery(measures: MeasureSpec[]): RawQuery {
  const unique = new Map<string, MeasureSpec>();
  for (const m of measures) unique.set(measureKey(m), m);
  const sigCols: string[] = [];
  const outCols: string[] = [];
  let maxWindow = 90;
  for (const [key, m] of unique) {
    const w = windowOf(m);
    const t = m.signalType ?? null;
    maxWindow = Math.max(maxWindow, m.metric === 'USAGE_TREND' ? 2 * w : w);
    switch (m.metric) {
      case 'ACTIVE_DAYS':
        sigCols.push(`${activeDays(t, w)} AS ${key}`);
        outCols.push(`COALESCE(s.${key}, 0)::float8 AS ${key}`);
        break;
      case 'EVENT_COUNT':
        sigCols.push(`COALESCE(sum(sd.count) FILTER (WHERE ${inWindow(w)}${typeCond(t)}), 0) AS ${key}`);
        outCols.push(`COALESCE(s.${key}, 0)::float8 AS ${key}`);
        break;
      case 'QUANTITY_SUM':
        sigCols.push(`COALESCE(sum(sd.quantity) FILTER (WHERE ${inWindow(w)}${typeCond(t)}), 0) AS ${key}`);
        outCols.push(`COALESCE(s.${key}, 0)::float8 AS ${key}`);
        break;
      case 'USAGE_TREND':
        sigCols.push(`${activeDays(t, w)} AS ${key}_cur`, `${activeDays(t, w, w)} AS ${key}_prev`);
        outCols.push(`CASE WHEN COALESCE(s.${key}_prev, 0) > 0 THEN (s.${key}_cur - s.${key}_prev)::float8 / s.${key}_prev * 100 END AS ${key}`);
        break;
      case 'DISTINCT_FEATURES':
        outCols.push(
          `COALESCE((SELECT count(DISTINCT f)::float8 FROM signal_daily x, unnest(x.features) f
             WHERE x.account_id = a.id AND x.type = 'feature_used' AND x.day > $1::date - ${w} AND x.day <= $1::date), 0) AS ${key}`,
        );
        break;
      case 'NEGATIVE_TICKET_SHARE':
        sigCols.push(
          `sum(sd.tickets_negative) FILTER (WHERE ${inWindow(w)} AND sd.type = 'support_ticket') AS ${key}_neg`,
          `sum(sd.count) FILTER (WHERE ${inWindow(w)} AND sd.type = 'support_ticket') AS ${key}_all`,
        );
        outCols.push(`CASE WHEN COALESCE(s.${key}_all, 0) > 0 THEN s.${key}_neg::float8 / s.${key}_all END AS ${key}`);
        break;
      case 'PAYMENT_FAILURES':
        sigCols.push(`COALESCE(sum(sd.count) FILTER (WHERE ${inWindow(w)} AND sd.type = 'payment_failed'), 0) AS ${key}`);
        outCols.push(`COALESCE(s.${key}, 0)::float8 AS ${key}`);
        break;
      case 'DAYS_SINCE_LAST_ACTIVITY':
        outCols.push(
          `($1::date - (SELECT max(x.day) FROM signal_daily x WHERE x.account_id = a.id AND x.day <= $1::date${typeCond(t, 'x')}))::float8 AS ${key}`,
        );
        break;
      case 'NPS_LATEST':
        outCols.push(
          `(SELECT n.score::float8 FROM nps_responses n WHERE n.account_id = a.id AND n.responded_at < $1::date + 1
             ORDER BY n.responded_at DESC, n.id DESC LIMIT 1) AS ${key}`,
        );
        break;
      case 'NPS_AVERAGE':
        outCols.push(
          `(SELECT avg(n.score)::float8 FROM nps_responses n WHERE n.account_id = a.id
             AND n.responded_at >= ($1::date + 1 - ${w}) AND n.responded_at < $1::date + 1) AS ${key}`,
        );
        break;
      case 'CSAT_AVERAGE':
        outCols.push(
          `(SELECT avg(c.score)::float8 FROM csat_responses c WHERE c.account_id = a.id
             AND c.responded_at >= ($1::date + 1 - ${w}) AND c.responded_at < $1::date + 1) AS ${key}`,
        );
        break;
      case 'MRR_CHANGE_PCT':
        outCols.push(
          `(SELECT CASE WHEN then_mrr > 0 THEN (now_mrr - then_mrr)::float8 / then_mrr * 100 END FROM (
             SELECT COALESCE((SELECT m.mrr_after_cents FROM mrr_movements m WHERE m.account_id = a.id AND m.effective_at < $1::date + 1
                               ORDER BY m.effective_at DESC, m.seq DESC LIMIT 1), 0) AS now_mrr,
                    COALESCE((SELECT m.mrr_after_cents FROM mrr_movements m WHERE m.account_id = a.id AND m.effective_at < $1::date + 1 - ${w}
                               ORDER BY m.effective_at DESC, m.seq DESC LIMIT 1), 0) AS then_mrr) mm) AS ${key}`,
        );
        break;
      case 'DAYS_TO_RENEWAL':
        outCols.push(`(a.renewal_date - $1::date)::float8 AS ${key}`);
        break;
      case 'TENURE_DAYS':
        outCols.push(`CASE WHEN a.customer_since IS NOT NULL THEN ($1::date - (a.customer_since AT TIME ZONE 'UTC')::date)::float8 END AS ${key}`);
        break;
      default:
        throw new Error(`unknown metric ${m.metric}`);
    }
  }
  // Flag inputs (always computed): see src/core/health for the rules that read them.
  sigCols.push(
    `count(DISTINCT sd.day) FILTER (WHERE ${inWindow(30)}${typeCond(null)}) AS f_active_30`,
    `count(DISTINCT sd.day) FILTER (WHERE ${inWindow(60, 30)}${typeCond(null)}) AS f_active_prev_60`,
    `COALESCE(sum(sd.tickets_negative) FILTER (WHERE ${inWindow(30)} AND sd.type = 'support_ticket'), 0) AS f_negative_tickets_30`,
    `COALESCE(sum(sd.count) FILTER (WHERE ${inWindow(30)} AND sd.type = 'payment_failed'), 0) AS f_payment_failed_30`,
  );
  maxWindow = Math.max(maxWindow, 90);
  const sql = `
    WITH scope AS (
      SELECT a.id, a.segment, a.renewal_date, a.customer_since FROM accounts a
       WHERE ($2::uuid[] IS NULL AND a.status <> 'CHURNED') OR a.id = ANY($2::uuid[])
    ),
    s AS (
      SELECT sd.account_id, ${sigCols.join(',\n             ')}
        FROM signal_daily sd JOIN scope ON scope.id = sd.account_id
       WHERE sd.day > $1::date - ${maxWindow} AND sd.day <= $1::date
       GROUP BY sd.account_id
    )
    SELECT a.id AS account_id, a.segment, to_char(a.renewal_date, 'YYYY-MM-DD') AS renewal_date, a.customer_since,
           ${outCols.length ? `${outCols.join(',\n           ')},` : ''}
           COALESCE(s.f_active_30, 0)::int AS f_active_30,
           COALESCE(s.f_active_prev_60, 0)::int AS f_active_prev_60,
           COALESCE(s.f_negative_tickets_30, 0)::int AS f_negative_tickets_30,
           COALESCE(s.f_payment_failed_30, 0)::int AS f_payment_failed_30,
           (SELECT array_agg(d ORDER BY d DESC) FROM (
              SELECT DISTINCT x.day AS d FROM signal_daily x WHERE x.account_id = a.id AND x.day <= $1::date${typeCond(null, 'x')}
               ORDER BY x.day DESC LIMIT 12) r) AS f_recent_active_days,
           (SELECT max(x.day) FROM signal_daily x WHERE x.account_id = a.id AND x.type = 'email_opened' AND x.day <= $1::date) AS f_last_email_opened,
           (SELECT COALESCE(sum(x.count), 0)::int FROM signal_daily x WHERE x.account_id = a.id AND x.type = 'email_ignored' AND x.day <= $1::date
              AND x.day > COALESCE((SELECT max(y.day) FROM signal_daily y WHERE y.account_id = a.id AND y.type = 'email_opened' AND y.day <= $1::date), '-infinity'::date)
           ) AS f_emails_ignored_since_open,
           EXISTS (SELECT 1 FROM mrr_movements m WHERE m.account_id = a.id AND m.type = 'CONTRACTION'
                    AND m.effective_at >= $1::date + 1 - 90 AND m.effective_at < $1::date + 1) AS f_contraction_90,
           (SELECT n.score FROM nps_responses n WHERE n.account_id = a.id AND n.responded_at < $1::date + 1
             ORDER BY n.responded_at DESC, n.id DESC LIMIT 1) AS f_latest_nps
      FROM scope a LEFT JOIN s ON s.account_id = a.id`;
  return { sql, keys: [...unique.keys()] };
}
