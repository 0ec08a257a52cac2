import { isRowError, parseAccountRow } from '../account-row';

describe('parseAccountRow', () => {
  it('accepts a full row and trims cells', () => {
    const r = parseAccountRow(
      {
        externalId: ' C-1 ',
        name: 'Acme',
        segment: 'SMB',
        ownerEmail: 'a@b.c',
        customerSince: '2024-01-31',
        renewalDate: '2027-01-31',
        mrrCents: '12345',
      },
      2,
    );
    expect(r).toEqual({
      line: 2,
      externalId: 'C-1',
      name: 'Acme',
      segment: 'SMB',
      industry: null,
      ownerEmail: 'a@b.c',
      customerSince: new Date('2024-01-31T00:00:00Z'),
      renewalDate: '2027-01-31',
      mrrCents: 12345,
    });
  });

  it('treats blank optional cells as none', () => {
    const r = parseAccountRow(
      { externalId: 'C-2', name: 'B', segment: '', ownerEmail: '', customerSince: '', renewalDate: '', mrrCents: '' },
      3,
    );
    expect(r).toMatchObject({
      segment: null,
      ownerEmail: null,
      customerSince: null,
      renewalDate: null,
      mrrCents: null,
    });
  });

  it('reports every problem of a bad row with its line', () => {
    const r = parseAccountRow(
      {
        externalId: '',
        name: '',
        renewalDate: '2025-02-30',
        mrrCents: '-5',
        customerSince: 'soon',
        ownerEmail: 'nope',
      },
      7,
    );
    expect(isRowError(r)).toBe(true);
    expect(r).toMatchObject({ line: 7 });
    const msg = (r as { message: string }).message;
    for (const part of [
      'externalId is required',
      'name is required',
      'renewalDate',
      'mrrCents',
      'customerSince',
      'ownerEmail',
    ])
      expect(msg).toContain(part);
  });

  it('rejects fractional cents', () => {
    expect(isRowError(parseAccountRow({ externalId: 'x', name: 'y', mrrCents: '10.5' }, 2))).toBe(true);
  });
});
