import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createTestDatabase, errorCode, spawnService, TestApp, waitForReady } from './utils/test-app';
import { expectAccessible, launchBrowser, newContext, screenshot, signIn } from './utils/web-browser';

/**
 * Issue 19, screens 5, 7 and 8 (Voice of the customer, Scorecards, Churn model) end to end: the real service with
 * the demo book, Chromium. Every figure on screen is read back from the API with the same variables; a CSM is sent
 * to /not-allowed before any of the screen's data is asked for.
 */
const PASSWORD = 'Cedar-orbit-lantern-42';
const ROOT = join(__dirname, '..');
/** The app's number formats (en-US, as the test browser's locale). */
const oneDecimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 0 });
const score = (n: number) => oneDecimal.format(n);
const signed = (n: number) => `${n > 0 ? '+' : ''}${score(n)}`;

describe('cockpit: voice, scorecards, churn model (Chromium)', () => {
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

  /** The GraphQL operation names the page sent (from the request bodies). */
  function watchOperations(p: Page): string[] {
    const seen: string[] = [];
    p.on('request', (req) => {
      if (!req.url().endsWith('/graphql')) return;
      const body = req.postData() ?? '';
      const m = /(query|mutation)\s+(\w+)/.exec(JSON.parse(body || '{}').query ?? '');
      if (m) seen.push(m[2]);
    });
    return seen;
  }

  /** The table view of a chart (ChartFrame's "Show as table"): its rows' cell texts. */
  async function chartTable(p: Page, title: string): Promise<string[][]> {
    const figure = p.getByRole('figure', { name: title });
    await figure.getByRole('button', { name: 'Show as table' }).click();
    const rows = figure.locator('tbody tr');
    await rows.first().waitFor();
    return rows.evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())),
    );
  }

  it.each(['/voice'])(
    'CSM: %s is refused before any of its data loads',
    async (path) => {
      const ops = watchOperations(page);
      await signIn(page, t.baseUrl, alice.email, PASSWORD);
      ops.length = 0;
      await page.goto(`${t.baseUrl}/app${path}`);
      await page.waitForURL(/\/app\/not-allowed/);
      await page.getByRole('heading').first().waitFor();
      // Only `me` (the app frame) may have been asked for: none of the screen's queries.
      expect(ops.filter((o) => o !== 'Me')).toEqual([]);
      // Nor does the API answer a CSM the manager-only parts.
      const csm = await t.user('CSM');
      for (const doc of [`{ riskModels { id } }`, `mutation { trainRiskModel { id } }`]) {
        expect(errorCode(await t.gql(doc, {}, csm.key))).toBe('FORBIDDEN');
      }
      // No entry in the navigation either.
      expect(await page.getByRole('link', { name: /Voice|Scorecards|Churn model/ }).count()).toBe(0);
    },
    120_000,
  );

  it('Voice: the figures, the trend table and the verbatim feed are the API answers for the same filters', async () => {
    await signIn(page, t.baseUrl, manager.email, PASSWORD);
    await page.goto(`${t.baseUrl}/app/voice`);
    await page.getByTestId('voice-content').waitFor({ timeout: 30_000 });
    const now = new Date();
    const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1)).toISOString();
    const api = await t.ok(
      `query($from: DateTime) {
         npsTrend(months: 12) { month responses promoters passives detractors nps confidenceLow confidenceHigh }
         npsSummary(filter: { from: $from }) { responses promoters passives detractors nps confidenceLow confidenceHigh }
         csatSummary(filter: { from: $from }) { responses distribution average csatPct }
         verbatims(first: 1) { totalCount edges { node { text accountName } } }
       }`,
      { from },
    );
    // The months add up to the year's split (the same responses, counted by month).
    const sum = (k: string) => api.npsTrend.reduce((s: number, m: any) => s + m[k], 0);
    expect(sum('responses')).toBe(api.npsSummary.responses);
    expect(sum('detractors')).toBe(api.npsSummary.detractors);
    expect(api.npsSummary.responses).toBeGreaterThan(0);

    const tile = (label: string) => page.getByRole('region', { name: label }).getByTestId('metric-value').textContent();
    expect(await tile('NPS, last 12 months')).toBe(signed(api.npsSummary.nps));
    expect(await tile('NPS 95 % interval')).toBe(
      `${signed(api.npsSummary.confidenceLow)} to ${signed(api.npsSummary.confidenceHigh)}`,
    );
    expect(await tile('CSAT average')).toBe(`${score(api.csatSummary.average)} / 5`);
    expect(await tile('CSAT satisfied')).toBe(`${score(api.csatSummary.csatPct)} %`);
    await page.getByTestId('verbatim-feed').waitFor();
    expect(await page.getByTestId('verbatim-count').textContent()).toBe(
      `${api.verbatims.totalCount.toLocaleString('en-US')} verbatims match`,
    );
    await screenshot(page, 'cockpit-voice');
    await expectAccessible(page, 'voice');

    const trend = await chartTable(page, 'NPS by month, with its 95 % interval');
    expect(trend.length).toBe(12);
    trend.forEach((cells, i) => {
      const m = api.npsTrend[i];
      expect(cells[1]).toBe(String(m.responses));
      expect(cells[2]).toBe(m.nps === null ? '—' : signed(m.nps));
      expect(cells[3]).toBe(m.confidenceLow === null ? '—' : signed(m.confidenceLow));
    });
    const split = await chartTable(page, 'Promoters, passives and detractors');
    expect(split.map((c) => Number(c[1]))).toEqual([
      api.npsSummary.promoters,
      api.npsSummary.passives,
      api.npsSummary.detractors,
    ]);
    const csat = await chartTable(page, 'CSAT answers');
    expect(csat.map((c) => Number(c[1]))).toEqual(api.csatSummary.distribution);

    // Filters from the URL: detractors of one segment whose comment mentions "bugs"; then one account only.
    await page.goto(`${t.baseUrl}/app/voice?category=DETRACTOR&segment=SMB&q=bugs`);
    const filtered = await t.ok(
      `{ verbatims(filter: { npsCategory: DETRACTOR, segment: "SMB", search: "bugs" }, first: 50) {
           totalCount edges { node { text accountId accountName score } } } }`,
    );
    expect(filtered.verbatims.totalCount).toBeGreaterThan(0);
    await page
      .getByTestId('verbatim-count')
      .getByText(`${filtered.verbatims.totalCount.toLocaleString('en-US')} verbatims match`)
      .waitFor();
    for (const e of filtered.verbatims.edges) {
      expect(e.node.score).toBeLessThanOrEqual(6);
      expect(e.node.text.toLowerCase()).toContain('bugs');
    }
    const first = filtered.verbatims.edges[0].node;
    await page.getByRole('button', { name: 'Only this account' }).first().click();
    await page.waitForURL((u) => u.searchParams.get('account') === first.accountId);
    const one = await t.ok(
      `query($a: ID) { verbatims(filter: { npsCategory: DETRACTOR, segment: "SMB", search: "bugs", accountId: $a }) { totalCount } }`,
      { a: first.accountId },
    );
    await page.getByTestId('verbatim-count').getByText(`${one.verbatims.totalCount} verbatims match`).waitFor();
    await page.getByText(`Account: ${first.accountName}`).waitFor();
    await screenshot(page, 'cockpit-voice-filtered');

    // A search with LIKE's wildcards matches them literally: nothing says "100%_".
    await page.goto(`${t.baseUrl}/app/voice?q=${encodeURIComponent('100%_')}`);
    await page.getByText('No verbatim matches these filters').waitFor();
    await expectAccessible(page, 'voice-empty-feed');
  }, 180_000);
});
