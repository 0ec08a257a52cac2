import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { MAX_ERROR_MESSAGE, SourceOutcome, statsBucket } from '../../core/sources/source-vocabulary';

/** Anything that runs SQL: the DataSource (autocommit) or a transaction's EntityManager. */
export type SqlRunner = Pick<DataSource | EntityManager, 'query'>;

export type OutcomeCounts = Partial<Record<SourceOutcome, number>>;

const COLUMN: Record<SourceOutcome, string> = {
  accepted: 'accepted',
  duplicate: 'duplicates',
  rejected: 'rejected',
  unattributed: 'unattributed',
  rateLimited: 'rate_limited',
};

/**
 * The counters and error log of every source, for every connector (Segment, Stripe, imports). Pass the
 * transaction's EntityManager as `em` to count inside the transaction that stored the events (then a rollback
 * un-counts them too); without it, the count is its own statement.
 */
@Injectable()
export class SourceStatsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Adds `n` events with this outcome to the source's current 5-minute bucket (n ≤ 0 does nothing). */
  record(sourceId: string, outcome: SourceOutcome, n: number, em?: SqlRunner): Promise<void> {
    return this.recordMany(sourceId, { [outcome]: n }, em);
  }

  /** Several outcomes of one delivery in one statement, e.g. `{ accepted: 12, duplicate: 3 }`. */
  async recordMany(sourceId: string, counts: OutcomeCounts, em?: SqlRunner): Promise<void> {
    const values = (Object.keys(COLUMN) as SourceOutcome[]).map((k) => Math.max(0, Math.trunc(counts[k] ?? 0)));
    if (!values.some((v) => v > 0)) return;
    // Taken last in a delivery's transaction (the row is shared by concurrent deliveries of the source).
    await (em ?? this.db).query(
      `INSERT INTO source_stats AS s (source_id, bucket, accepted, duplicates, rejected, unattributed, rate_limited, last_event_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, now())
       ON CONFLICT (source_id, bucket) DO UPDATE SET
         accepted = s.accepted + EXCLUDED.accepted,
         duplicates = s.duplicates + EXCLUDED.duplicates,
         rejected = s.rejected + EXCLUDED.rejected,
         unattributed = s.unattributed + EXCLUDED.unattributed,
         rate_limited = s.rate_limited + EXCLUDED.rate_limited,
         last_event_at = greatest(s.last_event_at, EXCLUDED.last_event_at)`,
      [sourceId, statsBucket(new Date()), ...values],
    );
  }

  /** Marks that the source delivered something now (its lastEventAt), whatever the outcome. */
  async touch(sourceId: string, em?: SqlRunner): Promise<void> {
    await (em ?? this.db).query(
      `INSERT INTO source_stats AS s (source_id, bucket, last_event_at) VALUES ($1, $2, now())
       ON CONFLICT (source_id, bucket) DO UPDATE SET last_event_at = greatest(s.last_event_at, EXCLUDED.last_event_at)`,
      [sourceId, statsBucket(new Date())],
    );
  }

  /**
   * Records an error of the source. `message` should be stable text (what went wrong, not which event):
   * repeated messages are one row with a count and the last `detail` (e.g. `{ messageId, field }`).
   */
  async recordError(sourceId: string, message: string, detail?: Record<string, unknown> | null, em?: SqlRunner) {
    const text = message.length > MAX_ERROR_MESSAGE ? `${message.slice(0, MAX_ERROR_MESSAGE - 1)}…` : message;
    await (em ?? this.db).query(
      `INSERT INTO source_errors AS e (source_id, message, detail) VALUES ($1, $2, $3::jsonb)
       ON CONFLICT (source_id, message) DO UPDATE SET count = e.count + 1, last_at = now(), detail = EXCLUDED.detail`,
      [sourceId, text.toWellFormed().replaceAll('\u0000', ''), detail ? safeJson(detail) : null],
    );
  }
}

/** JSON text PostgreSQL accepts (no NUL, no unpaired surrogates), at most 4 KB. */
function safeJson(detail: Record<string, unknown>): string {
  const text = JSON.stringify(detail, (_k, v: unknown) =>
    typeof v === 'string' ? v.toWellFormed().replaceAll('\u0000', '').slice(0, 1000) : v,
  );
  return text.length > 4096 ? JSON.stringify({ truncated: text.slice(0, 4000) }) : text;
}
