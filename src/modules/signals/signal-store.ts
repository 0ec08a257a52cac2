import { once } from 'node:events';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DataSource, QueryRunner } from 'typeorm';
import { poolOf } from '../../common/database/prepared-read';
import { copyText } from '../../core/signals/ndjson';
import {
  isRejection,
  mergePartitionOf,
  monthKey,
  retentionCutoff,
  validateSignal,
  ValidationWindow,
  ValidSignal,
} from '../../core/signals/validate';

/**
 * Storage of usage signals: validation window, partitions, and the one set-based merge that every
 * entry point (GraphQL batches, NDJSON streams, CLI import, demo data) goes through.
 * A plain class over a TypeORM DataSource (no Nest dependencies) so the demo loader and the benchmark can use it.
 */

/** One input record of a stream: a parsed value, or why the line could not be parsed. */
export interface RawRecord {
  /** 1-based line number (or any position the caller reports rejections by). */
  line: number;
  value?: unknown;
  error?: string;
}

export interface RejectedLine {
  line: number;
  id: string | null;
  reason: string;
}

export interface StreamSummary {
  lines: number;
  accepted: number;
  duplicates: number;
  /** Total rejected lines; `rejected` lists at most MAX_LISTED_REJECTIONS of them (memory stays flat). */
  rejectedCount: number;
  rejected: RejectedLine[];
  chunks: number;
}

export interface ChunkOutcome {
  accepted: number;
  duplicates: number;
  accountIds: string[];
  summary: StreamSummary;
}

export interface BatchOutcome {
  accepted: number;
  duplicates: number;
  rejected: Array<{ index: number; id: string | null; reason: string }>;
  accountIds: string[];
}

/** One connection of a stream, with its temporary staging table and the COPY into it in progress. */
interface Lane {
  qr: QueryRunner;
  client: PoolClient;
  copy: ReturnType<typeof copyFrom> | null;
  /**
   * The COPY stream's error, if it had one. The stream always has a listener: pg reports a connection lost
   * before or during the COPY as an 'error' event on it, which without a listener would end the process.
   */
  copyError: unknown;
  buf: string;
  staged: number;
  months: Set<string>;
}

interface MergeResult {
  known: number;
  accepted: number;
  unknown: Array<{ seq: number; id: string; ref: string }>;
  accountIds: string[];
}

export const DEFAULT_CHUNK_LINES = 50_000;
/** Concurrent merge streams of one ingest stream (by account; see `ingestStream`). */
export const MERGE_PARTITIONS = 2;
/** COPY data is written to the server in pieces of about this size. */
const COPY_BUFFER_BYTES = 256 * 1024;
/**
 * How long a stream waits for its first connection while the pool is busy with other work (pg-pool's own
 * wait is 5 s): a bulk upload queues behind other streams rather than getting 503 at once. A connection that
 * cannot be opened at all (the database is down) still fails at once.
 */
const STREAM_POOL_WAIT_MS = 30_000;
/** pg-pool's error when every connection stayed checked out for its whole connection timeout. */
const POOL_BUSY_MESSAGE = 'timeout exceeded when trying to connect';
export const MAX_LISTED_REJECTIONS = 1000;
/** Partitions kept ready ahead of time: the current month and the next ones. */
export const MONTHS_AHEAD = 2;

const STAGE_DDL = `CREATE TEMP TABLE IF NOT EXISTS signal_stage (
  seq int, account_id uuid, account_ext text, id text, type text, occurred_at timestamptz,
  quantity float8, properties jsonb, feature text, sentiment text)`;

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
function batchJson(valid: readonly ValidSignal[], seqs: readonly number[]): string {
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
const BATCH_MERGE_SQL = mergeSql(JSON_SOURCE);

const isDeadlock = (err: unknown) => ['40P01', '40001'].includes((err as { code?: string })?.code ?? '');

async function withDeadlockRetry<T>(fn: () => Promise<T>): Promise<T> {
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
async function runMerge(
  client: { query: (sql: string, params?: unknown[]) => Promise<any> },
  sql: string,
  params?: unknown[],
): Promise<MergeResult> {
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

type Queryable = { query: (sql: string, params?: unknown[]) => Promise<any> };

function rowsOf(res: any): any[] {
  return Array.isArray(res) ? res : res.rows;
}

function toMergeResult(row: any): MergeResult {
  const unknown = typeof row.unknown === 'string' ? JSON.parse(row.unknown) : row.unknown;
  return { known: row.known, accepted: row.accepted, unknown, accountIds: row.account_ids ?? [] };
}

function unknownReason(ref: string): string {
  return `unknown account ${ref}`;
}

export class SignalStore {
  /** Months whose partition is known to exist (saves a round trip per batch). */
  private readonly readyMonths = new Set<string>();

  constructor(
    private readonly db: DataSource,
    private readonly retentionMonths: number,
  ) {}

  window(now = Date.now()): ValidationWindow {
    return { now, oldest: retentionCutoff(new Date(now), this.retentionMonths) };
  }

  /** Creates the partitions of these months (`YYYY-MM-01`) if missing. */
  async ensureMonths(months: Iterable<string>, q: Queryable = this.db): Promise<string[]> {
    const created: string[] = [];
    for (const m of months) {
      if (this.readyMonths.has(m)) continue;
      const [r] = rowsOf(await q.query(`SELECT signal_events_ensure_partition($1::date) AS created`, [m]));
      if (r.created) created.push(m);
      this.readyMonths.add(m);
    }
    return created;
  }

  /** Daily maintenance: partitions for this month and the next ones, then retention. */
  async maintain(now = new Date()): Promise<{ created: string[]; dropped: string[] }> {
    const months: string[] = [];
    for (let i = 0; i <= MONTHS_AHEAD; i++)
      months.push(monthKey(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + i, 1))));
    this.readyMonths.clear();
    const created = await this.ensureMonths(months);
    const dropped = await this.dropBefore(retentionCutoff(now, this.retentionMonths));
    return { created, dropped };
  }

  /** Drops raw partitions (and forgets ids) before `cutoff`; rollups are kept. Returns the dropped partitions. */
  async dropBefore(cutoff: Date): Promise<string[]> {
    const [r] = await this.db.query(`SELECT signal_events_drop_before($1::timestamptz) AS dropped`, [cutoff]);
    this.readyMonths.clear();
    return r.dropped ?? [];
  }

  /**
   * A GraphQL batch: validates each item, merges the valid ones in one statement (atomic), and reports each
   * rejected item by its index in `items`.
   */
  async ingestBatch(items: readonly unknown[]): Promise<BatchOutcome> {
    const window = this.window();
    const rejected: BatchOutcome['rejected'] = [];
    const valid: ValidSignal[] = [];
    /** Each valid signal's index in `items`. */
    const seqs: number[] = [];
    const months = new Set<string>();
    for (let index = 0; index < items.length; index++) {
      const v = validateSignal(items[index], window);
      if (isRejection(v)) {
        rejected.push({ index, id: v.id, reason: v.reason });
        continue;
      }
      valid.push(v);
      seqs.push(index);
      months.add(monthKey(v.occurredAt));
    }
    if (!valid.length) return { accepted: 0, duplicates: 0, rejected, accountIds: [] };
    await this.ensureMonths(months);
    const doc = batchJson(valid, seqs);
    // One statement, autocommitted (a batch of ≤ 5,000 fits the default work_mem).
    const result = await withDeadlockRetry(async () =>
      toMergeResult(rowsOf(await this.db.query(BATCH_MERGE_SQL, [doc]))[0]),
    );
    for (const u of result.unknown) rejected.push({ index: u.seq, id: u.id, reason: unknownReason(u.ref) });
    rejected.sort((a, b) => a.index - b.index);
    return {
      accepted: result.accepted,
      duplicates: result.known - result.accepted,
      rejected,
      accountIds: result.accountIds,
    };
  }

  /**
   * A stream of records (NDJSON lines, CSV rows, generated demo data): validated one by one and written as
   * COPY rows into a per-connection temporary staging table while parsing; every `chunkLines` staged rows
   * the chunk is merged (one committed transaction) and `onChunk` is told. Memory holds one COPY buffer per
   * connection at most, never the input. A crash loses only the chunks not yet committed (the one merging
   * and the one being staged, never acknowledged); a re-send is idempotent.
   *
   * Partitioned by account reference into MERGE_PARTITIONS merge streams (`mergePartitionOf`), each on its
   * own connections ("lanes", each with its own staging table): while PostgreSQL merges a partition's chunk
   * on one lane, Node parses and COPYs the next into another, and the partitions' merges run concurrently
   * (they touch different accounts' rollups and ids, so they do not wait on each other). Within a partition
   * chunks merge one at a time, in order, so the first occurrence of a repeated (account, id) still wins.
   * Extra lanes are only taken when the pool has a free connection (else lanes are shared, down to one).
   */
  async ingestStream(
    records: AsyncIterable<RawRecord> | Iterable<RawRecord>,
    opts: { chunkLines?: number; onChunk?: (c: ChunkOutcome) => void | Promise<void> } = {},
  ): Promise<StreamSummary> {
    const chunkLines = opts.chunkLines ?? DEFAULT_CHUNK_LINES;
    const window = this.window();
    const summary: StreamSummary = { lines: 0, accepted: 0, duplicates: 0, rejectedCount: 0, rejected: [], chunks: 0 };
    const reject = (line: number, id: string | null, reason: string) => {
      summary.rejectedCount++;
      if (summary.rejected.length < MAX_LISTED_REJECTIONS) summary.rejected.push({ line, id, reason });
    };
    const lanes: Lane[] = [];
    const openLane = async (): Promise<Lane> => {
      const qr = this.db.createQueryRunner();
      const lane: Lane = {
        qr,
        client: null as unknown as PoolClient,
        copy: null,
        copyError: null,
        buf: '',
        staged: 0,
        months: new Set(),
      };
      lanes.push(lane);
      lane.client = (await qr.connect()) as PoolClient;
      await lane.client.query(STAGE_DDL);
      await lane.client.query('TRUNCATE signal_stage');
      return lane;
    };
    const openFirstLane = async (): Promise<Lane> => {
      for (const deadline = Date.now() + STREAM_POOL_WAIT_MS; ;) {
        try {
          return await openLane();
        } catch (err) {
          const busy = err instanceof Error && err.message === POOL_BUSY_MESSAGE;
          if (!busy || Date.now() >= deadline) throw err;
          // The lane that could not connect holds nothing; forget it and queue again.
          const failed = lanes.pop();
          await failed?.qr.release();
        }
      }
    };
    /** Lanes opened and neither staging nor merging. */
    const idle: Lane[] = [];
    /** Each partition stages into its own lane; its previous chunk may be merging on another. */
    const parts: Array<{ lane: Lane | null; merging: Promise<Lane> | null; used: boolean }> = Array.from(
      { length: MERGE_PARTITIONS },
      () => ({
        lane: null,
        merging: null,
        used: false,
      }),
    );
    /**
     * Partition → the partition that merges its events. A partition that cannot get a first connection of its
     * own (the pool is busy) is folded into one already in use, for the rest of the stream: it has staged
     * nothing, so its accounts' order is kept; without this, two partitions would take turns on one lane and
     * commit a chunk per event.
     */
    const route = parts.map((_, i) => i);
    const partLines = Math.max(1, Math.ceil(chunkLines / MERGE_PARTITIONS));
    let mergeFailure: unknown = null;

    const startCopy = (l: Lane) => {
      const c = l.client.query(
        copyFrom(
          `COPY signal_stage (seq, account_id, account_ext, id, type, occurred_at, quantity, properties, feature, sentiment) FROM STDIN`,
        ),
      );
      l.copyError = null;
      c.on('error', (err) => (l.copyError ??= err));
      return c;
    };
    const flushBuf = async (l: Lane) => {
      if (!l.buf || !l.copy) return;
      if (l.copyError) throw l.copyError;
      const ok = l.copy.write(l.buf);
      l.buf = '';
      if (!ok) await once(l.copy, 'drain');
    };
    const endCopy = async (l: Lane) => {
      if (!l.copy) return;
      const c = l.copy;
      l.copy = null;
      if (l.copyError) throw l.copyError;
      if (l.buf) c.write(l.buf);
      l.buf = '';
      await new Promise<void>((resolve, reject) => {
        c.once('finish', resolve);
        c.once('error', reject);
        c.end();
      });
    };
    const mergeLane = async (l: Lane): Promise<Lane> => {
      await this.ensureMonths(l.months, l.client);
      const result = await runMerge(l.client, mergeSql('signal_stage'));
      await l.client.query('TRUNCATE signal_stage');
      for (const u of result.unknown) reject(u.seq, u.id, unknownReason(u.ref));
      const duplicates = result.known - result.accepted;
      summary.accepted += result.accepted;
      summary.duplicates += duplicates;
      summary.chunks++;
      l.staged = 0;
      l.months.clear();
      await opts.onChunk?.({ accepted: result.accepted, duplicates, accountIds: result.accountIds, summary });
      return l;
    };
    /** The lane of a finished merge, back for staging (the partition's chunks stay in order: its merge is done). */
    const reclaim = async (part: (typeof parts)[number]): Promise<Lane> => {
      const m = part.merging!;
      part.merging = null;
      return m;
    };
    /**
     * Ends a partition's chunk and starts its merge in the background, after the partition's previous merge
     * (chunks of one partition are merged one at a time, in order; partitions merge concurrently).
     */
    const endChunk = async (part: (typeof parts)[number]) => {
      const l = part.lane;
      if (!l) return;
      await endCopy(l);
      if (!l.staged) return;
      part.lane = null;
      if (part.merging) idle.push(await reclaim(part));
      const m = mergeLane(l);
      m.catch((err) => (mergeFailure ??= err));
      part.merging = m;
    };
    /**
     * A lane to stage into: an idle one, else a new one while the pool has a connection to spare (at most
     * two per partition), else (for a partition already in use; null for a new one) the lane of a merge (this
     * partition's, then any). Only the stream's first lane waits for the pool: streams must not hold one
     * connection and wait for another.
     */
    const laneFor = async (part: (typeof parts)[number]): Promise<Lane | null> => {
      const free = idle.pop();
      if (free) return free;
      if (!lanes.length) return openFirstLane();
      if (lanes.length < 2 * MERGE_PARTITIONS) {
        const spare = await this.openSpareLane(openLane);
        if (spare) return spare;
      }
      if (!part.used) return null;
      if (part.merging) return reclaim(part);
      let other = parts.find((q) => q.merging);
      if (!other) {
        // Every lane is staging for another partition: end that chunk early to free its lane.
        other = parts.find((q) => q.lane?.staged)!;
        await endChunk(other);
      }
      return reclaim(other);
    };
    try {
      for await (const rec of records) {
        if (mergeFailure) throw mergeFailure;
        summary.lines++;
        if (rec.error !== undefined) {
          reject(rec.line, null, rec.error);
          continue;
        }
        const v = validateSignal(rec.value, window);
        if (isRejection(v)) {
          reject(rec.line, v.id, v.reason);
          continue;
        }
        const p = mergePartitionOf(v, MERGE_PARTITIONS);
        let part = parts[route[p]];
        if (!part.lane) {
          let got = await laneFor(part);
          if (!got) {
            route[p] = parts.findIndex((q) => q.used);
            part = parts[route[p]];
            got = part.lane ?? (await laneFor(part))!;
          }
          part.lane = got;
          part.used = true;
        }
        const lane = part.lane;
        if (!lane.copy) lane.copy = startCopy(lane);
        const at = v.occurredAt.toISOString();
        lane.buf += `${rec.line}\t${v.accountId ?? '\\N'}\t${copyText(v.accountExternalId)}\t${copyText(v.id)}\t${copyText(v.type)}\t${at}\t${v.quantity}\t${copyText(v.properties)}\t${copyText(v.feature)}\t${v.sentiment ?? '\\N'}\n`;
        lane.months.add(`${at.slice(0, 7)}-01`);
        lane.staged++;
        if (lane.buf.length >= COPY_BUFFER_BYTES) await flushBuf(lane);
        if (lane.staged >= partLines) await endChunk(part);
      }
      for (const part of parts) await endChunk(part);
      for (const part of parts) if (part.merging) await reclaim(part);
      if (mergeFailure) throw mergeFailure;
      summary.rejected.sort((a, b) => a.line - b.line);
      return summary;
    } catch (err) {
      for (const l of lanes) {
        const c = l.copy;
        if (!c) continue;
        l.copy = null;
        // A COPY that already failed (its connection is gone) has nothing to abort, and would never confirm.
        if (l.copyError) continue;
        // Abort the COPY in flight (nothing of this chunk was merged) and wait for the server to confirm.
        const done = new Promise<void>((resolve) => {
          c.once('error', () => resolve());
          c.once('finish', () => resolve());
          c.once('close', () => resolve());
        });
        c.destroy(new Error('input aborted'));
        await done;
      }
      // Complete chunks already handed to their merges are committed (or fail) as they would have unpipelined.
      await Promise.allSettled(parts.map((q) => q.merging));
      (err as { summary?: StreamSummary }).summary = summary;
      throw err;
    } finally {
      for (const l of lanes) await l.qr.release();
    }
  }

  /**
   * A second connection for pipelining, only when the pool has one to spare right now: streams must not
   * wait on each other for their second lane (20 streams holding one connection each and waiting for
   * another would starve the pool). Null when none is free or it cannot be had.
   */
  private async openSpareLane(open: () => Promise<Lane>): Promise<Lane | null> {
    const pool = poolOf(this.db);
    if (!pool) return null;
    const max = (pool as { options?: { max?: number } }).options?.max ?? 10;
    if (pool.waitingCount > 0 || (pool.idleCount === 0 && pool.totalCount >= max)) return null;
    try {
      return await open();
    } catch {
      return null;
    }
  }
}
