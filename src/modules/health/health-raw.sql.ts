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
  return offset === 0
    ? `sd.day > $1::date - ${w}`
    : `sd.day > $1::date - ${w + offset} AND sd.day <= $1::date - ${offset}`;
}

function typeCond(type: string | null | undefined, alias = 'sd'): string {
  if (type) return ` AND ${alias}.type = ${lit(type)}`;
  // The lookback's rows carry the test once, computed (is_activity below); older rows test it here.
  return alias === 'sd' ? ` AND sd.is_activity` : ` AND ${alias}.type NOT IN ${NOT_ACTIVITY}`;
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

/** The optional account id range [$3, $4) on an account id column (lets that table's index skip the rest). */
const inIdRange = (column: string) =>
  `($3::uuid IS NULL OR ${column} >= $3::uuid) AND ($4::uuid IS NULL OR ${column} < $4::uuid)`;
const X_IN_RANGE = ` AND ${inIdRange('x.account_id')}`;

/** The epoch day number of a date expression (avoids date parsing on the client). */
const dayNum = (e: string) => `(${e} - DATE '1970-01-01')`;

/**
 * `$1` = as-of day (date), `$2` = account ids (uuid[]) or NULL for every account that is not churned,
 * `$3`, `$4` = an optional account id range [from, to) (uuid or NULL = unbounded): a full recompute runs
 * one statement per range on separate connections, because PostgreSQL does not parallelise the ordered
 * and DISTINCT aggregates this query needs (the plain baseline aggregate gets parallel workers).
 * Returns one row per account with: account_id, segment, renewal_date (text), customer_since,
 * one column per measure key (raw value or NULL when the measure has no data), and the flag inputs
 * (`f_recent_active_days` = epoch day numbers of the latest active days, at most 12, any order).
 *
 * Shape (set-based, every table read once for all accounts in scope):
 * - `s`: ONE grouped pass over the rollups of the bounded lookback (the longest window, at least 90 days)
 *   computes every windowed measure, the flag counts, and what the unbounded inputs need from recent
 *   history (latest day per type, active days, email days).
 * - Inputs that look at all history (days since last activity, the 12 latest active days, emails
 *   ignored since the last open) take the lookback's answer when it is complete, and only otherwise
 *   (nothing or too little in the lookback) probe the older rollups of that one account through the
 *   primary key: `COALESCE`/`CASE` evaluate those subqueries lazily, for those accounts only.
 * - `n`, `c`, `m`: one grouped pass each over NPS, CSAT and the MRR ledger (latest values by ordered
 *   array_agg, averages and the contraction flag by FILTER).
 */
export function buildRawMeasuresQuery(measures: MeasureSpec[]): RawQuery {
  const unique = new Map<string, MeasureSpec>();
  for (const m of measures) unique.set(measureKey(m), m);
  const sigCols: string[] = [];
  const outCols: string[] = [];
  const featureWindows = new Set<number>();
  const npsWindows = new Set<number>();
  const csatWindows = new Set<number>();
  const mrrWindows = new Set<number>();
  let lookback = 90;
  for (const m of unique.values())
    lookback = Math.max(lookback, m.metric === 'USAGE_TREND' ? 2 * windowOf(m) : windowOf(m));
  const D = '$1::date';
  /** Rollups older than the lookback (the fallback probes read only these). */
  const older = `x.day <= ${D} - ${lookback}`;
  for (const [key, m] of unique) {
    const w = windowOf(m);
    const t = m.signalType ?? null;
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
        outCols.push(
          `CASE WHEN COALESCE(s.${key}_prev, 0) > 0 THEN (s.${key}_cur - s.${key}_prev)::float8 / s.${key}_prev * 100 END AS ${key}`,
        );
        break;
      case 'DISTINCT_FEATURES':
        // The feature arrays of the window's feature_used rows (as JSON: arrays of any length), counted
        // distinct per account below — no second pass over the rollups.
        if (!featureWindows.has(w)) {
          featureWindows.add(w);
          sigCols.push(
            `jsonb_agg(to_jsonb(sd.features)) FILTER (WHERE ${inWindow(w)} AND sd.type = 'feature_used') AS features_${w}`,
          );
        }
        outCols.push(
          `COALESCE((SELECT count(DISTINCT e.f) FROM jsonb_array_elements(s.features_${w}) AS fa(v), jsonb_array_elements_text(fa.v) AS e(f)), 0)::float8 AS ${key}`,
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
        sigCols.push(
          `COALESCE(sum(sd.count) FILTER (WHERE ${inWindow(w)} AND sd.type = 'payment_failed'), 0) AS ${key}`,
        );
        outCols.push(`COALESCE(s.${key}, 0)::float8 AS ${key}`);
        break;
      case 'DAYS_SINCE_LAST_ACTIVITY':
        // The latest matching day in the lookback, else (none there) the latest older one.
        sigCols.push(`max(sd.day) FILTER (WHERE TRUE${typeCond(t)}) AS ${key}_last`);
        outCols.push(
          `(${D} - COALESCE(s.${key}_last, (SELECT max(x.day) FROM signal_daily x WHERE x.account_id = a.id AND ${older}${typeCond(t, 'x')})))::float8 AS ${key}`,
        );
        break;
      case 'NPS_LATEST':
        outCols.push(`n.latest::float8 AS ${key}`);
        break;
      case 'NPS_AVERAGE':
        npsWindows.add(w);
        outCols.push(`n.avg_${w} AS ${key}`);
        break;
      case 'CSAT_AVERAGE':
        csatWindows.add(w);
        outCols.push(`c.avg_${w} AS ${key}`);
        break;
      case 'MRR_CHANGE_PCT':
        mrrWindows.add(w);
        outCols.push(
          `CASE WHEN COALESCE(m.then_${w}, 0) > 0 THEN (COALESCE(m.now_mrr, 0) - m.then_${w})::float8 / m.then_${w} * 100 END AS ${key}`,
        );
        break;
      case 'DAYS_TO_RENEWAL':
        outCols.push(`(a.renewal_date - ${D})::float8 AS ${key}`);
        break;
      case 'TENURE_DAYS':
        outCols.push(
          `CASE WHEN a.customer_since IS NOT NULL THEN (${D} - (a.customer_since AT TIME ZONE 'UTC')::date)::float8 END AS ${key}`,
        );
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
    // The active days of the lookback (ascending day numbers); the latest 12 are kept below.
    `array_agg(DISTINCT sd.day ORDER BY sd.day) FILTER (WHERE TRUE${typeCond(null)}) AS active_days`,
    // Emails: the last open in the lookback, and the ignored rows (day, count) of the lookback.
    `max(sd.day) FILTER (WHERE sd.type = 'email_opened') AS last_open`,
    `array_agg(sd.day) FILTER (WHERE sd.type = 'email_ignored') AS ignored_days`,
    `array_agg(sd.count) FILTER (WHERE sd.type = 'email_ignored') AS ignored_counts`,
  );
  const ctes: string[] = [
    `scope AS (
      SELECT a.id, a.segment, a.renewal_date, a.customer_since FROM accounts a
       WHERE (($2::uuid[] IS NULL AND a.status <> 'CHURNED') OR a.id = ANY($2::uuid[]))
         AND ${inIdRange('a.id')}
    )`,
    `s AS (
      SELECT sd.account_id, ${sigCols.join(',\n             ')}
        FROM (
          -- OFFSET 0 keeps this a subquery, so is_activity is evaluated once per row, not once per aggregate.
          SELECT r.*, r.type NOT IN ${NOT_ACTIVITY} AS is_activity FROM signal_daily r
           WHERE r.day > ${D} - ${lookback} AND r.day <= ${D}
             AND ${inIdRange('r.account_id')}
          ORDER BY r.account_id, r.day OFFSET 0
        ) sd JOIN scope ON scope.id = sd.account_id
       GROUP BY sd.account_id
    )`,
  ];
  const joins: string[] = ['LEFT JOIN s ON s.account_id = a.id'];
  ctes.push(`n AS (
      SELECT x.account_id, (array_agg(x.score ORDER BY x.responded_at DESC, x.id DESC))[1] AS latest${[...npsWindows]
        .map((w) => `,\n             avg(x.score) FILTER (WHERE x.responded_at >= ${D} + 1 - ${w})::float8 AS avg_${w}`)
        .join('')}
        FROM nps_responses x JOIN scope ON scope.id = x.account_id
       WHERE x.responded_at < ${D} + 1${X_IN_RANGE}
       GROUP BY x.account_id
    )`);
  joins.push('LEFT JOIN n ON n.account_id = a.id');
  if (csatWindows.size) {
    const cw = [...csatWindows];
    ctes.push(`c AS (
      SELECT x.account_id, ${cw.map((w) => `avg(x.score) FILTER (WHERE x.responded_at >= ${D} + 1 - ${w})::float8 AS avg_${w}`).join(', ')}
        FROM csat_responses x JOIN scope ON scope.id = x.account_id
       WHERE x.responded_at >= ${D} + 1 - ${Math.max(...cw)} AND x.responded_at < ${D} + 1${X_IN_RANGE}
       GROUP BY x.account_id
    )`);
    joins.push('LEFT JOIN c ON c.account_id = a.id');
  }
  const mrrOrder = 'ORDER BY x.effective_at DESC, x.seq DESC';
  ctes.push(`m AS (
      SELECT x.account_id, (array_agg(x.mrr_after_cents ${mrrOrder}))[1] AS now_mrr${[...mrrWindows]
        .map(
          (w) =>
            `,\n             (array_agg(x.mrr_after_cents ${mrrOrder}) FILTER (WHERE x.effective_at < ${D} + 1 - ${w}))[1] AS then_${w}`,
        )
        .join('')},
             bool_or(x.type = 'CONTRACTION' AND x.effective_at >= ${D} + 1 - 90) AS contraction_90
        FROM mrr_movements x JOIN scope ON scope.id = x.account_id
       WHERE x.effective_at < ${D} + 1${X_IN_RANGE}
       GROUP BY x.account_id
    )`);
  joins.push('LEFT JOIN m ON m.account_id = a.id');

  const activityOlder = typeCond(null, 'x');
  const sql = `
    WITH ${ctes.join(',\n    ')}
    SELECT a.id AS account_id, a.segment, to_char(a.renewal_date, 'YYYY-MM-DD') AS renewal_date, a.customer_since,
           ${outCols.length ? `${outCols.join(',\n           ')},` : ''}
           COALESCE(s.f_active_30, 0)::int AS f_active_30,
           COALESCE(s.f_active_prev_60, 0)::int AS f_active_prev_60,
           COALESCE(s.f_negative_tickets_30, 0)::int AS f_negative_tickets_30,
           COALESCE(s.f_payment_failed_30, 0)::int AS f_payment_failed_30,
           ARRAY(SELECT ${dayNum('r.d')} FROM unnest(s.active_days[cardinality(s.active_days) - 11:]) AS r(d))
             || CASE WHEN COALESCE(cardinality(s.active_days), 0) >= 12 THEN '{}'::int[] ELSE ARRAY(
                  SELECT DISTINCT ${dayNum('x.day')} AS d FROM signal_daily x WHERE x.account_id = a.id AND ${older}${activityOlder}
                   ORDER BY d DESC LIMIT 12 - COALESCE(cardinality(s.active_days), 0)) END AS f_recent_active_days,
           CASE WHEN s.last_open IS NOT NULL
                THEN (SELECT COALESCE(sum(i.c), 0) FROM unnest(s.ignored_days, s.ignored_counts) AS i(d, c) WHERE i.d > s.last_open)::int
                ELSE (COALESCE((SELECT sum(i) FROM unnest(s.ignored_counts) AS i), 0) + (
                  SELECT COALESCE(sum(x.count), 0) FROM signal_daily x WHERE x.account_id = a.id AND x.type = 'email_ignored' AND ${older}
                     AND x.day > COALESCE((SELECT max(y.day) FROM signal_daily y WHERE y.account_id = a.id AND y.type = 'email_opened' AND y.day <= ${D} - ${lookback}), '-infinity'::date)))::int
           END AS f_emails_ignored_since_open,
           COALESCE(m.contraction_90, false) AS f_contraction_90,
           n.latest AS f_latest_nps
      FROM scope a ${joins.join(' ')}`;
  return { sql, keys: [...unique.keys()] };
}
