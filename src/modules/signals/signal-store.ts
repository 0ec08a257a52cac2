import type { DataSource } from 'typeorm';
import {
  isRejection,
  monthKey,
  retentionCutoff,
  validateSignal,
  ValidationWindow,
  ValidSignal,
} from '../../core/signals/validate';
import type { BatchOutcome, RawRecord, StreamOptions, StreamSummary } from './signal-ingest.types';
import {
  BATCH_MERGE_SQL,
  MergeResult,
  batchJson,
  Queryable,
  rowsOf,
  toMergeResult,
  unknownReason,
  withDeadlockRetry,
} from './signal-merge.sql';
import { SignalStreamIngestion } from './signal-stream-ingestion';
import { BATCH_STAGE_MERGE_SQL, copyBatch, COPY_MIN_SIGNALS } from './signal-batch-stage';
import type { PoolClient } from 'pg';

export type {
  BatchOutcome,
  ChunkOutcome,
  RawRecord,
  RejectedLine,
  StreamOptions,
  StreamSummary,
} from './signal-ingest.types';

/**
 * Storage of usage signals: validation window, partitions, and the entry points (GraphQL batches; streams from
 * NDJSON, CLI import and demo data) into the one set-based merge (signal-merge.sql.ts).
 * A plain class over a TypeORM DataSource (no Nest dependencies) so the demo loader and the benchmark can use it.
 */

/** Partitions kept ready ahead of time: the current month and the next ones. */
export const MONTHS_AHEAD = 2;

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
   * rejected item by its index in `items`. With `within` (a connection in a transaction, e.g. an EntityManager)
   * the merge runs in that transaction, so the caller's other writes and the signals commit together; with
   * `copyClient` too (that transaction's connection, its batch stage prepared) a large batch is staged by COPY.
   */
  async ingestBatch(
    items: readonly unknown[],
    opts: { within?: Queryable; copyClient?: PoolClient } = {},
  ): Promise<BatchOutcome> {
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
    let result: MergeResult;
    if (opts.within && opts.copyClient && valid.length >= COPY_MIN_SIGNALS) {
      // Inside the caller's transaction, staged by COPY on its connection (see signal-batch-stage.ts).
      await this.ensureMonths(months, opts.within);
      await copyBatch(opts.copyClient, valid, seqs);
      result = toMergeResult(rowsOf(await opts.within.query(BATCH_STAGE_MERGE_SQL))[0]);
    } else if (opts.within) {
      const doc = batchJson(valid, seqs);
      // Inside the caller's transaction: a deadlock aborts it, so the caller retries the whole transaction.
      await this.ensureMonths(months, opts.within);
      result = toMergeResult(rowsOf(await opts.within.query(BATCH_MERGE_SQL, [doc]))[0]);
    } else {
      await this.ensureMonths(months);
      const doc = batchJson(valid, seqs);
      // One statement, autocommitted (a batch of ≤ 5,000 fits the default work_mem).
      result = await withDeadlockRetry(async () =>
        toMergeResult(rowsOf(await this.db.query(BATCH_MERGE_SQL, [doc]))[0]),
      );
    }
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
   * A stream of records (NDJSON lines, CSV rows, generated demo data), staged and merged in chunks as it is read
   * (see SignalStreamIngestion); `onChunk` is told after each committed chunk.
   */
  async ingestStream(
    records: AsyncIterable<RawRecord> | Iterable<RawRecord>,
    opts: StreamOptions = {},
  ): Promise<StreamSummary> {
    const ensureMonths = (months: Iterable<string>, q: Queryable) => this.ensureMonths(months, q);
    return new SignalStreamIngestion(this.db, this.window(), ensureMonths, opts).run(records);
  }
}
