/** Streaming NDJSON helpers (pure): line splitting with a bound on line length, and COPY text encoding. */

/** Longer lines are rejected without being buffered (a signal is at most a few KB). */
export const MAX_LINE_BYTES = 64 * 1024;

export interface RawLine {
  /** 1-based line number. */
  line: number;
  /** The line's text, or null when it exceeded `maxBytes` (its bytes were skipped). */
  text: string | null;
}

/**
 * Splits a byte stream into lines (`\n`, optional `\r` before it), 1-based numbering, holding at most one
 * line in memory. Blank lines are skipped but still counted. The last line may lack a newline.
 */
export async function* splitLines(
  source: AsyncIterable<Buffer | string>,
  maxBytes = MAX_LINE_BYTES,
): AsyncGenerator<RawLine> {
  let parts: Buffer[] = [];
  let partBytes = 0;
  let tooLong = false;
  let line = 0;
  const finish = (tail: Buffer | null): RawLine | null => {
    line++;
    if (tooLong) {
      tooLong = false;
      parts = [];
      partBytes = 0;
      return { line, text: null };
    }
    let buf = parts.length === 0 ? (tail ?? Buffer.alloc(0)) : Buffer.concat(tail ? [...parts, tail] : parts);
    parts = [];
    partBytes = 0;
    if (buf.length > maxBytes) return { line, text: null };
    if (buf.length && buf[buf.length - 1] === 13) buf = buf.subarray(0, buf.length - 1);
    const text = buf.toString('utf8');
    return text.trim() === '' ? null : { line, text };
  };
  for await (const chunk of source) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    let start = 0;
    for (;;) {
      const nl = buf.indexOf(10, start);
      if (nl === -1) break;
      const out = finish(tooLong ? null : buf.subarray(start, nl));
      if (out) yield out;
      start = nl + 1;
    }
    if (start < buf.length && !tooLong) {
      const rest = buf.subarray(start);
      partBytes += rest.length;
      if (partBytes > maxBytes) {
        tooLong = true;
        parts = [];
      } else parts.push(Buffer.from(rest)); // copy: the source may reuse its buffer
    }
  }
  if (parts.length || tooLong) {
    const out = finish(null);
    if (out) yield out;
  }
}

/** Escapes a value for PostgreSQL's COPY text format (null → \N). */
export function copyText(value: string | null): string {
  if (value === null) return '\\N';
  return /[\\\t\n\r]/.test(value)
    ? value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'))
    : value;
}

export interface ParsedRecord {
  line: number;
  value?: unknown;
  error?: string;
}

/** Lines → parsed JSON values; malformed or over-long lines become errors carrying their line number. */
export async function* parseNdjson(lines: AsyncIterable<RawLine>): AsyncGenerator<ParsedRecord> {
  for await (const l of lines) {
    if (l.text === null) {
      yield { line: l.line, error: `line longer than ${MAX_LINE_BYTES} bytes` };
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(l.text);
    } catch {
      yield { line: l.line, error: 'malformed JSON' };
      continue;
    }
    yield { line: l.line, value };
  }
}
