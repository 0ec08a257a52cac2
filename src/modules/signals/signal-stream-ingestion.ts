import type { DataSource } from 'typeorm';
import { poolOf } from '../../common/database/prepared-read';
import { isRejection, mergePartitionOf, validateSignal, ValidationWindow } from '../../core/signals/validate';
import {
  DEFAULT_CHUNK_LINES,
  MAX_LISTED_REJECTIONS,
  RawRecord,
  StreamOptions,
  StreamSummary,
} from './signal-ingest.types';
import { Queryable, unknownReason } from './signal-merge.sql';
import { StageLane } from './signal-stage-lane';

/** Concurrent merge streams of one ingest stream (by account; see `SignalStreamIngestion`). */
export const MERGE_PARTITIONS = 2;
/**
 * How long a stream waits for its first connection while the pool is busy with other work (pg-pool's own
 * wait is 5 s): a bulk upload queues behind other streams rather than getting 503 at once. A connection that
 * cannot be opened at all (the database is down) still fails at once.
 */
const STREAM_POOL_WAIT_MS = 30_000;
/** pg-pool's error when every connection stayed checked out for its whole connection timeout. */
const POOL_BUSY_MESSAGE = 'timeout exceeded when trying to connect';

/** A merge stream of the ingest stream: the lane it stages into, and its previous chunk's merge, if running. */
interface Partition {
  lane: StageLane | null;
  merging: Promise<StageLane> | null;
  used: boolean;
}

/**
 * The ingestion of ONE stream of records (NDJSON lines, CSV rows, generated demo data): validated one by one
 * and written as COPY rows into a per-connection temporary staging table while parsing; every `chunkLines`
 * staged rows the chunk is merged (one committed transaction) and `onChunk` is told. Memory holds one COPY
 * buffer per connection at most, never the input. A crash loses only the chunks not yet committed (the one
 * merging and the one being staged, never acknowledged); a re-send is idempotent.
 *
 * Partitioned by account reference into MERGE_PARTITIONS merge streams (`mergePartitionOf`), each on its
 * own connections ("lanes", each with its own staging table): while PostgreSQL merges a partition's chunk
 * on one lane, Node parses and COPYs the next into another, and the partitions' merges run concurrently
 * (they touch different accounts' rollups and ids, so they do not wait on each other). Within a partition
 * chunks merge one at a time, in order, so the first occurrence of a repeated (account, id) still wins.
 * Extra lanes are only taken when the pool has a free connection (else lanes are shared, down to one).
 *
 * Use once: `run` consumes the records and returns the summary.
 */
export class SignalStreamIngestion {
  private readonly summary: StreamSummary = {
    lines: 0,
    accepted: 0,
    duplicates: 0,
    rejectedCount: 0,
    rejected: [],
    chunks: 0,
  };
  /** Every lane opened (or being opened): all are released at the end. */
  private readonly lanes: StageLane[] = [];
  /** Lanes opened and neither staging nor merging. */
  private readonly idle: StageLane[] = [];
  /** Each partition stages into its own lane; its previous chunk may be merging on another. */
  private readonly parts: Partition[] = Array.from({ length: MERGE_PARTITIONS }, () => ({
    lane: null,
    merging: null,
    used: false,
  }));
  /**
   * Partition → the partition that merges its events. A partition that cannot get a first connection of its
   * own (the pool is busy) is folded into one already in use, for the rest of the stream: it has staged
   * nothing, so its accounts' order is kept; without this, two partitions would take turns on one lane and
   * commit a chunk per event.
   */
  private readonly route = this.parts.map((_, i) => i);
  private readonly partLines: number;
  private mergeFailure: Error | null = null;

  constructor(
    private readonly db: DataSource,
    private readonly window: ValidationWindow,
    private readonly ensureMonths: (months: Iterable<string>, q: Queryable) => Promise<unknown>,
    private readonly opts: StreamOptions = {},
  ) {
    this.partLines = Math.max(1, Math.ceil((opts.chunkLines ?? DEFAULT_CHUNK_LINES) / MERGE_PARTITIONS));
  }

  async run(records: AsyncIterable<RawRecord> | Iterable<RawRecord>): Promise<StreamSummary> {
    try {
      for await (const rec of records) {
        if (this.mergeFailure) throw this.mergeFailure;
        await this.take(rec);
      }
      for (const part of this.parts) await this.endChunk(part);
      for (const part of this.parts) if (part.merging) await this.reclaim(part);
      if (this.mergeFailure) throw this.mergeFailure;
      this.summary.rejected.sort((a, b) => a.line - b.line);
      return this.summary;
    } catch (err) {
      for (const l of this.lanes) await l.abortCopy();
      // Complete chunks already handed to their merges are committed (or fail) as they would have unpipelined.
      await Promise.allSettled(this.parts.flatMap((q) => (q.merging ? [q.merging] : [])));
      (err as { summary?: StreamSummary }).summary = this.summary;
      throw err;
    } finally {
      for (const l of this.lanes) await l.release();
    }
  }

  /** One record: rejected, or staged into its partition's lane (ending the chunk when it is full). */
  private async take(rec: RawRecord): Promise<void> {
    this.summary.lines++;
    if (rec.error !== undefined) return this.reject(rec.line, null, rec.error);
    const v = validateSignal(rec.value, this.window);
    if (isRejection(v)) return this.reject(rec.line, v.id, v.reason);
    const p = mergePartitionOf(v, MERGE_PARTITIONS);
    let part = this.parts[this.route[p]];
    if (!part.lane) {
      let got = await this.laneFor(part);
      if (!got) {
        this.route[p] = this.parts.findIndex((q) => q.used);
        part = this.parts[this.route[p]];
        got = part.lane ?? (await this.laneFor(part))!;
      }
      part.lane = got;
      part.used = true;
    }
    await part.lane.stage(rec.line, v);
    if (part.lane.staged >= this.partLines) await this.endChunk(part);
  }

  private reject(line: number, id: string | null, reason: string): void {
    this.summary.rejectedCount++;
    if (this.summary.rejected.length < MAX_LISTED_REJECTIONS) this.summary.rejected.push({ line, id, reason });
  }

  private async openLane(): Promise<StageLane> {
    const lane = new StageLane(this.db.createQueryRunner());
    this.lanes.push(lane);
    await lane.connect();
    return lane;
  }

  private async openFirstLane(): Promise<StageLane> {
    for (const deadline = Date.now() + STREAM_POOL_WAIT_MS; ;) {
      try {
        return await this.openLane();
      } catch (err) {
        const busy = err instanceof Error && err.message === POOL_BUSY_MESSAGE;
        if (!busy || Date.now() >= deadline) throw err;
        // The lane that could not connect holds nothing; forget it and queue again.
        const failed = this.lanes.pop();
        await failed?.release();
      }
    }
  }

  /**
   * A second connection for pipelining, only when the pool has one to spare right now: streams must not
   * wait on each other for their second lane (20 streams holding one connection each and waiting for
   * another would starve the pool). Null when none is free or it cannot be had.
   */
  private async openSpareLane(): Promise<StageLane | null> {
    const pool = poolOf(this.db);
    if (!pool) return null;
    const max = (pool as { options?: { max?: number } }).options?.max ?? 10;
    if (pool.waitingCount > 0 || (pool.idleCount === 0 && pool.totalCount >= max)) return null;
    try {
      return await this.openLane();
    } catch {
      return null;
    }
  }

  private async mergeLane(l: StageLane): Promise<StageLane> {
    const result = await l.merge(this.ensureMonths);
    for (const u of result.unknown) this.reject(u.seq, u.id, unknownReason(u.ref));
    const duplicates = result.known - result.accepted;
    this.summary.accepted += result.accepted;
    this.summary.duplicates += duplicates;
    this.summary.chunks++;
    await this.opts.onChunk?.({
      accepted: result.accepted,
      duplicates,
      accountIds: result.accountIds,
      summary: this.summary,
    });
    return l;
  }

  /** The lane of a finished merge, back for staging (the partition's chunks stay in order: its merge is done). */
  private async reclaim(part: Partition): Promise<StageLane> {
    const m = part.merging!;
    part.merging = null;
    return m;
  }

  /**
   * Ends a partition's chunk and starts its merge in the background, after the partition's previous merge
   * (chunks of one partition are merged one at a time, in order; partitions merge concurrently).
   */
  private async endChunk(part: Partition): Promise<void> {
    const l = part.lane;
    if (!l) return;
    await l.endCopy();
    if (!l.staged) return;
    part.lane = null;
    if (part.merging) this.idle.push(await this.reclaim(part));
    const m = this.mergeLane(l);
    m.catch((err: Error) => (this.mergeFailure ??= err));
    part.merging = m;
  }

  /**
   * A lane to stage into: an idle one, else a new one while the pool has a connection to spare (at most
   * two per partition), else (for a partition already in use; null for a new one) the lane of a merge (this
   * partition's, then any). Only the stream's first lane waits for the pool: streams must not hold one
   * connection and wait for another.
   */
  private async laneFor(part: Partition): Promise<StageLane | null> {
    const free = this.idle.pop();
    if (free) return free;
    if (!this.lanes.length) return this.openFirstLane();
    if (this.lanes.length < 2 * MERGE_PARTITIONS) {
      const spare = await this.openSpareLane();
      if (spare) return spare;
    }
    if (!part.used) return null;
    if (part.merging) return this.reclaim(part);
    let other = this.parts.find((q) => q.merging !== null);
    if (!other) {
      // Every lane is staging for another partition: end that chunk early to free its lane.
      other = this.parts.find((q) => q.lane?.staged)!;
      await this.endChunk(other);
    }
    return this.reclaim(other);
  }
}
