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
/** The GraphQL operations of the three screens (web/src/routes/{voice,scorecards,churn-model}/*.graphql.ts). */
const SCREEN_OPERATIONS = ['VoiceFigures', 'Verbatims', 'Scorecards', 'ScorecardImpact', 'RiskModels'];
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

  it.each(['/voice', '/scorecards', '/churn-model'])(
    'CSM: %s is refused before any of its data loads',
    async (path) => {
      const ops = watchOperations(page);
      await signIn(page, t.baseUrl, alice.email, PASSWORD);
      ops.length = 0;
      await page.goto(`${t.baseUrl}/app${path}`);
      await page.waitForURL(/\/app\/not-allowed/);
      await page.getByRole('heading').first().waitFor();
      await page.waitForTimeout(500); // a request started late would be seen too
      // None of the screen's queries was sent (the app frame's `me` and the page it came from may be).
      expect(ops.filter((o) => SCREEN_OPERATIONS.includes(o))).toEqual([]);
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
    const ops = watchOperations(page);
    await signIn(page, t.baseUrl, manager.email, PASSWORD);
    await page.goto(`${t.baseUrl}/app/voice`);
    await page.getByTestId('voice-content').waitFor({ timeout: 30_000 });
    // The request watcher the CSM test relies on sees this screen's queries.
    expect(ops).toEqual(expect.arrayContaining(['VoiceFigures', 'Verbatims']));
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

  it('Scorecards: an edit previews the accounts whose band changes, saves a version and changes the account’s band', async () => {
    const SCORECARD = `id name segment version redBelow greenAtOrAbove minCoverage
      measures { key label metric signalType windowDays weight points { value score } }`;
    const { scorecards } = await t.ok(`{ scorecards { ${SCORECARD} } }`);
    const card = scorecards.find((c: any) => c.segment === null);
    const input = (patch: Record<string, unknown>) => ({
      id: card.id,
      name: card.name,
      segment: card.segment,
      redBelow: card.redBelow,
      greenAtOrAbove: card.greenAtOrAbove,
      minCoverage: card.minCoverage,
      measures: card.measures,
      ...patch,
    });
    // A known demo account: the lowest-scored YELLOW one. Raising "red below" just past its score makes it RED.
    const { accounts } = await t.ok(
      `{ accounts(filter: { band: YELLOW, status: ACTIVE }, orderBy: HEALTH_ASC, first: 1) {
           edges { node { id name health { score computedBand scorecard { id version } } } } } }`,
    );
    const target = accounts.edges[0].node;
    expect(target.health.scorecard.id).toBe(card.id);
    const redBelow = Math.floor(target.health.score) + 1;
    expect(redBelow).toBeLessThanOrEqual(card.greenAtOrAbove);
    const IMPACT = `query($i: ScorecardInput!) { scorecardImpact(input: $i, limit: 200) {
        accounts changed changes { accountId accountName bandBefore scoreBefore bandAfter scoreAfter } } }`;
    const impact = (await t.ok(IMPACT, { i: input({ redBelow }) })).scorecardImpact;
    const moved = impact.changes.find((c: any) => c.accountId === target.id);
    expect(moved).toMatchObject({ bandBefore: 'YELLOW', bandAfter: 'RED' });

    await signIn(page, t.baseUrl, manager.email, PASSWORD);
    await page.goto(`${t.baseUrl}/app/scorecards`);
    await page.getByTestId('scorecards-content').waitFor({ timeout: 30_000 });
    await screenshot(page, 'cockpit-scorecards');
    await expectAccessible(page, 'scorecards');

    // A threshold the API refuses shows its message beside the field, and nothing is saved.
    await page.getByLabel('Green at or above').fill('20');
    await page.getByRole('button', { name: 'Preview changes' }).click();
    await page.getByText('must be at least redBelow').waitFor();
    expect(await page.getByLabel('Green at or above').getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'cockpit-scorecards-field-error');
    await page.getByLabel('Green at or above').fill(String(card.greenAtOrAbove));

    // The what-if: the same count as the API, and the account listed YELLOW → RED with its scores.
    await page.getByLabel('Red below').fill(String(redBelow));
    await page.getByRole('button', { name: 'Preview changes' }).click();
    await page
      .getByTestId('impact-summary')
      .getByText(`${impact.changed} of ${impact.accounts} accounts would change band`)
      .waitFor({ timeout: 30_000 });
    const row = page.getByTestId('scorecard-impact').getByRole('row').filter({ hasText: target.name });
    const cells = await row.locator('td').allTextContents();
    expect(cells.map((c) => c.trim())).toEqual([
      target.name,
      expect.any(String),
      'Yellow',
      score(moved.scoreBefore),
      'Red',
      score(moved.scoreAfter),
    ]);
    expect(await page.getByTestId('scorecard-impact').locator('tbody tr').count()).toBe(impact.changes.length);
    await screenshot(page, 'cockpit-scorecards-what-if');
    await expectAccessible(page, 'scorecards-what-if');

    // Save: a new version, and the account's stored band follows once the book is rescored.
    await page.getByRole('button', { name: `Save as version ${card.version + 1}` }).click();
    await page.getByText(`Saved version ${card.version + 1}.`).waitFor({ timeout: 30_000 });
    const after = (await t.ok(`{ scorecards { ${SCORECARD} } }`)).scorecards.find((c: any) => c.id === card.id);
    expect(after).toMatchObject({ version: card.version + 1, redBelow });
    let health: any = null;
    for (let i = 0; i < 120; i++) {
      health = (
        await t.ok(`query($id: ID!) { account(id: $id) { health { band score scorecard { version } } } }`, {
          id: target.id,
        })
      ).account.health;
      if (health.scorecard.version === card.version + 1) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(health).toMatchObject({ band: 'RED', scorecard: { version: card.version + 1 } });
    expect(health.score).toBeCloseTo(moved.scoreAfter, 6);
    await page.goto(`${t.baseUrl}/app/accounts/${target.id}`);
    await page.getByRole('heading', { name: target.name }).waitFor();
    await page.getByText('Red', { exact: true }).first().waitFor();

    // Backfill a few days: the running state, then the number of points the API wrote.
    await page.goto(`${t.baseUrl}/app/scorecards`);
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('From (first day)').fill(day(-3));
    await page.getByLabel('To (not included)').fill(day(0));
    await page.getByRole('button', { name: 'Backfill history' }).click();
    const done = page.getByTestId('backfill-status').getByText(/^Done: [\d,]+ history points written/);
    await done.waitFor({ timeout: 60_000 });
    const again = await t.ok(
      `mutation($f: Date!, $to: Date!, $id: ID) { backfillHealthHistory(scorecardId: $id, from: $f, to: $to) }`,
      {
        f: day(-3),
        to: day(0),
        id: card.id,
      },
    );
    expect(await done.textContent()).toContain(
      `Done: ${again.backfillHealthHistory.toLocaleString('en-US')} history points`,
    );
  }, 240_000);

  it('Scorecards: a new segment scorecard starts from the default, previews its segment and saves as version 1', async () => {
    const { scorecards } = await t.ok(`{ scorecards { id segment redBelow greenAtOrAbove minCoverage
        measures { key label metric signalType windowDays weight points { value score } } } }`);
    const base = scorecards.find((c: any) => c.segment === null);
    expect(scorecards.some((c: any) => c.segment === 'Enterprise')).toBe(false);
    const input = {
      name: 'Enterprise health',
      segment: 'Enterprise',
      redBelow: 60,
      greenAtOrAbove: base.greenAtOrAbove,
      minCoverage: base.minCoverage,
      measures: base.measures,
    };
    const impact = (
      await t.ok(`query($i: ScorecardInput!) { scorecardImpact(input: $i, limit: 200) { accounts changed } }`, {
        i: input,
      })
    ).scorecardImpact;
    const enterprise = await t.ok(`{ accounts(filter: { segment: "Enterprise" }) { totalCount } }`);
    expect(impact.accounts).toBeGreaterThan(0);
    expect(impact.accounts).toBeLessThanOrEqual(enterprise.accounts.totalCount);

    await signIn(page, t.baseUrl, manager.email, PASSWORD);
    await page.goto(`${t.baseUrl}/app/scorecards`);
    await page.getByRole('button', { name: 'New segment scorecard' }).click();
    await page.getByRole('heading', { name: 'New segment scorecard' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill(input.name);
    await page.getByLabel('Segment', { exact: true }).fill(input.segment);
    await page.getByLabel('Red below').fill(String(input.redBelow));
    await page.getByRole('button', { name: 'Preview changes' }).click();
    await page
      .getByTestId('impact-summary')
      .getByText(`${impact.changed} of ${impact.accounts} accounts would change band`)
      .waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Save as version 1' }).click();
    await page.getByRole('button', { name: 'Segment Enterprise · v1' }).waitFor({ timeout: 30_000 });
    const saved = (await t.ok(`{ scorecards { id segment version name redBelow } }`)).scorecards.find(
      (c: any) => c.segment === 'Enterprise',
    );
    expect(saved).toMatchObject({ version: 1, name: input.name, redBelow: 60 });
    await page.waitForURL((u) => u.searchParams.get('card') === saved.id);
    await expectAccessible(page, 'scorecards-new-segment');
  }, 180_000);

  it('Churn model: the evaluation, calibration and coefficients are the API’s; a new training is watched to ACTIVE', async () => {
    const MODELS = `{ riskModels { id version status auc prAuc brier brierSkill
        calibration { binStart count meanPredicted observedRate } coefficients { feature label coefficient } } }`;
    // The demo trains a first model at start-up (in the background): wait until it is there.
    let models: any[] = [];
    for (let i = 0; i < 120; i++) {
      models = (await t.ok(MODELS)).riskModels;
      if (models.some((m) => m.status === 'ACTIVE')) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const active = models.find((m) => m.status === 'ACTIVE');
    expect(active).toBeDefined();
    const three = new Intl.NumberFormat('en-US', { minimumFractionDigits: 3, maximumFractionDigits: 3 });

    await signIn(page, t.baseUrl, manager.email, PASSWORD);
    await page.goto(`${t.baseUrl}/app/churn-model`);
    await page.getByTestId('churn-model-content').waitFor({ timeout: 30_000 });
    const tile = (label: string) =>
      page.getByRole('region', { name: label, exact: true }).getByTestId('metric-value').textContent();
    expect(await tile('AUC')).toBe(three.format(active.auc));
    expect(await tile('PR AUC')).toBe(three.format(active.prAuc));
    expect(await tile('Brier score')).toBe(three.format(active.brier));
    expect(await tile('Brier skill')).toBe(three.format(active.brierSkill));
    await screenshot(page, 'cockpit-churn-model');
    await expectAccessible(page, 'churn-model');

    const calibration = await chartTable(page, 'Calibration: predicted vs observed churn');
    expect(calibration.map((c) => Number(c[1]))).toEqual(active.calibration.map((b: any) => b.count));
    const coefficients = await chartTable(page, 'What drives the churn risk');
    expect(coefficients.map((c) => c[0])).toEqual(active.coefficients.map((c: any) => c.label));
    expect(coefficients.map((c) => c[2])).toEqual(active.coefficients.map((c: any) => three.format(c.coefficient)));
    expect(active.coefficients.some((c: any) => c.label !== c.feature && /[a-z] [a-z]/.test(c.label))).toBe(true);

    // Train: the new version appears as TRAINING, and the page follows it (polling) until it is ACTIVE.
    const next = models[0].version + 1;
    await page.getByRole('button', { name: 'Train a new model' }).click();
    const status = page.getByTestId(`model-status-${next}`);
    await status.getByText('Training…').waitFor({ timeout: 15_000 });
    await screenshot(page, 'cockpit-churn-model-training');
    await status.getByText('Active').waitFor({ timeout: 120_000 });
    const trained = (await t.ok(MODELS)).riskModels.find((m: any) => m.version === next);
    expect(trained.status).toBe('ACTIVE');
  }, 240_000);
});
