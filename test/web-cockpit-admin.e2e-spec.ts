import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createTestDatabase, spawnService, TestApp, waitForReady } from './utils/test-app';
import { expectAccessible, launchBrowser, newContext, screenshot, signIn } from './utils/web-browser';

/**
 * Issue 19, screens 6 and 9 end to end: playbooks (and webhooks) for a MANAGER/ADMIN, settings for an ADMIN, in
 * Chromium against the real service with the demo book. Numbers on screen are compared with the API's answers.
 */
const PASSWORD = 'Cedar-orbit-lantern-42';
const ROOT = join(__dirname, '..');
const DAY = 86_400_000;

/** The page's default effectiveness window: the last 90 UTC days including today, [from, to). */
function last90Days(): { from: string; to: string } {
  const tomorrow = new Date(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`).getTime() + DAY;
  return {
    from: new Date(tomorrow - 90 * DAY).toISOString().slice(0, 10),
    to: new Date(tomorrow).toISOString().slice(0, 10),
  };
}

describe('manager cockpit: playbooks, webhooks, settings (Chromium)', () => {
  let t: TestApp;
  let browser: Browser;
  let csm: { id: string; email: string };
  let manager: { id: string; email: string };
  let admin: { id: string; email: string };

  /** Gives a user a password the way an admin would: a reset link, then the set-password mutation. */
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
    admin = users.users.find((u) => u.role === 'ADMIN')!;
    for (const u of [csm, manager, admin]) await setPassword(u.id);
    browser = await launchBrowser();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  let ctx: BrowserContext;
  let page: Page;
  /** GraphQL operation names the page sent (to prove a refused screen asked for nothing). */
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

  /** The text of a table row's cells, found by a cell's exact text. */
  async function rowCells(name: string): Promise<string[]> {
    const row = page.getByRole('row').filter({ has: page.getByRole('cell', { name, exact: true }) });
    return row.getByRole('cell').allInnerTexts();
  }

  it('a manager creates a playbook, sees the API refuse a bad trigger beside its field, and sees it fire on a demo account', async () => {
    await signIn(page, t.baseUrl, manager.email, PASSWORD);
    await page.goto(`${t.baseUrl}/app/playbooks`);
    await page.getByTestId('playbooks-content').waitFor();

    // The list's numbers are the API's for the same period. Background scoring may start runs meanwhile (a fresh
    // demo), so the page is compared with an answer that did not change while the page loaded.
    const period = last90Days();
    const listQuery = `query($p: PeriodInput!) { playbooks { id name } playbookEffectiveness(period: $p) { playbook { id } runs suppressedTotal } }`;
    let api = await t.ok(listQuery, { p: period });
    for (let attempt = 0; ; attempt++) {
      await page.reload();
      await page.getByTestId('playbooks-content').waitFor();
      const shown = await page.getByRole('row').allInnerTexts();
      const after = await t.ok(listQuery, { p: period });
      if (JSON.stringify(after) === JSON.stringify(api)) {
        expect(shown.length).toBe(api.playbooks.length + 1);
        break;
      }
      if (attempt === 30) throw new Error('the playbooks report kept changing for 30 reloads');
      api = after;
      await new Promise((r) => setTimeout(r, 1000));
    }
    expect(api.playbooks.length).toBeGreaterThan(0);
    for (const pb of api.playbooks) {
      const s = api.playbookEffectiveness.find((x: { playbook: { id: string } }) => x.playbook.id === pb.id);
      const cells = await rowCells(pb.name);
      expect(cells[4]).toBe((s?.runs ?? 0).toLocaleString('en-US'));
      expect(cells[5]).toBe((s?.suppressedTotal ?? 0).toLocaleString('en-US'));
    }
    await screenshot(page, 'cockpit-admin-01-playbooks');
    await expectAccessible(page, 'playbooks');

    // A demo account renewing within 30 days, and its segment: the playbook will be for that segment.
    const renewing = await t.ok(
      `{ accounts(filter: { renewalWithinDays: 30, status: ACTIVE }, orderBy: RENEWAL_ASC, first: 1) { edges { node { id name segment } } } }`,
    );
    const target = renewing.accounts.edges[0].node;
    expect(target.segment).toBeTruthy();

    await page.getByRole('button', { name: 'New playbook' }).click();
    const form = page.getByRole('form', { name: 'Create playbook' });
    await form.getByLabel('Name').fill('Renewal call (e2e)');
    await form.getByLabel('Segment (optional)').fill(target.segment);
    await form.getByRole('combobox', { name: 'Trigger kind' }).click();
    await page.getByRole('option', { name: 'Renewal is near' }).click();
    await form.getByLabel('Step 1 title').fill('Call before the renewal');
    await form.getByLabel('Step 1 due after (days)').fill('2');
    // Days left empty: the API's rule (core's validateTrigger) is shown beside the field, nothing is created.
    await form.getByRole('button', { name: 'Create playbook' }).click();
    const days = form.getByLabel('Days', { exact: true });
    await form.getByText('is required for RENEWAL_WITHIN').waitFor();
    expect(await days.getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'cockpit-admin-02-playbook-form-error');
    await expectAccessible(page, 'playbook-form');
    await days.fill('30');
    await form.getByRole('button', { name: 'Create playbook' }).click();
    await page.waitForURL(/\/app\/playbooks\/[0-9a-f-]{36}/);
    const playbookId = /playbooks\/([0-9a-f-]{36})/.exec(page.url())![1];
    await page.getByTestId('playbook-content').waitFor();
    await page.getByText('No runs yet').waitFor();

    const saved = await t.ok(
      `query($id: ID!) { playbook(id: $id) { name segment enabled trigger { kind days } steps { title dueInDays } } }`,
      {
        id: playbookId,
      },
    );
    expect(saved.playbook).toEqual({
      name: 'Renewal call (e2e)',
      segment: target.segment,
      enabled: true,
      trigger: { kind: 'RENEWAL_WITHIN', days: 30 },
      steps: [{ title: 'Call before the renewal', dueInDays: 2 }],
    });

    // The daily sweep fires RENEWAL_WITHIN (run now through the API, as the product's cron does each day).
    const started = await t.ok(`mutation { runPlaybookSweep }`);
    expect(started.runPlaybookSweep).toBeGreaterThan(0);
    const runs = await t.ok(
      `query($id: ID!) { playbookRuns(filter: { playbookId: $id, suppressed: false }, first: 1) {
         totalCount edges { node { account { name } tasks { title } } } } }`,
      { id: playbookId },
    );
    expect(runs.playbookRuns.totalCount).toBeGreaterThan(0);
    // The demo account it was made for has a run, with the step's task.
    const onTarget = await t.ok(
      `query($id: ID!, $a: ID!) { playbookRuns(filter: { playbookId: $id, accountId: $a }) { edges { node { status tasks { title } } } } }`,
      { id: playbookId, a: target.id },
    );
    expect(onTarget.playbookRuns.edges.map((e: { node: unknown }) => e.node)).toEqual([
      { status: 'OPEN', tasks: [{ title: 'Call before the renewal' }] },
    ]);

    await page.reload();
    await page.getByTestId('playbook-content').waitFor();
    await page.getByText(`Recent runs (${runs.playbookRuns.totalCount} in all`).waitFor();
    // The newest run the API lists is on screen with its account and its task.
    const newest = runs.playbookRuns.edges[0].node;
    const runRow = page
      .getByRole('row')
      .filter({ has: page.getByRole('link', { name: newest.account.name, exact: true }) });
    await runRow.first().getByText(newest.tasks[0].title).waitFor();
    const eff = await t.ok(`query($p: PeriodInput!) { playbookEffectiveness(period: $p) { playbook { id } runs } }`, {
      p: last90Days(),
    });
    const mine = eff.playbookEffectiveness.find((x: { playbook: { id: string } }) => x.playbook.id === playbookId);
    expect(mine.runs).toBe(runs.playbookRuns.totalCount);
    const tile = page.getByRole('region', { name: 'Runs', exact: true });
    expect(await tile.getByTestId('metric-value').innerText()).toBe(mine.runs.toLocaleString('en-US'));
    await screenshot(page, 'cockpit-admin-03-playbook-fired');
    await expectAccessible(page, 'playbook');

    // Disable, then edit with a bad value: the API's message beside the field; then a good one.
    await page.getByRole('button', { name: 'Disable' }).click();
    await page.getByRole('button', { name: 'Enable' }).waitFor();
    expect((await t.ok(`query($id: ID!) { playbook(id: $id) { enabled } }`, { id: playbookId })).playbook.enabled).toBe(
      false,
    );
    await page.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('form', { name: 'Save playbook' });
    await edit.getByLabel('Days', { exact: true }).fill('5000');
    await edit.getByRole('button', { name: 'Save playbook' }).click();
    await edit.getByText('must be an integer from 1 to 3650').waitFor();
    await edit.getByLabel('Days', { exact: true }).fill('45');
    await edit.getByRole('button', { name: 'Save playbook' }).click();
    await page.getByText('Renewal within 45 days').first().waitFor();
    const edited = await t.ok(`query($id: ID!) { playbook(id: $id) { trigger { days } } }`, { id: playbookId });
    expect(edited.playbook.trigger.days).toBe(45);
  }, 300_000);

  it('a CSM is refused the playbooks screens before any of their data is asked for', async () => {
    await signIn(page, t.baseUrl, csm.email, PASSWORD);
    for (const path of ['/app/playbooks', `/app/playbooks/${randomUUID()}`]) {
      operations = [];
      await page.goto(`${t.baseUrl}${path}`);
      await page.waitForURL(/\/app\/not-allowed/);
      await page.getByRole('heading', { name: 'Not allowed' }).waitFor();
      expect(operations.filter((o) => o !== 'Me')).toEqual([]);
    }
    expect(await page.getByRole('link', { name: 'Playbooks' }).count()).toBe(0);
  }, 120_000);
});
