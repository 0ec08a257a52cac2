import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { Cron, CronExpression } from '@nestjs/schedule';
import { DataSource } from 'typeorm';
import { AppError } from '../../common/errors/app-error';
import { AppConfig } from '../../config/config';
import { InjectConfig } from '../../config/config.module';
import { MAX_SIGNALS_PER_BATCH } from '../../core/signals/validate';
import { BatchOutcome, ChunkOutcome, RawRecord, SignalStore, StreamSummary } from './signal-store';
import type { Queryable } from './signal-merge.sql';
import type { PoolClient } from 'pg';
import { SIGNAL_EVENTS, SignalsIngestedEvent } from './signals.events';
import { UUID_RE } from '../../core/ids';

export interface DailyUsageRow {
  accountId: string;
  day: string;
  type: string;
  count: number;
  quantity: number;
  features: string[];
  negativeTickets: number;
}

export interface SignalRow {
  accountId: string;
  id: string;
  type: string;
  occurredAt: Date;
  quantity: number;
  properties: Record<string, unknown> | null;
  receivedAt: Date;
}

export interface SignalPageArgs {
  type: string | null;
  from: string | null;
  to: string | null;
  first: number;
  after: [string, string] | null;
}

/** Ingestion entry points (validation, storage, events) and the reads behind account.usage/account.signals. */
@Injectable()
export class SignalsService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Signals');
  readonly store: SignalStore;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly events: EventEmitter2,
    @InjectConfig() config: AppConfig,
  ) {
    this.store = new SignalStore(db, config.SIGNAL_RETENTION_MONTHS);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.maintain().catch((err) => this.logger.error(`signal partition maintenance failed: ${String(err)}`));
  }

  /** Daily: partitions ahead and retention of raw events. */
  @Cron(CronExpression.EVERY_DAY_AT_3AM)
  async maintain(): Promise<{ created: string[]; dropped: string[] }> {
    const r = await this.store.maintain();
    if (r.created.length || r.dropped.length)
      this.logger.log(`signal partitions created ${r.created.join(',') || '-'}; dropped ${r.dropped.join(',') || '-'}`);
    return r;
  }

  async ingestBatch(events: readonly unknown[]): Promise<BatchOutcome> {
    if (events.length > MAX_SIGNALS_PER_BATCH) {
      throw AppError.badInput(
        'events',
        `at most ${MAX_SIGNALS_PER_BATCH} events per call (got ${events.length}); use POST /ingest/signals for bulk`,
      );
    }
    const outcome = await this.store.ingestBatch(events);
    this.emitIngested(outcome.accountIds);
    return outcome;
  }

  /**
   * A batch merged inside the caller's transaction (connectors that write more than signals in one request);
   * `copyClient`: the transaction's connection, prepared by `prepareBatchStage` (large batches staged by COPY).
   * Emits nothing: call `notifyIngested` with the outcome's account ids once the transaction has committed.
   */
  ingestBatchWithin(within: Queryable, events: readonly unknown[], copyClient?: PoolClient): Promise<BatchOutcome> {
    return this.store.ingestBatch(events, { within, copyClient });
  }

  /** Tells later stages (health, risk) that these accounts received signals. */
  notifyIngested(accountIds: string[]): void {
    this.emitIngested(accountIds);
  }

  /** NDJSON/CSV streams: chunked merges, an event after each committed chunk. */
  ingestStream(records: AsyncIterable<RawRecord>, onChunk?: (c: ChunkOutcome) => void): Promise<StreamSummary> {
    return this.store.ingestStream(records, {
      onChunk: (c) => {
        this.emitIngested(c.accountIds);
        onChunk?.(c);
      },
    });
  }

  private emitIngested(accountIds: string[]): void {
    if (!accountIds.length) return;
    const event: SignalsIngestedEvent = { accountIds };
    this.events.emit(SIGNAL_EVENTS.ingested, event);
  }

  /** Daily rollups of the last `days` UTC days (today included), per account, oldest first. */
  async usageFor(accountIds: readonly string[], days: number): Promise<DailyUsageRow[]> {
    const ids = accountIds.filter((id) => UUID_RE.test(id));
    if (!ids.length) return [];
    const rows: any[] = await this.db.query(
      `SELECT account_id, to_char(day, 'YYYY-MM-DD') AS day, type, count, quantity, features, tickets_negative
         FROM signal_daily
        WHERE account_id = ANY($1::uuid[]) AND day > (now() AT TIME ZONE 'UTC')::date - $2::int
        ORDER BY account_id, day, type`,
      [ids, days],
    );
    return rows.map((r) => ({
      accountId: r.account_id,
      day: r.day,
      type: r.type,
      count: Number(r.count),
      quantity: Number(r.quantity),
      features: r.features ?? [],
      negativeTickets: r.tickets_negative,
    }));
  }

  /** One page of raw signals (newest first) for each account, with the same filter; and their totals. */
  async pagesFor(
    accountIds: readonly string[],
    args: SignalPageArgs,
  ): Promise<{ rows: SignalRow[]; totals: Map<string, number> }> {
    const ids = accountIds.filter((id) => UUID_RE.test(id));
    if (!ids.length) return { rows: [], totals: new Map() };
    const filter = `($2::text IS NULL OR e.type = $2) AND ($3::timestamptz IS NULL OR e.occurred_at >= $3) AND ($4::timestamptz IS NULL OR e.occurred_at < $4)`;
    const rows: any[] = await this.db.query(
      `SELECT e.* FROM unnest($1::uuid[]) AS a(id)
        CROSS JOIN LATERAL (
          SELECT e.account_id, e.id, e.type, e.occurred_at, e.quantity, e.properties, e.received_at
            FROM signal_events e
           WHERE e.account_id = a.id AND ${filter}
             AND ($5::timestamptz IS NULL OR (e.occurred_at, e.id) < ($5::timestamptz, $6::text))
           ORDER BY e.occurred_at DESC, e.id DESC
           LIMIT $7) e`,
      [ids, args.type, args.from, args.to, args.after?.[0] ?? null, args.after?.[1] ?? null, args.first + 1],
    );
    const counts: Array<{ account_id: string; n: number }> = await this.db.query(
      `SELECT e.account_id, count(*)::int AS n FROM signal_events e
        WHERE e.account_id = ANY($1::uuid[]) AND ${filter} GROUP BY e.account_id`,
      [ids, args.type, args.from, args.to],
    );
    return {
      rows: rows.map((r) => ({
        accountId: r.account_id,
        id: r.id,
        type: r.type,
        occurredAt: r.occurred_at,
        quantity: Number(r.quantity),
        properties: r.properties,
        receivedAt: r.received_at,
      })),
      totals: new Map(counts.map((c) => [c.account_id, c.n])),
    };
  }
}
