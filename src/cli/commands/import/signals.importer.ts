import { createReadStream, statSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';
import { SingleBar, Presets } from 'cli-progress';
import { withApp } from '../../cli-context';
import { parseNdjson, splitLines } from '../../../core/signals/ndjson';
import { SignalsService } from '../../../modules/signals/signals.service';
import type { RawRecord } from '../../../modules/signals/signal-store';

const CSV_COLUMNS = ['id', 'accountId', 'accountExternalId', 'type', 'occurredAt', 'quantity', 'properties'];

/** CSV rows → SignalInput-shaped values (empty cells are absent; properties is a JSON object in a cell). */
async function* csvRecords(source: NodeJS.ReadableStream): AsyncGenerator<RawRecord> {
  const parser = source.pipe(
    parse({ columns: true, bom: true, skip_empty_lines: true, relax_column_count: true, info: true }),
  );
  let checked = false;
  for await (const { record, info } of parser as AsyncIterable<{
    record: Record<string, string>;
    info: { lines: number };
  }>) {
    if (!checked) {
      const missing = ['id', 'type', 'occurredAt'].filter((c) => !(c in record));
      if (missing.length)
        throw new Error(`CSV header must have the columns ${CSV_COLUMNS.join(',')} (missing ${missing.join(', ')})`);
      checked = true;
    }
    const value: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(record)) if (v !== '' && v !== undefined) value[k] = v;
    if (typeof value.quantity === 'string') {
      const q = Number(value.quantity);
      value.quantity = Number.isFinite(q) ? q : value.quantity;
    }
    if (typeof value.properties === 'string') {
      try {
        value.properties = JSON.parse(value.properties);
      } catch {
        yield { line: info.lines, error: 'properties: malformed JSON' };
        continue;
      }
    }
    yield { line: info.lines, value };
  }
}

/**
 * `npm run cli -- import signals <file.ndjson|file.csv>[.gz]`: the same ingestion as POST /ingest/signals
 * (validation, COPY + merge in committed chunks, two account partitions at once). Safe to re-run after a crash: signals already
 * stored count as duplicates. Exit code 0 = nothing rejected, 2 = some lines rejected (listed on stderr).
 */
export async function importSignals(file: string): Promise<number> {
  const size = statSync(file).size;
  const gz = file.endsWith('.gz');
  const csv = /\.csv(\.gz)?$/i.test(file);
  return withApp(async (app) => {
    const service = app.get(SignalsService);
    const bar = process.stdout.isTTY
      ? new SingleBar(
          { format: 'signals [{bar}] {percentage}% | {accepted} new, {duplicates} duplicates' },
          Presets.shades_classic,
        )
      : null;
    bar?.start(size, 0, { accepted: 0, duplicates: 0 });
    const raw = createReadStream(file);
    const source = gz ? raw.pipe(createGunzip()) : raw;
    const parsed = csv ? csvRecords(source) : parseNdjson(splitLines(source as AsyncIterable<Buffer>));
    async function* withProgress(recs: AsyncIterable<RawRecord>): AsyncGenerator<RawRecord> {
      let n = 0;
      for await (const r of recs) {
        if (bar && ++n % 5000 === 0) bar.update(raw.bytesRead);
        yield r;
      }
    }
    const records = withProgress(parsed);
    const started = Date.now();
    const summary = await service.ingestStream(records, (c) =>
      bar?.update(raw.bytesRead, { accepted: c.summary.accepted, duplicates: c.summary.duplicates }),
    );
    bar?.update(size, { accepted: summary.accepted, duplicates: summary.duplicates });
    bar?.stop();
    for (const r of summary.rejected)
      process.stderr.write(`line ${r.line}${r.id ? ` (id ${r.id})` : ''}: ${r.reason}\n`);
    if (summary.rejectedCount > summary.rejected.length)
      process.stderr.write(`… and ${summary.rejectedCount - summary.rejected.length} more rejected lines\n`);
    process.stdout.write(
      `${JSON.stringify({ lines: summary.lines, accepted: summary.accepted, duplicates: summary.duplicates, rejected: summary.rejectedCount, seconds: (Date.now() - started) / 1000 })}\n`,
    );
    return summary.rejectedCount ? 2 : 0;
  });
}
