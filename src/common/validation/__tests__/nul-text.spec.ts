import { findNul } from '../nul-text';

describe('findNul', () => {
  it('names the first string holding a NUL, by its path', () => {
    expect(findNul('a\u0000b', 'search')).toBe('search');
    expect(findNul({ search: 'x', segment: '\u0000' }, 'filter')).toBe('filter.segment');
    expect(findNul({ tags: ['ok', 'b\u0000'] }, 'input')).toBe('input.tags[1]');
    expect(findNul([{ id: 'a' }, { id: 'b', properties: { k: 'v\u0000' } }], 'events')).toBe('events[1].properties.k');
    expect(findNul({ a: '\u0000', b: '\u0000' }, '')).toBe('a');
  });

  it('finds a NUL in an object key', () => {
    expect(findNul({ properties: { 'k\u0000': 1 } }, 'input')).toBe('input.properties (a key)');
  });

  it('passes text without NUL, other control characters, escapes and non-strings', () => {
    expect(findNul({ a: 'tab\there', b: '\\u0000', c: '\u0001', d: 1, e: null, f: true }, 'x')).toBeNull();
    expect(findNul(new Date(0), 'at')).toBeNull();
    expect(findNul(undefined, 'x')).toBeNull();
  });

  it('walks deeply nested values without recursion', () => {
    let v: unknown = 'deep\u0000';
    for (let i = 0; i < 20_000; i++) v = [v];
    expect(findNul(v, 'j')).toBe(`j${'[0]'.repeat(20_000)}`);
  });
});
