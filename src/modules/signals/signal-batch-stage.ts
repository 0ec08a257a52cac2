import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { ValidSignal } from '../../core/signals/validate';
import { mergeSql } from './signal-merge.sql';
import { stageRow } from './signal-stage-lane';

/**
 * A batch merged inside a caller's transaction from a COPY-staged table instead of a JSON document (the Segment
 * connector's requests of up to 2,500 events): COPY text is cheaper for PostgreSQL to take than json_to_recordset.
 * The table is per connection, created once outside any transaction (`prepareBatchStage`: a rolled-back
 * transaction would drop a table created in it), and emptied at each commit (ON COMMIT DELETE ROWS).
 */

/** Below this many signals the JSON document is cheaper (a COPY costs a round trip more). */
export const COPY_MIN_SIGNALS = 64;

const BATCH_STAGE_DDL = `CREATE TEMP TABLE IF NOT EXISTS signal_batch_stage (
  seq int, account_id uuid, account_ext text, id text, type text, occurred_at timestamptz,
  quantity float8, properties jsonb, feature text, sentiment text) ON COMMIT DELETE ROWS`;

const BATCH_STAGE_COPY = `COPY signal_batch_stage (seq, account_id, account_ext, id, type, occurred_at, quantity, properties, feature, sentiment) FROM STDIN`;

/** The merge of a COPY-staged batch (built once). */
export const BATCH_STAGE_MERGE_SQL = mergeSql('signal_batch_stage');

/** Connections whose staging table exists (created outside a transaction, so it lasts as long as they do). */
const prepared = new WeakSet<object>();

/** Creates the connection's staging table; call it outside a transaction. */
export async function prepareBatchStage(client: PoolClient): Promise<void> {
  if (prepared.has(client)) return;
  await client.query(BATCH_STAGE_DDL);
  prepared.add(client);
}

export function isBatchStagePrepared(client: unknown): client is PoolClient {
  return typeof client === 'object' && client !== null && prepared.has(client);
}

/** Writes the valid signals (with their positions in the batch) into the staging table, in the open transaction. */
export async function copyBatch(client: PoolClient, valid: readonly ValidSignal[], seqs: readonly number[]) {
  let text = '';
  for (let k = 0; k < valid.length; k++) text += stageRow(seqs[k], valid[k]);
  await new Promise<void>((resolve, reject) => {
    const stream = client.query(copyFrom(BATCH_STAGE_COPY));
    stream.once('error', reject);
    stream.once('finish', resolve);
    stream.end(text);
  });
}
