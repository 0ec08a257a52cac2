import { once } from 'node:events';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { QueryRunner } from 'typeorm';
import { copyText } from '../../core/signals/ndjson';
import type { ValidSignal } from '../../core/signals/validate';
import { MergeResult, mergeSql, Queryable, runMerge } from './signal-merge.sql';

/** COPY data is written to the server in pieces of about this size. */
const COPY_BUFFER_BYTES = 256 * 1024;

const STAGE_DDL = `CREATE TEMP TABLE IF NOT EXISTS signal_stage (
  seq int, account_id uuid, account_ext text, id text, type text, occurred_at timestamptz,
  quantity float8, properties jsonb, feature text, sentiment text)`;

const STAGE_COPY = `COPY signal_stage (seq, account_id, account_ext, id, type, occurred_at, quantity, properties, feature, sentiment) FROM STDIN`;

/** One validated signal as a COPY text row of a staging table (STAGE_COLUMNS; `at` its occurredAt in ISO). */
export function stageRow(seq: number, v: ValidSignal, at = v.occurredAt.toISOString()): string {
  return `${seq}\t${v.accountId ?? '\\N'}\t${copyText(v.accountExternalId)}\t${copyText(v.id)}\t${copyText(v.type)}\t${at}\t${v.quantity}\t${copyText(v.properties)}\t${copyText(v.feature)}\t${v.sentiment ?? '\\N'}\n`;
}

/** The merge of a stream's chunk (built once). */
const STAGE_MERGE_SQL = mergeSql('signal_stage');

/**
 * One connection of a stream ("lane"), with its temporary staging table and the COPY into it in progress:
 * validated signals are written as COPY rows while parsing, then the staged chunk is merged in one transaction.
 */
export class StageLane {
  private client: PoolClient | null = null;
  private copy: ReturnType<typeof copyFrom> | null = null;
  /**
   * The COPY stream's error, if it had one. The stream always has a listener: pg reports a connection lost
   * before or during the COPY as an 'error' event on it, which without a listener would end the process.
   */
  private copyError: Error | null = null;
  private buf = '';
  /** Rows staged since the last merge. */
  staged = 0;
  /** Months (`YYYY-MM-01`) of the staged rows: their partitions must exist before the merge. */
  private readonly months = new Set<string>();

  constructor(private readonly qr: QueryRunner) {}

  /** Takes the connection from the pool and prepares an empty staging table on it. */
  async connect(): Promise<void> {
    this.client = (await this.qr.connect()) as PoolClient;
    await this.client.query(STAGE_DDL);
    await this.client.query('TRUNCATE signal_stage');
  }

  /** Appends one validated signal (`seq` = its line) to the COPY in progress, starting one if needed. */
  async stage(seq: number, v: ValidSignal): Promise<void> {
    if (!this.copy) this.copy = this.startCopy();
    const at = v.occurredAt.toISOString();
    this.buf += stageRow(seq, v, at);
    this.months.add(`${at.slice(0, 7)}-01`);
    this.staged++;
    if (this.buf.length >= COPY_BUFFER_BYTES) await this.flush();
  }

  /** Ends the COPY in progress (if any), waiting for the server to have every row. */
  async endCopy(): Promise<void> {
    if (!this.copy) return;
    const c = this.copy;
    this.copy = null;
    if (this.copyError) throw this.copyError;
    if (this.buf) c.write(this.buf);
    this.buf = '';
    await new Promise<void>((resolve, reject) => {
      c.once('finish', resolve);
      c.once('error', reject);
      c.end();
    });
  }

  /**
   * Merges the staged chunk (one committed transaction, after `ensureMonths` made its partitions) and empties
   * the staging table for the next chunk.
   */
  async merge(ensureMonths: (months: Iterable<string>, q: Queryable) => Promise<unknown>): Promise<MergeResult> {
    const client = this.client!;
    await ensureMonths(this.months, client);
    const result = await runMerge(client, STAGE_MERGE_SQL);
    await client.query('TRUNCATE signal_stage');
    this.staged = 0;
    this.months.clear();
    return result;
  }

  /** Aborts the COPY in flight (nothing of its chunk was merged) and waits for the server to confirm. */
  async abortCopy(): Promise<void> {
    const c = this.copy;
    if (!c) return;
    this.copy = null;
    // A COPY that already failed (its connection is gone) has nothing to abort, and would never confirm.
    if (this.copyError) return;
    const done = new Promise<void>((resolve) => {
      c.once('error', () => resolve());
      c.once('finish', () => resolve());
      c.once('close', () => resolve());
    });
    c.destroy(new Error('input aborted'));
    await done;
  }

  /** Gives the connection back to the pool (also when it was never connected). */
  async release(): Promise<void> {
    await this.qr.release();
  }

  private startCopy() {
    const c = this.client!.query(copyFrom(STAGE_COPY));
    this.copyError = null;
    c.on('error', (err) => (this.copyError ??= err));
    return c;
  }

  private async flush(): Promise<void> {
    if (!this.buf || !this.copy) return;
    if (this.copyError) throw this.copyError;
    const ok = this.copy.write(this.buf);
    this.buf = '';
    if (!ok) await once(this.copy, 'drain');
  }
}
