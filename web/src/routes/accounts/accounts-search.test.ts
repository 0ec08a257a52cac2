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

  it('turns the URL state into the API filter and the same filter into the CSV link', () => {
    const search = { band: 'RED' as const, renewal: 30, sort: 'RENEWAL_ASC' as const };
    expect(toAccountFilter(search)).toMatchObject({ band: 'RED', renewalWithinDays: 30 });
    expect(exportHref(search)).toBe('/export/accounts.csv?band=RED&renewalWithinDays=30&orderBy=RENEWAL_ASC');
    expect(exportHref({})).toBe('/export/accounts.csv');
  });

  it('"any red flag" is hasRedFlag, a flag type is hasFlag', () => {
    expect(toAccountFilter({ flag: 'ANY' })).toMatchObject({ hasRedFlag: true, hasFlag: undefined });
    expect(toAccountFilter({ flag: 'DORMANT' })).toMatchObject({ hasRedFlag: undefined, hasFlag: 'DORMANT' });
  });
});
