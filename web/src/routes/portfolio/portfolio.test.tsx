import { describe, expect, it } from 'vitest';
import { render } from 'vitest-browser-react';
import { barDrillSearch, atRiskDrillSearch, toWeekRows, validatePortfolioSearch } from './portfolio-search';
import { exportHref, parseBandOn, toAccountFilter, validateAccountsSearch } from '../accounts/accounts-search';
import { DrillFilterNotice } from '../accounts/drill-filter-notice';

describe('Portfolio health URL state and drill-downs', () => {
  it('keeps the picker values it knows (13/26/52 weeks, segment, owner)', () => {
    expect(validatePortfolioSearch({ weeks: '52', segment: ' SMB ', owner: 'u1' })).toEqual({
      weeks: 52,
      segment: 'SMB',
      owner: 'u1',
    });
    expect(validatePortfolioSearch({ weeks: 10 }).weeks).toBeUndefined();
  });

  it("a bar segment opens the Accounts list with bandOn = the bar's day and band, in the same view", () => {
    const search = { segment: 'SMB', owner: 'u1' };
    const drill = barDrillSearch(search, '2026-11-29', 'RED');
    expect(drill).toEqual({ bandOn: '2026-11-29:RED', segment: 'SMB', owner: 'u1' });
    // The Accounts route reads it back into the API filter and the CSV link.
    const accounts = validateAccountsSearch(drill);
    expect(toAccountFilter(accounts)).toMatchObject({
      bandOn: { day: '2026-11-29', band: 'RED' },
      segment: 'SMB',
      ownerId: 'u1',
    });
    expect(exportHref(accounts)).toBe('/export/accounts.csv?ownerId=u1&segment=SMB&bandOn=2026-11-29%3ARED');
    expect(toAccountFilter(validateAccountsSearch(atRiskDrillSearch({})))).toMatchObject({ atRisk: true });
    expect(validateAccountsSearch({ atRisk: 'true' }).atRisk).toBe(true);
  });

  it('refuses a malformed bandOn', () => {
    expect(parseBandOn('2026-11-29:PURPLE')).toBeNull();
    expect(parseBandOn('yesterday:RED')).toBeNull();
    expect(validateAccountsSearch({ bandOn: '2026-11-29' }).bandOn).toBeUndefined();
  });

  it('turns weeks into chart rows with every band (zeros included) and MRR per band', () => {
    const rows = toWeekRows([
      {
        weekStart: '2026-11-23',
        day: '2026-11-29',
        accounts: 3,
        bands: [
          { band: 'GREEN', accounts: 2, mrrCents: 150_000 },
          { band: 'RED', accounts: 1, mrrCents: 50_000 },
        ],
      },
      { weekStart: '2026-11-30', day: null, accounts: 0, bands: [] },
    ]);
    expect(rows[0]).toMatchObject({ day: '2026-11-29', total: 3, GREEN: 2, YELLOW: 0, RED: 1, UNKNOWN: 0 });
    expect(rows[0].mrr).toEqual({ GREEN: 150_000, YELLOW: 0, RED: 50_000, UNKNOWN: 0 });
    expect(rows[1]).toMatchObject({ day: null, total: 0, RED: 0 });
  });
});

describe('DrillFilterNotice', () => {
  it('says in words which cockpit filter is applied', async () => {
    const screen = await render(
      <DrillFilterNotice search={{ bandOn: '2026-11-29:RED', atRisk: true }} onChange={() => {}} />,
    );
    await expect.element(screen.getByTestId('applied-band-on')).toHaveTextContent(/Red.*2026|Red.*Nov/);
    await expect.element(screen.getByTestId('applied-at-risk')).toHaveTextContent('MRR at risk');
    const none = await render(<DrillFilterNotice search={{}} onChange={() => {}} />);
    expect(none.container.textContent).toBe('');
  });
});
