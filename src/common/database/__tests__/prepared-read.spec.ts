import { preparedRead, runPreparedRead } from '../prepared-read';

describe('preparedRead', () => {
  it('allows the same declaration twice but not one name for two statements', () => {
    expect(preparedRead('spec_one', 'SELECT 1')).toEqual({ name: 'spec_one', text: 'SELECT 1' });
    expect(() => preparedRead('spec_one', 'SELECT 1')).not.toThrow();
    expect(() => preparedRead('spec_one', 'SELECT 2')).toThrow(/declared twice/);
  });

  it('runs on the pool as a named statement, and through DataSource.query when there is no pool', async () => {
    const stmt = preparedRead('spec_two', 'SELECT $1::int AS x');
    const calls: unknown[] = [];
    const withPool = { driver: { master: { query: async (q: unknown) => (calls.push(q), { rows: [{ x: 7 }] }) } } };
    expect(await runPreparedRead(withPool as never, stmt, [7])).toEqual([{ x: 7 }]);
    expect(calls).toEqual([{ name: 'spec_two', text: 'SELECT $1::int AS x', values: [7] }]);
    const noPool = { driver: {}, query: async (text: string, params: unknown[]) => [{ text, params }] };
    expect(await runPreparedRead(noPool as never, stmt, [8])).toEqual([{ text: 'SELECT $1::int AS x', params: [8] }]);
  });
});
