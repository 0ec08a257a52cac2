import { describe, expect, it } from 'vitest';
import { exportHref, toAccountFilter, validateAccountsSearch } from './accounts-search';

describe('Accounts URL state', () => {
  it('keeps known values and drops the rest', () => {
    expect(
      validateAccountsSearch({
        band: 'RED',
        risk: 'NOPE',
        renewal: '90',
        sort: 'MRR_DESC',
        q: '  acme ',
        flag: 'DORMANT',
        x: 1,
      }),
    ).toEqual({
      q: 'acme',
      owner: undefined,
      segment: undefined,
      band: 'RED',
      risk: undefined,
      flag: 'DORMANT',
      renewal: 90,
      status: undefined,
      sort: 'MRR_DESC',
      after: undefined,
    });
    expect(validateAccountsSearch({ renewal: 45 }).renewal).toBeUndefined();
  });

  it('turns a renewal window into the API filter and the same filter into the CSV link', () => {
    const now = new Date('2026-12-04T12:00:00Z');
    const search = { band: 'RED' as const, renewal: 30, sort: 'RENEWAL_ASC' as const };
    expect(toAccountFilter(search, now)).toMatchObject({ band: 'RED', renewalBefore: '2027-01-03' });
    expect(exportHref(search, now)).toBe('/export/accounts.csv?band=RED&renewalBefore=2027-01-03&orderBy=RENEWAL_ASC');
    expect(exportHref({}, now)).toBe('/export/accounts.csv');
  });
});
