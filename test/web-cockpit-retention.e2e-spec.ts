import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createTestDatabase, spawnService, TestApp, waitForReady } from './utils/test-app';
import { expectAccessible, launchBrowser, newContext, screenshot, signIn } from './utils/web-browser';

/**
 * Issue 19's retention screens in Chromium against the real service with the demo book: the figures shown are
 * the API's for the same period and filter (both read here), a drill-down's count and sum are the figure's, and a
 * CSM is refused before any data is asked for.
 */
const PASSWORD = 'Cedar-orbit-lantern-42';
const ROOT = join(__dirname, '..');

/** The app's formatting in en-US (web/src/lib/format.ts): money from cents, percentages with one decimal. */
const money = (cents: number) =>
  new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: 'USD',
    maximumFractionDigits: cents % 100 === 0 ? 0 : 2,
    minimumFractionDigits: cents % 100 === 0 ? 0 : 2,
  }).format(cents / 100);
const pct = (v: number | null) =>
  v === null ? '—' : new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 }).format(v / 100);
const int = (n: number) => new Intl.NumberFormat('en-US').format(n);

/** The last complete calendar quarter before now, as the screen's default. */
function lastQuarter(now = new Date()): { from: string; to: string } {
  const q = Math.floor(now.getUTCMonth() / 3) * 3;
  const to = new Date(Date.UTC(now.getUTCFullYear(), q, 1));
  const from = new Date(Date.UTC(now.getUTCFullYear(), q - 3, 1));
  return { from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10) };
}

const FIGURES = `customersAtStart churnedCustomers churnRate crr nrr grr endArrCents arrGrowth quickRatio arpaCents clvCents
  crcCents startMrrCents endMrrCents newMrrCents expansionMrrCents reactivationMrrCents contractionMrrCents churnedMrrCents`;

describe('web cockpit: retention analytics and renewals (Chromium)', () => {
  let t: TestApp;
  let browser: Browser;
  let alice: { id: string; email: string };
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
    alice = users.users.find((u) => u.email === 'alice@demo.vitals')!;
    manager = users.users.find((u) => u.role === 'MANAGER')!;
    await setPassword(alice.id);
    await setPassword(manager.id);
    browser = await launchBrowser();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  let ctx: BrowserContext;
  let page: Page;
  beforeEach(async () => {
    ctx = await newContext(browser);
    page = await ctx.newPage();
  });
  afterEach(async () => {
    await ctx?.close();
  });

  const tile = (label: string) => page.getByRole('region', { name: label, exact: true });

  it('manager: the tiles show the API figures of the period and segment; drill-downs add up to them', async () => {
    await signIn(page, t.baseUrl, manager.email, PASSWORD);
    const p = lastQuarter();
    await page.goto(`${t.baseUrl}/app/retention?period=quarter&start=${p.from}`);
    await page.getByTestId('retention-content').waitFor({ timeout: 60_000 });
    const m = (await t.ok(`query($p: PeriodInput!) { retentionMetrics(period: $p) { ${FIGURES} } }`, { p }))
      .retentionMetrics;
    const expected: Array<[string, string]> = [
      ['Churn rate', pct(m.churnRate)],
      ['Customer retention rate (CRR)', pct(m.crr)],
      ['Net revenue retention (NRR)', pct(m.nrr)],
      ['Gross revenue retention (GRR)', pct(m.grr)],
      ['ARR', money(m.endArrCents)],
      ['ARR growth', pct(m.arrGrowth)],
      ['Quick ratio', m.quickRatio === null ? '—' : m.quickRatio.toFixed(2)],
      ['ARPA', money(m.arpaCents)],
      ['Customer lifetime value (CLV)', m.clvCents === null ? '—' : money(m.clvCents)],
      ['Customer retention cost (CRC)', m.crcCents === null ? '—' : money(m.crcCents)],
    ];
    for (const [label, value] of expected) {
      expect({ label, shown: await tile(label).getByTestId('metric-value').textContent() }).toEqual({
        label,
        shown: value,
      });
    }
    expect(m.customersAtStart).toBeGreaterThan(100);
    await screenshot(page, 'retention-01-manager');
    await expectAccessible(page, 'retention');

    // The definition is one click away.
    await page.getByRole('button', { name: 'Definition of Gross revenue retention (GRR)' }).click();
    await page.getByText('(start MRR − contraction − churn) / start MRR × 100').waitFor();
    await page.keyboard.press('Escape');

    // Churn rate → churned customers (numerator): count and sum are the figure's.
    await tile('Churn rate').getByRole('button', { name: 'See the accounts behind it' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('drill-summary').waitFor();
    expect(await dialog.getByTestId('drill-summary').textContent()).toBe(
      `${int(m.churnedCustomers)} accounts, sum ${money(m.churnedMrrCents)}`,
    );
    await dialog.getByText('the list adds up to it').waitFor();
    // Its denominator: the start book.
    await dialog.getByRole('tab', { name: 'Start book' }).click();
    await dialog
      .getByTestId('drill-summary')
      .getByText(`${int(m.customersAtStart)} accounts, sum ${money(m.startMrrCents)}`)
      .waitFor();
    await screenshot(page, 'retention-02-drill-churn');
    await expectAccessible(page, 'retention drill-down');

    // Pages of 50, then the CSV of every page has one row per account.
    await dialog.getByText('Page 1 of').waitFor();
    await dialog.getByRole('button', { name: 'Next page' }).click();
    await dialog.getByText('Page 2 of').waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      dialog.getByRole('button', { name: /Download CSV \(all/ }).click(),
    ]);
    const csv = readFileSync(await download.path(), 'utf8')
      .trim()
      .split(/\r\n/);
    expect(csv.length - 1).toBe(m.customersAtStart);
    const cents = csv.slice(1).reduce((s, line) => s + Math.round(Number(line.split(',').at(-3)) * 100), 0);
    expect(cents).toBe(m.startMrrCents);
    await page.keyboard.press('Escape');

    // GRR → the start cohort's contraction and churn: start − contraction − churn over start is the tile.
    await tile('Gross revenue retention (GRR)').getByRole('button', { name: 'See the accounts behind it' }).click();
    const sums: Record<string, number> = {};
    for (const [tab, figure] of [
      ['Start cohort: contraction', 'COHORT_CONTRACTION'],
      ['Start cohort: churn', 'COHORT_CHURN'],
    ] as const) {
      const api = (
        await t.ok(
          `query($p: PeriodInput!, $f: MetricFigure!) { metricAccounts(period: $p, figure: $f) { totalCount sumCents } }`,
          {
            p,
            f: figure,
          },
        )
      ).metricAccounts;
      sums[figure] = api.sumCents;
      await dialog.getByRole('tab', { name: tab }).click();
      await dialog
        .getByTestId('drill-summary')
        .getByText(`${int(api.totalCount)} accounts, sum ${money(api.sumCents)}`)
        .waitFor();
    }
    expect(((m.startMrrCents - sums.COHORT_CONTRACTION - sums.COHORT_CHURN) * 100) / m.startMrrCents).toBe(m.grr);
  }, 240_000);

  it('manager: the waterfall bars, the trend and the cohort heatmap are the API numbers; a bar drills to its accounts', async () => {
    await signIn(page, t.baseUrl, manager.email, PASSWORD);
    const p = lastQuarter();
    await page.goto(`${t.baseUrl}/app/retention?period=quarter&start=${p.from}`);
    await page.getByTestId('retention-content').waitFor({ timeout: 90_000 });
    const m = (await t.ok(`query($p: PeriodInput!) { retentionMetrics(period: $p) { ${FIGURES} } }`, { p }))
      .retentionMetrics;
    await screenshot(page, 'retention-00-overview');
    const bars = page.getByRole('list', { name: 'Open the accounts behind a waterfall bar' });
    for (const text of [
      `Start ${money(m.startMrrCents)}`,
      `New +${money(m.newMrrCents)}`,
      `Expansion +${money(m.expansionMrrCents)}`,
      `Reactivation +${money(m.reactivationMrrCents)}`,
      `Contraction −${money(m.contractionMrrCents)}`,
      `Churn −${money(m.churnedMrrCents)}`,
      `End ${money(m.endMrrCents)}`,
    ]) {
      await bars.getByRole('button', { name: text, exact: true }).waitFor();
    }
    // The expansion bar's accounts: their amounts add up to the bar.
    await bars.getByRole('button', { name: `Expansion +${money(m.expansionMrrCents)}` }).click();
    const dialog = page.getByRole('dialog');
    await dialog
      .getByTestId('drill-summary')
      .getByText(`sum ${money(m.expansionMrrCents)}`, { exact: false })
      .waitFor();
    await page.keyboard.press('Escape');

    // The trend's last month (the period's last month) as a table = retentionMetrics of that month.
    const last = {
      from: new Date(Date.UTC(+p.to.slice(0, 4), +p.to.slice(5, 7) - 2, 1)).toISOString().slice(0, 10),
      to: p.to,
    };
    const lm = (
      await t.ok(`query($p: PeriodInput!) { retentionMetrics(period: $p) { nrr grr endArrCents } }`, { p: last })
    ).retentionMetrics;
    const rates = page.getByRole('figure', { name: 'Retention rates' });
    await rates.getByRole('button', { name: 'Show as table' }).click();
    const lastRow = rates.getByRole('row').last();
    expect(await lastRow.getByRole('cell').nth(1).textContent()).toBe(pct(lm.nrr));
    expect(await lastRow.getByRole('cell').nth(2).textContent()).toBe(pct(lm.grr));
    expect(await rates.getByRole('row').count()).toBe(13); // header + 12 months

    // The heatmap: each cohort's size and month-0 logo retention as the API answers them.
    const q = p.to;
    const end = new Date(`${q}T00:00:00Z`);
    const range = {
      from: new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - 12, 1)).toISOString().slice(0, 10),
      to: q,
    };
    const cohorts = (
      await t.ok(
        `query($f: Date!, $t: Date!) { cohortRetention(from: $f, to: $t, interval: MONTH) { cohortStart size periods { index logoRetention } } }`,
        {
          f: range.from,
          t: range.to,
        },
      )
    ).cohortRetention;
    expect(cohorts.length).toBeGreaterThan(0);
    const heat = page.getByTestId('cohort-heatmap');
    const rows = heat.getByRole('row');
    expect(await rows.count()).toBe(cohorts.length + 1);
    const first = rows.nth(1).getByRole('cell');
    expect(await first.nth(1).textContent()).toBe(int(cohorts[0].size));
    const m0 = cohorts[0].periods.find((x: any) => x.index === 0).logoRetention;
    expect(await first.nth(3).textContent()).toBe(
      new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 0 }).format(m0 / 100),
    );
    await screenshot(page, 'retention-05-charts');
    await expectAccessible(page, 'retention charts');
  }, 240_000);

  it('manager: a segment filter and a custom period come from the URL; an empty scope shows dashes, not zeros', async () => {
    await signIn(page, t.baseUrl, manager.email, PASSWORD);
    await page.goto(`${t.baseUrl}/app/retention?period=custom&from=2025-02-10&to=2025-05-20&segment=Enterprise`);
    await page.getByTestId('retention-content').waitFor({ timeout: 60_000 });
    const m = (
      await t.ok(
        `query($p: PeriodInput!) { retentionMetrics(period: $p, filter: { segment: "Enterprise" }) { ${FIGURES} } }`,
        {
          p: { from: '2025-02-10', to: '2025-05-20' },
        },
      )
    ).retentionMetrics;
    expect(await tile('Net revenue retention (NRR)').getByTestId('metric-value').textContent()).toBe(pct(m.nrr));
    expect(await tile('ARR').getByTestId('metric-value').textContent()).toBe(money(m.endArrCents));

    await page.goto(`${t.baseUrl}/app/retention?segment=No-such-segment`);
    await page.getByTestId('retention-content').waitFor({ timeout: 60_000 });
    expect(await tile('Churn rate').getByTestId('metric-value').textContent()).toBe('—');
    await screenshot(page, 'retention-03-empty-segment');

    // An API failure shows the error with its request id and a retry.
    await page.route('**/graphql', (route) =>
      route.request().postData()?.includes('query Retention(')
        ? route.fulfill({
            status: 503,
            contentType: 'application/json',
            body: '{"errors":[{"message":"Service unavailable","extensions":{"code":"SERVICE_UNAVAILABLE"}}]}',
          })
        : route.continue(),
    );
    await page.goto(`${t.baseUrl}/app/retention?period=month`);
    await page.getByRole('alert').getByText('Could not load this', { exact: false }).waitFor({ timeout: 60_000 });
    await screenshot(page, 'retention-04-error');
  }, 240_000);

  it('manager: renewals show the API totals and list at-risk renewals first', async () => {
    await signIn(page, t.baseUrl, manager.email, PASSWORD);
    await page.goto(`${t.baseUrl}/app/renewals`);
    await page.getByTestId('renewals-content').waitFor({ timeout: 60_000 });
    // The screen's default window: six months back and six ahead of this month.
    const now = new Date();
    const iso = (m: number) =>
      new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + m, 1)).toISOString().slice(0, 10);
    const r = (
      await t.ok(
        `query($f: Date!, $t: Date!) { renewals(from: $f, to: $t, interval: MONTH, upcomingLimit: 500) { upcomingCount
          upcoming { name priority } periods { upcomingMrrCents atRiskMrrCents renewedCount renewedMrrCents churnedCount churnedMrrCents } } }`,
        { f: iso(-6), t: iso(6) },
      )
    ).renewals;
    const sum = (k: string) => r.periods.reduce((s: number, p: any) => s + p[k], 0);
    expect(sum('upcomingMrrCents')).toBeGreaterThan(0);
    expect(await tile('MRR up for renewal').getByTestId('metric-value').textContent()).toBe(
      money(sum('upcomingMrrCents')),
    );
    expect(await tile('At-risk MRR up for renewal').getByTestId('metric-value').textContent()).toBe(
      money(sum('atRiskMrrCents')),
    );
    expect(await tile('Renewed (past)').getByTestId('metric-value').textContent()).toBe(
      `${int(sum('renewedCount'))} · ${money(sum('renewedMrrCents'))}`,
    );
    expect(await tile('Churned at renewal (past)').getByTestId('metric-value').textContent()).toBe(
      `${int(sum('churnedCount'))} · ${money(sum('churnedMrrCents'))}`,
    );
    // The list in the API's order: at risk first.
    const list = page.getByRole('region', { name: /Upcoming renewals, at risk first/ });
    const firstRow = list.getByRole('row').nth(1).getByRole('cell');
    const text = { AT_RISK: 'At risk', WATCH: 'Watch', OK: 'On track' } as Record<string, string>;
    expect(await firstRow.nth(0).textContent()).toBe(text[r.upcoming[0].priority]);
    expect(await firstRow.nth(1).textContent()).toBe(r.upcoming[0].name);
    expect(await list.getByRole('row').count()).toBe(r.upcoming.length + 1);
    expect(r.upcoming.findIndex((u: any) => u.priority !== 'AT_RISK')).toBeGreaterThanOrEqual(
      r.upcoming.filter((u: any) => u.priority === 'AT_RISK').length,
    );
    await screenshot(page, 'renewals-01-manager');
    await expectAccessible(page, 'renewals');
  }, 180_000);

  it('CSM: /retention and /renewals are refused before any data is asked for', async () => {
    const asked: string[] = [];
    page.on('request', (r) => {
      const body = r.postData() ?? '';
      if (r.url().endsWith('/graphql') && /retentionMetrics|metricAccounts|cohortRetention|renewals\(/.test(body))
        asked.push(body);
    });
    await signIn(page, t.baseUrl, alice.email, PASSWORD);
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Retention' }).count()).toBe(
      0,
    );
    await page.goto(`${t.baseUrl}/app/retention`);
    await page.waitForURL(/\/app\/not-allowed/);
    await page.goto(`${t.baseUrl}/app/renewals`);
    await page.waitForURL(/\/app\/not-allowed/);
    expect(asked).toEqual([]);
  }, 120_000);
});
