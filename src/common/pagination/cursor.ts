import { UUID_RE } from '../../core/ids';
import { AppError } from '../errors/app-error';

/**
 * Page cursors: opaque base64url JSON arrays of the last row's sort key values, as text. Each list declares the
 * shape of its cursors, and a cursor is read only if every value is of its kind exactly as PostgreSQL will read
 * it: a cursor is client input, and one forged (or taken from another list) must be a BAD_USER_INPUT, not a
 * cast that fails in SQL.
 */
export type CursorKind = 'uuid' | 'text' | 'bigint' | 'float' | 'date' | 'timestamp';
/** One value of a cursor: its kind, with `?` when it may be null. */
export type CursorValueShape = CursorKind | `${CursorKind}?`;

const MAX_CURSOR_LENGTH = 1024;
const INT8_MIN = -(2n ** 63n);
const INT8_MAX = 2n ** 63n - 1n;

function isCalendarDate(y: number, m: number, d: number): boolean {
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
  const probe = new Date(Date.UTC(2000, m - 1, d)); // a leap year for the month lengths…
  if (probe.getUTCMonth() !== m - 1) return false;
  return !(m === 2 && d === 29 && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))); // …and 29 February checked
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** ISO 8601 as `toISOString` writes it, and timestamptz as PostgreSQL prints it (`2025-01-02 03:04:05.6+00`). */
const TIMESTAMP_RE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?(Z|[+-](\d{2})(:?\d{2})?)$/;
/** float8 as PostgreSQL prints it (`12.5`, `-1`, `1e+09`, `1.5e-07`), or JSON-style numbers. */
const FLOAT_RE = /^-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** Is `v` a value PostgreSQL reads as `kind` without an error? */
export function isCursorValue(v: unknown, kind: CursorKind): boolean {
  if (typeof v !== 'string' || v.includes('\u0000')) return false;
  switch (kind) {
    case 'uuid':
      return UUID_RE.test(v);
    case 'text':
      return true;
    case 'bigint': {
      if (!/^-?\d{1,19}$/.test(v)) return false;
      const n = BigInt(v);
      return n >= INT8_MIN && n <= INT8_MAX;
    }
    case 'float': {
      if (!FLOAT_RE.test(v)) return false;
      const n = Number(v);
      // Out of range either way is an error in PostgreSQL (a non-zero mantissa that underflows to 0 included).
      return Number.isFinite(n) && (n !== 0 || !/[1-9]/.test(v.split(/[eE]/)[0]));
    }
    case 'date': {
      const m = DATE_RE.exec(v);
      return m !== null && isCalendarDate(+m[1], +m[2], +m[3]);
    }
    case 'timestamp': {
      const m = TIMESTAMP_RE.exec(v);
      if (!m || !isCalendarDate(+m[1], +m[2], +m[3])) return false;
      if (+m[4] > 23 || +m[5] > 59 || +m[6] > 59) return false;
      return (m[9] === undefined || +m[9] <= 15) && (m[10] === undefined || +m[10].replace(':', '') <= 59);
    }
  }
}

export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/** The values of a cursor of this `shape`; anything else is BAD_USER_INPUT on `after`. */
export function decodeCursor(cursor: string, shape: readonly CursorValueShape[]): Array<string | null> {
  const invalid = () => AppError.badInput('after', 'is not a valid cursor');
  if (cursor.length > MAX_CURSOR_LENGTH) throw invalid();
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(values) || values.length !== shape.length) throw invalid();
  shape.forEach((s, i) => {
    const nullable = s.endsWith('?');
    const value: unknown = values[i];
    if (value === null ? !nullable : !isCursorValue(value, s.replace('?', '') as CursorKind)) throw invalid();
  });
  return values as Array<string | null>;
}
