import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createTestDatabase, spawnService, TestApp, waitForReady } from './utils/test-app';
import { expectAccessible, launchBrowser, newContext, screenshot, signIn } from './utils/web-browser';

/**
 * The manager's cockpit, Portfolio health (/portfolio) and the CSM scorecard (/team): the real service with the
 * demo book, Chromium. The numbers shown are the API's for the same filters; a bar's accounts list has the bar's
 * count; a CSM is refused before any data request.
 */
const PASSWORD = 'Cedar-orbit-lantern-42';
const ROOT = join(__dirname, '..');

const PORTFOLIO = `query($w: Int, $s: String, $o: ID) { portfolioHealth(weeks: $w, segment: $s, ownerId: $o) {
  segments weeks { weekStart day accounts bands { band accounts mrrCents } }
  mrrAtRisk { accounts mrrCents bookAccounts bookMrrCents } declines { account { name } } declinesCount } }`;

/** formatMoney of the app in en-US (the test browser's locale). */
function money(cents: number): string {
  const whole = cents % 100 === 0;
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: 'USD',
    maximumFractionDigits: whole ? 0 : 2,
    minimumFractionDigits: whole ? 0 : 2,
  }).format(cents / 100);
}
const int = (n: number) => n.toLocaleString('en-US');

describe('web cockpit: portfolio health and CSM scorecard (Chromium)', () => {
  let t: TestApp;
  let browser: Browser;
  let csm: { id: string; email: string };
  let manager: { id: string; email: string };

  async function setPassword(userId: string): Promise<void> {
    const link = await t.ok<{ createPasswordResetLink: { url: string } }>(
      `mutation($id: ID!) { createPasswordResetLink(userId: $id) { url } }`,
      { id: userId },
    );
    const token = new URL(link.createPasswordResetLink.url).searchParams.get('token');
    const r = await fetch(`${t.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: t.baseUrl },
      body: JSON.stringify({
        query: `mutation($t: String!, $p: String!) { setPassword(token: $t, password: $p) { user { id } } }`,
        variables: { t: token, p: PASSWORD },
      }),
    });
    expect(r.status).toBe(200);
  }

  beforeAll(async () => {
    const build = spawnSync(process.execPath, ['scripts/ensure-web-build.js'], { cwd: ROOT, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`web build failed:\n${build.stdout}\n${build.stderr}`);
    const databaseUrl = await createTestDatabase();
    const adminKey = `vk_${randomBytes(32).toString('base64url')}`;
    const env = { DATABASE_URL: databaseUrl, ADMIN_API_KEY: adminKey, DEMO_DATA: 'true' };
    const service = spawnService(env);
    t = new TestApp(service, await waitForReady(service, 240_000), databaseUrl, adminKey, env);
    const users = await t.ok<{ users: { id: string; email: string; role: string }[] }>(`{ users { id email role } }`);
    csm = users.users.find((u) => u.email === 'alice@demo.vitals')!;
    manager = users.users.find((u) => u.role === 'MANAGER')!;
    await setPassword(csm.id);
    await setPassword(manager.id);
    // The demo's health history is backfilled in the background; the current snapshot is taken again after it,
    // which fills the 7-day changes: wait for that, so the history no longer moves under the test.
    const deadline = Date.now() + 180_000;
    for (;;) {
      const r = await t.ok(`{ accounts(first: 100) { edges { node { health { trend { delta7d } } } } } }`);
      if (r.accounts.edges.some((e: any) => e.node.health?.trend.delta7d != null)) break;
      if (Date.now() > deadline) throw new Error('the demo history backfill did not finish');
      await new Promise((res) => setTimeout(res, 1000));
    }
    browser = await launchBrowser();
  }, 420_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  let ctx: BrowserContext;
  let page: Page;
  let operations: string[];
  beforeEach(async () => {
    ctx = await newContext(browser);
    page = await ctx.newPage();
    operations = [];
    page.on('request', (r) => {
      if (!r.url().endsWith('/graphql') || r.method() !== 'POST') return;
      const m = /^\s*(?:query|mutation)\s+(\w+)/.exec(String((r.postDataJSON() as { query?: string })?.query ?? ''));
      if (m) operations.push(m[1]);
    });
  });
  afterEach(async () => {
    await ctx?.close();
  });

  it('portfolio: the tiles and every bar are the API’s numbers; a bar opens exactly its accounts, and MRR at risk its own', async () => {
    await signIn(page, t.baseUrl, manager.email, PASSWORD);
    await page.goto(`${t.baseUrl}/app/portfolio`);
    await page.getByTestId('portfolio-content').waitFor();
    const api = (await t.ok(PORTFOLIO, { w: 26 })).portfolioHealth;
    expect(api.weeks).toHaveLength(26);

    const tile = (label: string) => page.getByRole('region', { name: label, exact: true }).getByTestId('metric-value');
    expect(await tile('MRR at risk').textContent()).toBe(money(api.mrrAtRisk.mrrCents));
    expect(await tile('Accounts at risk').textContent()).toBe(int(api.mrrAtRisk.accounts));
    expect(await tile('Declined in the last 7 days').textContent()).toBe(int(api.declinesCount));
    expect(api.mrrAtRisk.accounts).toBeGreaterThan(0);
    await screenshot(page, 'portfolio-manager');
    await expectAccessible(page, 'portfolio');

    // The chart as a table: each week's counts per band are the API's.
    await page.getByRole('button', { name: 'Show as table' }).click();
    const rows = page.getByRole('table', { name: 'Band mix by week' }).locator('tbody tr');
    expect(await rows.count()).toBe(26);
    const withHistory = api.weeks.filter((w: any) => w.day);
    expect(withHistory.length).toBeGreaterThanOrEqual(8); // the demo backfills 60 days
    for (const [i, w] of api.weeks.entries()) {
      const cells = await rows.nth(i).getByRole('cell').allInnerTexts();
      const n = (band: string) => int(w.bands.find((b: any) => b.band === band).accounts);
      expect(cells.slice(2, 7)).toEqual([n('RED'), n('YELLOW'), n('GREEN'), n('UNKNOWN'), int(w.accounts)]);
    }
    await screenshot(page, 'portfolio-as-table');
    await expectAccessible(page, 'portfolio-table');

    // Click the RED segment of the latest bar that has one: the Accounts list shows exactly those accounts.
    const week = [...withHistory].reverse().find((w: any) => w.bands.find((b: any) => b.band === 'RED').accounts > 0);
    const red = week.bands.find((b: any) => b.band === 'RED').accounts;
    await page.getByRole('button', { name: 'Show chart' }).click();
    await page.locator(`[data-testid="band-mix-chart"] g[data-week="${week.weekStart}"][data-band="RED"]`).click();
    await page.waitForURL(/\/app\/accounts\?/);
    expect(new URL(page.url()).searchParams.get('bandOn')).toBe(`${week.day}:RED`);
    await page.getByText(`${int(red)} accounts match`).waitFor();
    await page.getByTestId('applied-band-on').waitFor();
    const list = await t.ok(`query($f: AccountFilter) { accounts(filter: $f) { totalCount } }`, {
      f: { bandOn: { day: week.day, band: 'RED' } },
    });
    expect(list.accounts.totalCount).toBe(red);
    await screenshot(page, 'portfolio-drill-accounts');
    await expectAccessible(page, 'accounts-band-on');
    // The link survives a reload.
    await page.reload();
    await page.getByText(`${int(red)} accounts match`).waitFor();

    // MRR at risk → its accounts, same count.
    await page.goto(`${t.baseUrl}/app/portfolio`);
    await page.getByTestId('portfolio-content').waitFor();
    await page
      .getByRole('region', { name: 'MRR at risk', exact: true })
      .getByRole('button', { name: 'See the accounts' })
      .click();
    await page.waitForURL(/atRisk=true/);
    await page.getByText(`${int(api.mrrAtRisk.accounts)} accounts match`).waitFor();
    await page.getByTestId('applied-at-risk').waitFor();
  }, 240_000);

  it('portfolio: one segment and one CSM, 13 weeks — the numbers follow the pickers (URL)', async () => {
    await signIn(page, t.baseUrl, manager.email, PASSWORD);
    const api0 = (await t.ok(PORTFOLIO, { w: 13 })).portfolioHealth;
    const segment = api0.segments[0];
    const api = (await t.ok(PORTFOLIO, { w: 13, s: segment, o: csm.id })).portfolioHealth;
    await page.goto(`${t.baseUrl}/app/portfolio?weeks=13&segment=${encodeURIComponent(segment)}&owner=${csm.id}`);
    await page.getByTestId('portfolio-content').waitFor();
    const tile = (label: string) => page.getByRole('region', { name: label, exact: true }).getByTestId('metric-value');
    expect(await tile('MRR at risk').textContent()).toBe(money(api.mrrAtRisk.mrrCents));
    await page.getByRole('button', { name: 'Show as table' }).click();
    const rows = page.getByRole('table', { name: 'Band mix by week' }).locator('tbody tr');
    expect(await rows.count()).toBe(13);
    const last = api.weeks[12];
    const cells = await rows.nth(12).getByRole('cell').allInnerTexts();
    expect(cells[6]).toBe(int(last.accounts));
    await screenshot(page, 'portfolio-segment-csm');
  }, 120_000);

  it('portfolio: empty and error states', async () => {
    await signIn(page, t.baseUrl, manager.email, PASSWORD);
    await page.goto(`${t.baseUrl}/app/portfolio?segment=No%20such%20segment`);
    await page.getByText('No accounts in this view').waitFor();
    await screenshot(page, 'portfolio-empty');
    await expectAccessible(page, 'portfolio-empty');
    await page.route('**/graphql', async (route) => {
      if (!String(route.request().postData()).includes('portfolioHealth')) return route.continue();
      await route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: '{"errors":[{"message":"down","extensions":{"code":"SERVICE_UNAVAILABLE"}}]}',
      });
    });
    await page.goto(`${t.baseUrl}/app/portfolio?weeks=52`);
    await page.getByRole('alert').waitFor({ timeout: 30_000 });
    await screenshot(page, 'portfolio-error');
  }, 120_000);

  it('a CSM is refused the portfolio before any data request (and has no Manage entry)', async () => {
    await signIn(page, t.baseUrl, csm.email, PASSWORD);
    await page.goto(`${t.baseUrl}/app/portfolio`);
    await page.waitForURL(/\/app\/not-allowed/);
    expect(operations).not.toContain('Portfolio');
    expect(await page.getByRole('link', { name: 'Portfolio' }).count()).toBe(0);
    await screenshot(page, 'portfolio-csm-refused');
  }, 60_000);

  it('team: one row per CSM with the API’s numbers for the quarter; sortable; a CSM’s page with their trends and accounts', async () => {
    await signIn(page, t.baseUrl, manager.email, PASSWORD);
    await page.goto(`${t.baseUrl}/app/team?period=quarter`);
    await page.getByTestId('team-content').waitFor();
    const now = new Date();
    const q = now.getUTCMonth() - (now.getUTCMonth() % 3);
    const period = {
      from: new Date(Date.UTC(now.getUTCFullYear(), q, 1)).toISOString().slice(0, 10),
      to: new Date(Date.UTC(now.getUTCFullYear(), q + 3, 1)).toISOString().slice(0, 10),
    };
    const api = (
      await t.ok(
        `query($p: PeriodInput!) { csmScorecard(period: $p) { owner { id name } accounts mrrCents churnedMrrCents
           healthMix { green yellow red unknown } tasksCompleted tasksOverdue crcCents } }`,
        { p: period },
      )
    ).csmScorecard;
    expect(api.length).toBeGreaterThan(1);
    const table = page.getByRole('table', { name: 'CSM scorecard, one row per CSM' });
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBe(api.length);
    // Sorted by book MRR, highest first (the initial sort).
    const names = await rows.locator('td:first-child').allInnerTexts();
    expect(names).toEqual([...api].sort((a: any, b: any) => b.mrrCents - a.mrrCents).map((r: any) => r.owner.name));
    for (const r of api) {
      const cells = await table
        .getByRole('row')
        .filter({ has: page.getByRole('link', { name: r.owner.name, exact: true }) })
        .getByRole('cell')
        .allInnerTexts();
      const h = r.healthMix;
      expect([cells[1], cells[2], cells[5], cells[6], cells[7], cells[8], cells[10], cells[11]]).toEqual([
        int(r.accounts),
        money(r.mrrCents),
        money(r.churnedMrrCents),
        `${h.green} / ${h.yellow} / ${h.red} / ${h.unknown}`,
        int(h.red),
        int(r.tasksCompleted),
        int(r.tasksOverdue),
        r.crcCents === null ? '—' : money(r.crcCents),
      ]);
    }
    // Sorting by a header reorders the rows.
    await table.getByRole('button', { name: /^Accounts/ }).click();
    const byAccounts = await rows.locator('td:nth-child(2)').allInnerTexts();
    expect(byAccounts).toEqual(
      [...api]
        .map((r: any) => r.accounts)
        .sort((a: number, b: number) => b - a)
        .map(int),
    );
    await screenshot(page, 'team-manager');
    await expectAccessible(page, 'team');

    // One CSM's page: their trends and a link to their accounts.
    await page.getByRole('link', { name: 'Alice Moreau', exact: true }).click();
    await page.waitForURL(new RegExp(`/app/team/${csm.id}`));
    await page.getByTestId('csm-content').waitFor();
    await page.getByRole('heading', { name: 'Alice Moreau' }).waitFor();
    await page.getByRole('button', { name: 'Show as table' }).nth(1).click();
    const mrrRows = page.getByRole('table', { name: 'Book MRR by month' }).locator('tbody tr');
    expect(await mrrRows.count()).toBe(12);
    const thisMonth = {
      from: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString().slice(0, 10),
      to: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString().slice(0, 10),
    };
    const month = (
      await t.ok(
        `query($p: PeriodInput!, $o: ID) { retentionMetrics(period: $p, filter: { ownerId: $o }) { endMrrCents } }`,
        {
          p: thisMonth,
          o: csm.id,
        },
      )
    ).retentionMetrics;
    expect((await mrrRows.nth(11).getByRole('cell').allInnerTexts())[1]).toBe(money(month.endMrrCents));
    await screenshot(page, 'team-csm-page');
    await expectAccessible(page, 'team-csm');
    await page.getByRole('link', { name: 'Their accounts' }).click();
    await page.waitForURL(new RegExp(`/app/accounts\\?owner=${csm.id}`));
    const book = await t.ok(`query($o: ID) { accounts(filter: { ownerId: $o }) { totalCount } }`, { o: csm.id });
    await page.getByText(`${int(book.accounts.totalCount)} accounts match`).waitFor();
  }, 180_000);

  it('a CSM is refused the scorecard and a CSM page before any data request', async () => {
    await signIn(page, t.baseUrl, csm.email, PASSWORD);
    await page.goto(`${t.baseUrl}/app/team`);
    await page.waitForURL(/\/app\/not-allowed/);
    await page.goto(`${t.baseUrl}/app/team/${csm.id}`);
    await page.waitForURL(/\/app\/not-allowed/);
    expect(operations.filter((o) => o === 'CsmScorecard' || o === 'CsmTrends')).toEqual([]);
    expect(await page.getByRole('link', { name: 'Team' }).count()).toBe(0);
  }, 60_000);
});
