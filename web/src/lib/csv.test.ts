import { describe, expect, it } from 'vitest';
import { toCsv } from './csv';

describe('toCsv', () => {
  const columns = [
    { label: 'Account', value: (r: { name: string; mrr: number | null }) => r.name },
    { label: 'MRR (cents)', value: (r: { name: string; mrr: number | null }) => r.mrr },
  ];

  it('writes a header and one CRLF-ended line per row, quoting commas, quotes and line breaks', () => {
    const csv = toCsv(columns, [
      { name: 'Acme, Inc.', mrr: 120000 },
      { name: 'Say "hi"', mrr: -500 },
      { name: 'Two\nlines', mrr: null },
    ]);
    expect(csv).toBe(
      'Account,MRR (cents)\r\n"Acme, Inc.",120000\r\n"Say ""hi""",-500\r\n"Two\nlines",\r\n',
    );
  });

  it('neutralises text a spreadsheet would run as a formula, but not negative numbers', () => {
    const csv = toCsv(columns, [
      { name: '=HYPERLINK("x")', mrr: -1 },
      { name: '@SUM(A1)', mrr: 0 },
      { name: '-10 days', mrr: 5 },
    ]);
    expect(csv.split('\r\n').slice(1, 4)).toEqual([`"'=HYPERLINK(""x"")",-1`, `'@SUM(A1),0`, `'-10 days,5`]);
  });
});
