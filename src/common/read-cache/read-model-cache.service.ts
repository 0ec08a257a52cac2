import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { LRUCache } from 'lru-cache';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../../config/config';
import { InjectConfig } from '../../config/config.module';
import { preparedRead, runPreparedRead } from '../database/prepared-read';

/** Groups of tables whose committed changes are counted (migration 1764001100000-ReadModelChanges). */
export type ReadScope = 'accounts' | 'health' | 'overrides' | 'risk' | 'nps';

export interface ComputedRead<T> {
  value: T;
  /** Epoch ms after which the answer is stale even without a change (e.g. the next override expiry). */
  validUntil?: number;
}

interface Entry {
  stamp: string;
  validUntil: number;
  value: unknown;
}

export const STAMP = preparedRead(
  'read_model_stamp',
  `SELECT scope, sum(changes)::text AS version, count(*)::int AS n FROM read_model_changes GROUP BY scope`,
);

/** Compaction folds a scope's change rows into one once the table holds this many. */
const COMPACT_AFTER_ROWS = 256;

/**
 * Answers of expensive, often repeated reads (the accounts list with its count, NPS summaries), kept per
 * instance and served only while exact: each answer is stored with the change counters of the tables it read,
 * taken in the same snapshot as its data, and a request first reads the current counters (one small query)
 * and uses the stored answer only if they are equal. Any committed write to a watched table, from any instance,
 * the CLI or psql, changes the counter (a statement trigger), so a cached answer can never be older than the
 * request that receives it.
 *
 * Concurrent misses of one key at one counter state share one computation.
 */
@Injectable()
export class ReadModelCache {
  private readonly logger = new Logger(ReadModelCache.name);
  private readonly entries: LRUCache<string, Entry> | null;
  private readonly inFlight = new Map<string, Promise<Entry>>();
  private compacting = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectConfig() config: AppConfig,
  ) {
    const max = config.READ_CACHE_ENTRIES;
    this.entries = max > 0 ? new LRUCache<string, Entry>({ max }) : null;
  }

  /**
   * The answer of `compute` for `key` (which must determine the answer given the data: the SQL and its
   * parameters). `compute` runs in a REPEATABLE READ, READ ONLY transaction that first reads the counters.
   */
  async read<T>(
    key: string,
    scopes: readonly ReadScope[],
    compute: (em: EntityManager) => Promise<ComputedRead<T>>,
  ): Promise<T> {
    if (!this.entries) return (await compute(this.db.manager)).value;
    const stamp = await this.stamp(null, scopes);
    const entry = this.entries.get(key);
    if (entry && entry.stamp === stamp && Date.now() < entry.validUntil) return entry.value as T;
    const flightKey = `${stamp}\u0000${key}`;
    let flight = this.inFlight.get(flightKey);
    if (!flight) {
      flight = this.compute(key, scopes, compute).finally(() => this.inFlight.delete(flightKey));
      this.inFlight.set(flightKey, flight);
    }
    return (await flight).value as T;
  }

  private async compute<T>(
    key: string,
    scopes: readonly ReadScope[],
    compute: (em: EntityManager) => Promise<ComputedRead<T>>,
  ): Promise<Entry> {
    // The counters may have moved since the caller read them; the snapshot's own counters go with the answer
    // (it is then at least as new as the caller asked for).
    const entry = await this.db.transaction('REPEATABLE READ', async (em) => {
      await em.query('SET TRANSACTION READ ONLY');
      const stamp = await this.stamp(em, scopes);
      const { value, validUntil } = await compute(em);
      return { stamp, value, validUntil: validUntil ?? Number.POSITIVE_INFINITY };
    });
    this.entries!.set(key, entry);
    return entry;
  }

  /**
   * The counters of `scopes` as one string, in `em`'s transaction (or on any pooled connection: the request's
   * check, once per cached read); starts a compaction when the change table has grown.
   */
  private async stamp(em: EntityManager | null, scopes: readonly ReadScope[]): Promise<string> {
    const rows: Array<{ scope: string; version: string; n: number }> = em
      ? await em.query(STAMP.text)
      : await runPreparedRead(this.db, STAMP);
    const versions = new Map(rows.map((r) => [r.scope, r.version]));
    if (rows.reduce((total, r) => total + r.n, 0) > COMPACT_AFTER_ROWS)
      this.compact(rows.filter((r) => r.n > 1).map((r) => r.scope));
    return scopes.map((s) => `${s}:${versions.get(s) ?? '0'}`).join('|');
  }

  /**
   * Writes append rows whether or not anyone reads; without reads (an ingest-only night) nothing would fold
   * them, and the first read would sum them all. Once a minute is plenty: the rows are tiny.
   */
  @Interval(60_000)
  async compactPeriodically(): Promise<void> {
    try {
      const rows: Array<{ scope: string; n: number }> = await this.db.query(
        `SELECT scope, count(*)::int AS n FROM read_model_changes GROUP BY scope`,
      );
      this.compact(rows.filter((r) => r.n > 1).map((r) => r.scope));
    } catch (err) {
      this.logger.warn(`read cache compaction check failed (retried in a minute): ${(err as Error).message}`);
    }
  }

  /**
   * Folds each scope's rows into one; the sum is unchanged (only the rows this statement deleted are summed,
   * so two instances compacting at once cannot count a row twice). In the background: a failure only delays it.
   */
  private compact(scopes: string[]): void {
    if (this.compacting || !scopes.length) return;
    this.compacting = true;
    (async () => {
      for (const scope of scopes) {
        await this.db.query(
          `WITH gone AS (DELETE FROM read_model_changes WHERE scope = $1 RETURNING changes)
           INSERT INTO read_model_changes (scope, changes) SELECT $1, sum(changes) FROM gone HAVING count(*) > 0`,
          [scope],
        );
      }
    })()
      .catch((err) => this.logger.warn(`read cache compaction failed (retried later): ${(err as Error).message}`))
      .finally(() => {
        this.compacting = false;
      });
  }
}
