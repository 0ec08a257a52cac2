import {
  applyMapping,
  MappingError,
  missingColumns,
  parseDateCell,
  parseMapping,
  parseMoneyCell,
} from '../account-mapping';
import { preset } from '../account-presets';

describe('mapping files', () => {
  it('accepts a column, a list of columns, or a rule; requires externalId and name', () => {
    const m = parseMapping({
      externalId: 'ID',
      name: ['Company', 'Name'],
      mrrCents: { column: 'ARR', money: 'units', per: 'year' },
    });
    expect(m.name!.columns).toEqual(['Company', 'Name']);
    expect(m.mrrCents).toMatchObject({ columns: ['ARR'], money: 'units', per: 'year' });
    expect(() => parseMapping({ name: 'Name' })).toThrow(/externalId/);
  });

  it.each([
    [{ externalId: 'a', name: 'b', colour: 'c' }, /unknown field "colour"/],
    [{ externalId: 'a', name: 'b', segment: { column: 'x', date: 'MDY' } }, /"date" applies to/],
    [{ externalId: 'a', name: 'b', customerSince: { column: 'x', date: 'MMDDYY' } }, /date must be one of/],
    [{ externalId: 'a', name: 'b', mrrCents: { column: 'x', money: 'dollars' } }, /money must be/],
    [{ externalId: 'a', name: 42 }, /name must be/],
    [[1, 2], /JSON object/],
  ])('refuses %j', (json, message) => {
    expect(() => parseMapping(json)).toThrow(MappingError);
    expect(() => parseMapping(json)).toThrow(message);
  });
});

describe('cells', () => {
  it.each([
    ['2024-03-05 10:15', 'YMD', '2024-03-05'],
    ['3/5/2024', 'MDY', '2024-03-05'],
    ['05.03.2024', 'DMY', '2024-03-05'],
    ['3/5/24 4:07 PM', 'MDY', '2024-03-05'],
    ['2/30/2024', 'MDY', null], // no 30 February
    ['13/05/2024', 'MDY', null],
    ['1709596800', 'epoch-s', '2024-03-05T00:00:00.000Z'],
    ['2024-03-05T10:15:00Z', 'iso', '2024-03-05T10:15:00Z'],
    ['yesterday', 'YMD', null],
  ] as const)('date %s (%s) → %s', (cell, order, expected) => {
    expect(parseDateCell(cell, order)).toBe(expected);
  });

  it.each([
    ['$1,234.50', { money: 'units' }, '123450'],
    ['1.234,50 €', { money: 'units', decimal: ',' }, '123450'],
    ['12000', { money: 'units', per: 'year' }, '100000'], // ARR 12,000.00 → MRR 1,000.00
    ['1000', { money: 'units', per: 'year' }, '8333'], // 100000 / 12 = 8333.33 → 8333
    ['4999', { money: 'cents' }, '4999'],
    ['49.5', { money: 'cents' }, null],
    ['-5', { money: 'units' }, null],
    ['n/a', { money: 'units' }, null],
  ] as const)('money %s %j → %s', (cell, rule, expected) => {
    expect(parseMoneyCell(cell, { columns: ['x'], ...rule })).toBe(expected);
  });
});

describe('applyMapping', () => {
  const m = parseMapping({
    externalId: 'Record ID',
    name: ['Company name', 'Name'],
    segment: { column: 'Tier', values: { Ent: 'Enterprise' } },
    customerSince: { column: 'Since', date: 'MDY' },
    mrrCents: { column: 'ARR', money: 'units', per: 'year' },
  });

  it('maps a row to our columns: case-insensitive headers, first non-blank column, values, transforms', () => {
    expect(
      applyMapping(m, {
        'record id': ' 42 ',
        'Company name': '',
        Name: 'Acme',
        Tier: 'Ent',
        Since: '1/31/2024',
        ARR: '$24,000',
      }),
    ).toEqual({
      record: {
        externalId: '42',
        name: 'Acme',
        segment: 'Enterprise',
        customerSince: '2024-01-31',
        mrrCents: '200000',
      },
    });
  });

  it('names the cell and column of each problem', () => {
    const r = applyMapping(m, { 'Record ID': '1', Name: 'A', Since: '31/1/2024', ARR: 'lots' });
    expect(r).toEqual({
      problems: [
        'customerSince: "31/1/2024" in column "Since" is not a MDY date',
        'mrrCents: "lots" in column "ARR" is not an amount',
      ],
    });
  });

  it('reports required fields whose columns are absent from the header', () => {
    expect(missingColumns(m, ['Record ID', 'Tier'])).toEqual(['name ("Company name" or "Name")']);
  });

  it('the presets read their CRM’s standard columns', () => {
    expect(
      applyMapping(preset('hubspot')!, {
        'Record ID': '9001',
        'Company name': 'Globex',
        Industry: 'Software',
        'Became a Customer Date': '2023-07-01 09:30',
      }),
    ).toEqual({
      record: { externalId: '9001', name: 'Globex', industry: 'Software', customerSince: '2023-07-01' },
    });
    expect(
      applyMapping(preset('salesforce')!, { ID: '001xx000003DGb2AAG', NAME: 'Initech', INDUSTRY: 'Banking' }),
    ).toEqual({
      record: { externalId: '001xx000003DGb2AAG', name: 'Initech', industry: 'Banking' },
    });
    expect(preset('pipedrive')).toBeNull();
  });
});
