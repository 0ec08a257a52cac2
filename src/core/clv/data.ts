/**
 * Minimal numeric CSV reading for the CLV models (header row + numeric cells; CRLF or LF line ends,
 * with or without a final newline; no quoting). Pure: takes the file's text, not a path.
 */
import type { BgNbdRow } from './bgnbd';
import type { GammaGammaRow } from './gamma-gamma';

export interface NumericTable {
  header: string[];
  rows: number[][];
}

export function parseNumericCsv(text: string): NumericTable {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  if (lines.length === 0) throw new Error('CSV is empty');
  const header = lines[0].split(',').map((h) => h.trim());
  const rows = lines.slice(1).map((line, i) => {
    const cells = line.split(',');
    if (cells.length !== header.length) {
      throw new Error(`CSV line ${i + 2}: ${cells.length} cells, header has ${header.length}`);
    }
    return cells.map((c, j) => {
      const v = Number(c.trim());
      if (c.trim() === '' || !Number.isFinite(v))
        throw new Error(`CSV line ${i + 2}, column ${header[j]}: not a number: "${c}"`);
      return v;
    });
  });
  return { header, rows };
}

function column(table: NumericTable, names: string[]): number {
  const idx = table.header.findIndex((h) => names.includes(h));
  if (idx < 0) throw new Error(`CSV has no column ${names.join(' / ')} (header: ${table.header.join(',')})`);
  return idx;
}

/** BG/NBD rows from a summary CSV: columns frequency|x, recency|t_x, T. */
export function bgNbdRowsFromCsv(text: string): BgNbdRow[] {
  const t = parseNumericCsv(text);
  const [ix, itx, iT] = [column(t, ['frequency', 'x']), column(t, ['recency', 't_x']), column(t, ['T'])];
  return t.rows.map((r) => ({ x: r[ix], tx: r[itx], T: r[iT] }));
}

/**
 * Gamma-Gamma rows from a summary CSV: columns frequency|x and zbar|monetary_value.
 * Only customers with x > 0 carry spend information; the others are dropped.
 */
export function gammaGammaRowsFromCsv(text: string): GammaGammaRow[] {
  const t = parseNumericCsv(text);
  const [ix, iz] = [column(t, ['frequency', 'x']), column(t, ['zbar', 'monetary_value'])];
  return t.rows.filter((r) => r[ix] > 0).map((r) => ({ x: r[ix], zbar: r[iz] }));
}
