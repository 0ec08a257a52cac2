import { copyText, parseNdjson, splitLines } from '../ndjson';

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
async function* chunks(...parts: string[]) {
  for (const p of parts) yield Buffer.from(p);
}

describe('splitLines', () => {
  it('splits across chunk boundaries, numbers lines from 1, skips blank lines, strips CR, keeps a last line without newline', async () => {
    const lines = await collect(splitLines(chunks('{"a":', '1}\r\n\n  \n{"b"', ':2}\n{"c":3}')));
    expect(lines).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 4, text: '{"b":2}' },
      { line: 5, text: '{"c":3}' },
    ]);
  });

  it('flags over-long lines without keeping them, and carries on', async () => {
    const lines = await collect(splitLines(chunks('x'.repeat(6), 'y'.repeat(6), '\nok\n', 'z'.repeat(11)), 10));
    expect(lines).toEqual([
      { line: 1, text: null },
      { line: 2, text: 'ok' },
      { line: 3, text: null },
    ]);
  });

  it('keeps multi-byte characters split between chunks intact', async () => {
    const bytes = Buffer.from('"é"\n');
    async function* split() {
      yield bytes.subarray(0, 2);
      yield bytes.subarray(2);
    }
    expect(await collect(splitLines(split()))).toEqual([{ line: 1, text: '"é"' }]);
  });
});

describe('parseNdjson', () => {
  it('parses lines and reports malformed ones by line', async () => {
    const recs = await collect(parseNdjson(splitLines(chunks('{"a":1}\nnot json\n'))));
    expect(recs).toEqual([
      { line: 1, value: { a: 1 } },
      { line: 2, error: 'malformed JSON' },
    ]);
  });
});

describe('copyText', () => {
  it('escapes backslash, tab, newline and CR; null is \\N', () => {
    expect(copyText('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re');
    expect(copyText(null)).toBe('\\N');
    expect(copyText('plain')).toBe('plain');
  });
});
