import { AppError, ErrorCode } from '../../errors/app-error';
import { decodeCursor, encodeCursor, isCursorValue } from '../cursor';

const ID = '3d836dd0-f839-468e-858a-3abdc3572f8a';

describe('cursor values', () => {
  it('accepts what the lists write: ISO and PostgreSQL timestamps, dates, numbers as PostgreSQL prints them', () => {
    expect(isCursorValue('2025-01-02T03:04:05.678Z', 'timestamp')).toBe(true);
    expect(isCursorValue('2025-01-02 03:04:05.678901+00', 'timestamp')).toBe(true);
    expect(isCursorValue('1970-01-01 00:00:00+05:30', 'timestamp')).toBe(true);
    expect(isCursorValue('2024-02-29', 'date')).toBe(true);
    expect(isCursorValue('9999-12-31', 'date')).toBe(true);
    for (const f of ['12.5', '-1', '1000', '1e+09', '-1e+09', '1.5e-07', '0', '0.0', '5e-324'])
      expect(isCursorValue(f, 'float')).toBe(true);
    expect(isCursorValue('9223372036854775807', 'bigint')).toBe(true);
    expect(isCursorValue('-9223372036854775808', 'bigint')).toBe(true);
    expect(isCursorValue(ID, 'uuid')).toBe(true);
    expect(isCursorValue("Robert'); DROP TABLE x;--", 'text')).toBe(true);
  });

  it('refuses what PostgreSQL would refuse to cast (the fuzz findings) and anything not a string', () => {
    for (const t of [
      '1000',
      'Query Fuzz 1',
      '2025-02-30T00:00:00Z',
      '2025-13-01T00:00:00Z',
      '2025-01-01T24:00:00Z',
      '0000-01-01T00:00:00Z',
      '2025-01-01T00:00:00+16:00',
      '2025-01-01',
    ])
      expect(isCursorValue(t, 'timestamp')).toBe(false);
    for (const d of ['2023-02-29', '2025-04-31', '0000-01-01', '2025-1-1', '20250101'])
      expect(isCursorValue(d, 'date')).toBe(false);
    for (const f of ['1e400', '-1e400', '1e-400', 'abc', '', '1,5', '0x10', ' 1'])
      expect(isCursorValue(f, 'float')).toBe(false);
    for (const b of ['9223372036854775808', '-9223372036854775809', '1.5', '99999999999999999999', ''])
      expect(isCursorValue(b, 'bigint')).toBe(false);
    expect(isCursorValue('not-a-uuid', 'uuid')).toBe(false);
    expect(isCursorValue('a\u0000b', 'text')).toBe(false);
    for (const v of [1, null, {}, [], true]) expect(isCursorValue(v, 'text')).toBe(false);
  });
});

describe('decodeCursor', () => {
  const bad = (cursor: string, shape: Parameters<typeof decodeCursor>[1]) => {
    try {
      decodeCursor(cursor, shape);
    } catch (err) {
      return err instanceof AppError && err.code === ErrorCode.BAD_USER_INPUT && err.fields[0].field === 'after';
    }
    return false;
  };

  it('reads a cursor of the declared shape back', () => {
    expect(decodeCursor(encodeCursor(['2025-01-02T03:04:05.678Z', ID]), ['timestamp', 'uuid'])).toEqual([
      '2025-01-02T03:04:05.678Z',
      ID,
    ]);
    expect(decodeCursor(encodeCursor([null, ID]), ['float?', 'uuid'])).toEqual([null, ID]);
  });

  it('refuses a cursor of another shape, length or list, and one that is not a cursor, as BAD_USER_INPUT on after', () => {
    expect(bad(encodeCursor(['Acme', ID]), ['timestamp', 'uuid'])).toBe(true); // an accounts cursor given to tasks
    expect(bad(encodeCursor(['2025-01-02T03:04:05.678Z']), ['timestamp', 'uuid'])).toBe(true);
    expect(bad(encodeCursor(['2025-01-02T03:04:05.678Z', ID, 'x']), ['timestamp', 'uuid'])).toBe(true);
    expect(bad(encodeCursor([null, ID]), ['float', 'uuid'])).toBe(true);
    expect(bad(encodeCursor([]), ['bigint'])).toBe(true);
    expect(bad('!!!', ['bigint'])).toBe(true);
    expect(bad('e30', ['bigint'])).toBe(true); // {}
    expect(bad(encodeCursor(['1'.repeat(2000)]), ['text'])).toBe(true);
  });
});
