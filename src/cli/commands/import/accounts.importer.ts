import { createReadStream, readFileSync, statSync } from 'node:fs';
import { parse } from 'csv-parse';
import { SingleBar, Presets } from 'cli-progress';
import { parseArgs, withApp } from '../../cli-context';
import {
  AccountMapping,
  applyMapping,
  MappingError,
  missingColumns,
  parseMapping,
} from '../../../core/imports/account-mapping';
import { preset, PRESET_NAMES } from '../../../core/imports/account-presets';
import { AccountImportRow, isRowError, parseAccountRow, RowError } from '../../../core/imports/account-row';
import { AccountImportService } from '../../../modules/imports/account-import.service';

const BATCH = 1000;
const COLUMNS = ['externalId', 'name', 'segment', 'ownerEmail', 'customerSince', 'renewalDate', 'mrrCents', 'industry'];

/** The mapping of `--map FILE` or `--preset NAME`; null = the file is in our own column format. */
function mappingFrom(args: string[]): AccountMapping | null {
  const { flags } = parseArgs(args);
  if (flags.map !== undefined && flags.preset !== undefined) throw new Error('give --map or --preset, not both');
  if (flags.preset !== undefined) {
    const m = typeof flags.preset === 'string' ? preset(flags.preset) : null;
    if (!m) throw new Error(`--preset must be one of ${PRESET_NAMES.join(', ')}`);
    return m;
  }
  if (flags.map === undefined) return null;
  if (typeof flags.map !== 'string') throw new Error('--map needs a file: --map mapping.json');
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(flags.map, 'utf8'));
  } catch (err) {
    throw new Error(`--map ${flags.map}: ${(err as Error).message}`, { cause: err });
  }
  try {
    return parseMapping(json);
  } catch (err) {
    if (err instanceof MappingError) throw new Error(`--map ${flags.map}: ${err.message}`, { cause: err });
    throw err;
  }
}

/**
 * `npm run cli -- import accounts <file.csv> [--map mapping.json | --preset hubspot|salesforce]`: idempotent upsert by
 * externalId; bad rows reported by line. With a mapping, each row is first mapped to our columns (docs/connectors.md).
 */
export async function importAccounts(file: string, args: string[] = []): Promise<number> {
  const mapping = mappingFrom(args);
  const size = statSync(file).size;
  return withApp(async (app) => {
    const service = app.get(AccountImportService);
    const bar = process.stdout.isTTY
      ? new SingleBar({ format: 'accounts [{bar}] {percentage}% | {rows} rows' }, Presets.shades_classic)
      : null;
    bar?.start(size, 0, { rows: 0 });
    const stream = createReadStream(file);
    const parser = stream.pipe(
      parse({ columns: true, bom: true, skip_empty_lines: true, trim: false, relax_column_count: true, info: true }),
    );
    const totals = { rows: 0, inserted: 0, updated: 0, mrrChanges: 0, errors: [] as RowError[] };
    let batch: AccountImportRow[] = [];
    let headerChecked = false;
    const flush = async () => {
      if (!batch.length) return;
      const r = await service.importBatch(batch);
      totals.inserted += r.inserted;
      totals.updated += r.updated;
      totals.mrrChanges += r.mrrChanges;
      totals.errors.push(...r.errors);
      batch = [];
    };
    for await (const { record, info } of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number };
    }>) {
      if (!headerChecked) {
        if (mapping) {
          const missing = missingColumns(mapping, Object.keys(record));
          if (missing.length) throw new Error(`${file}: no column for ${missing.join(', ')} in its header`);
        } else {
          const missing = ['externalId', 'name'].filter((c) => !(c in record));
          if (missing.length)
            throw new Error(
              `${file}: header must have the columns ${COLUMNS.join(',')} (missing ${missing.join(', ')})`,
            );
        }
        headerChecked = true;
      }
      totals.rows++;
      const mapped = mapping ? applyMapping(mapping, record) : { record };
      const row =
        'problems' in mapped
          ? { line: info.lines, message: mapped.problems.join('; ') }
          : parseAccountRow(mapped.record, info.lines);
      if (isRowError(row)) totals.errors.push(row);
      else batch.push(row);
      if (batch.length >= BATCH) await flush();
      bar?.update(stream.bytesRead, { rows: totals.rows });
    }
    await flush();
    bar?.update(size, { rows: totals.rows });
    bar?.stop();
    totals.errors.sort((a, b) => a.line - b.line);
    for (const e of totals.errors) process.stderr.write(`line ${e.line}: ${e.message}\n`);
    process.stdout.write(
      `${JSON.stringify({ rows: totals.rows, inserted: totals.inserted, updated: totals.updated, mrrChanges: totals.mrrChanges, errors: totals.errors.length })}\n`,
    );
    return totals.errors.length ? 2 : 0;
  });
}
