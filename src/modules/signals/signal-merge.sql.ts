import type { ValidSignal } from '../../core/signals/validate';

/**
 * The one set-based merge of signals into storage (ids, raw events, daily rollups), its two sources (a GraphQL
 * batch's JSON document, a stream's staging table), and how it is run (own transaction, deadlock retry).
 */

export interface MergeResult {
  known: number;
  accepted: number;
  unknown: Array<{ seq: number; id: string; ref: string }>;
  accountIds: string[];
}

export type Queryable = { query: (sql: string, params?: unknown[]) => Promise<any> };

/**
 * A GraphQL batch arrives as one JSON document (one parameter: cheaper to send and to parse than ten arrays), with
 * one-letter keys and null fields left out (json_to_recordset reads a missing key as NULL): a third of the bytes.
 */
const JSON_SOURCE = `(SELECT s AS seq, a AS account_id, x AS account_ext, i AS id, t AS type, o AS occurred_at,
         q AS quantity, p AS properties, f AS feature, m AS sentiment
    FROM json_to_recordset($1::json)
      AS r(s int, a uuid, x text, i text, t text, o timestamptz, q float8, p jsonb, f text, m text))`;

/**
 * A JSON string literal of free text: unpaired surrogates become U+FFFD, as they do in the UTF-8 of the COPY path
 * (PostgreSQL's JSON parser refuses them).
 */
function wellFormedJson(x: string): string {
  return JSON.stringify(x.isWellFormed() ? x : x.toWellFormed());
}

/** The JSON document of JSON_SOURCE for valid signals and their positions in the batch. */
export function batchJson(valid: readonly ValidSignal[], seqs: readonly number[]): string {
  let out = '[';
  for (let k = 0; k < valid.length; k++) {
    const v = valid[k];
    // Validated, so nothing to escape: accountId (a UUID), type (^[a-z][a-z0-9_.]*$) and sentiment (an enum value).
    // properties is serialised JSON already and free of NULs and unpaired surrogates, and so is feature, taken from it.
    out += `${k ? ',' : ''}{"s":${seqs[k]},"i":${wellFormedJson(v.id)},"t":"${v.type}","o":"${v.occurredAt.toISOString()}","q":${v.quantity}`;
    out += v.accountId !== null ? `,"a":"${v.accountId}"` : `,"x":${wellFormedJson(v.accountExternalId!)}`;
    if (v.properties !== null) out += `,"p":${v.properties}`;
    if (v.feature !== null) out += `,"f":${JSON.stringify(v.feature)}`;
    if (v.sentiment !== null) out += `,"m":"${v.sentiment}"`;
    out += '}';
  }
  return out + ']';
}

/**
 * The merge, one statement (so atomic on its own): resolve accounts → first occurrence per (account, id) →
 * claim ids in `signal_ids` (ON CONFLICT DO NOTHING RETURNING: only what is really new, which the unique
 * index decides also against concurrent transactions) → insert those raw events → add those, and only
 * those, to the daily rollups. Rows are claimed and rolled up in key order so concurrent merges lock in the
 * same order (no deadlock cycles in practice; a deadlock is retried anyway).
 */
export function mergeSql(source: string): string {
  return `
WITH resolved AS MATERIALIZED (
  SELECT s.seq, COALESCE(a1.id, a2.id) AS acc, s.id, s.type, s.occurred_at, s.quantity, s.properties, s.feature, s.sentiment,
         COALESCE(s.account_id::text, s.account_ext) AS ref
    FROM ${source} s
    LEFT JOIN accounts a1 ON a1.id = s.account_id
    LEFT JOIN accounts a2 ON s.account_id IS NULL AND a2.external_id = s.account_ext
), src AS MATERIALIZED (
  SELECT DISTINCT ON (acc, id) acc, id, seq, type, occurred_at, quantity, properties, feature, sentiment
    FROM resolved WHERE acc IS NOT NULL ORDER BY acc, id, seq
), ins AS (
  INSERT INTO signal_ids (account_id, id, occurred_at)
  SELECT acc, id, occurred_at FROM src ORDER BY acc, id
  ON CONFLICT DO NOTHING
  RETURNING account_id, id
), fresh AS MATERIALIZED (
  SELECT src.* FROM src JOIN ins ON ins.account_id = src.acc AND ins.id = src.id
), ev AS (
  INSERT INTO signal_events (account_id, id, occurred_at, type, quantity, properties)
  SELECT acc, id, occurred_at, type, quantity, properties FROM fresh
), roll AS (
  INSERT INTO signal_daily AS d (account_id, day, type, count, quantity, features, tickets_positive, tickets_neutral, tickets_negative)
  SELECT acc, (occurred_at AT TIME ZONE 'UTC')::date, type, count(*), sum(quantity),
         COALESCE(array_agg(DISTINCT feature ORDER BY feature) FILTER (WHERE feature IS NOT NULL), '{}'),
         count(*) FILTER (WHERE sentiment = 'positive'),
         count(*) FILTER (WHERE sentiment = 'neutral'),
         count(*) FILTER (WHERE sentiment = 'negative')
    FROM fresh GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ON CONFLICT (account_id, day, type) DO UPDATE SET
    count = d.count + EXCLUDED.count,
    quantity = d.quantity + EXCLUDED.quantity,
    features = CASE WHEN cardinality(EXCLUDED.features) = 0 THEN d.features
                    ELSE ARRAY(SELECT DISTINCT f FROM unnest(d.features || EXCLUDED.features) AS f ORDER BY f) END,
    tickets_positive = d.tickets_positive + EXCLUDED.tickets_positive,
    tickets_neutral = d.tickets_neutral + EXCLUDED.tickets_neutral,
    tickets_negative = d.tickets_negative + EXCLUDED.tickets_negative,
    updated_at = now()
)
SELECT (SELECT count(*) FROM resolved WHERE acc IS NOT NULL)::int AS known,
       (SELECT count(*) FROM fresh)::int AS accepted,
       (SELECT COALESCE(json_agg(json_build_object('seq', seq, 'id', id, 'ref', ref) ORDER BY seq), '[]'::json)
          FROM resolved WHERE acc IS NULL) AS unknown,
       ARRAY(SELECT DISTINCT acc FROM fresh)::text[] AS account_ids`;
}

/** The merge of a GraphQL batch (built once). */
export const BATCH_MERGE_SQL = mergeSql(JSON_SOURCE);

const isDeadlock = (err: unknown) => ['40P01', '40001'].includes((err as { code?: string })?.code ?? '');

export async function withDeadlockRetry<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!isDeadlock(err) || attempt >= 5) throw err;
      await new Promise((r) => setTimeout(r, 20 * attempt + Math.random() * 50));
    }
  }
}

/**
 * Memory for the merge's sorts, hashes and CTE buffers (a 50,000-line chunk needs ≈ 20–30 MB; with the
 * default 4 MB they spill to temp files). Set with SET LOCAL, so only for the merge's own transaction.
 */
export const MERGE_WORK_MEM = '64MB';

/**
 * Runs the merge statement in its own transaction with `work_mem` raised for it alone (SET LOCAL): still one
 * commit per merge, so a crash loses only the merge in flight. Deadlocks are retried as a whole.
 */
export async function runMerge(client: Queryable, sql: string, params?: unknown[]): Promise<MergeResult> {
  return withDeadlockRetry(async () => {
    await client.query('BEGIN');
    try {
      await client.query(`SET LOCAL work_mem = '${MERGE_WORK_MEM}'`);
      const res = await client.query(sql, params);
      await client.query('COMMIT');
      return toMergeResult(rowsOf(res)[0]);
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
  });
}

export function rowsOf(res: any): any[] {
  return Array.isArray(res) ? res : res.rows;
}

export function toMergeResult(row: any): MergeResult {
  const unknown = typeof row.unknown === 'string' ? JSON.parse(row.unknown) : row.unknown;
  return { known: row.known, accepted: row.accepted, unknown, accountIds: row.account_ids ?? [] };
}

export function unknownReason(ref: string): string {
  return `unknown account ${ref}`;
}
