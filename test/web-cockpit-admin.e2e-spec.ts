import { spawnSync } from 'node:child_process';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
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
/** The GraphQL operations of this file's screens (documents in routes/playbooks, webhooks, settings). */
const SCREEN_OPERATIONS =
  /^(Playbook|Playbooks|Webhook|Webhooks|CreatePlaybook|UpdatePlaybook|CreateWebhook|DeleteWebhook|RetryWebhook|Settings)/;

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
  let managerName: string;

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
    // Quick webhook polling, so a retried delivery goes out within the test.
    const env = { DATABASE_URL: databaseUrl, ADMIN_API_KEY: adminKey, DEMO_DATA: 'true', WEBHOOK_POLL_MS: '200' };
    const service = spawnService(env);
    t = new TestApp(service, await waitForReady(service, 240_000), databaseUrl, adminKey, env);
    const users = await t.ok<{ users: { id: string; email: string; role: string; name: string }[] }>(
      `{ users { id email role name } }`,
    );
    csm = users.users.find((u) => u.email === 'alice@demo.vitals')!;
    manager = users.users.find((u) => u.role === 'MANAGER')!;
    admin = users.users.find((u) => u.role === 'ADMIN')!;
    managerName = users.users.find((u) => u.id === manager.id)!.name;
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
    // Another window from the picker: the tile follows the API for that period.
    await page.getByRole('combobox', { name: 'Effectiveness period' }).click();
    await page.getByRole('option', { name: 'Last 30 days' }).click();
    await page.waitForURL(/days=30/);
    const tomorrow = new Date(last90Days().to);
    const p30 = { from: new Date(tomorrow.getTime() - 30 * DAY).toISOString().slice(0, 10), to: last90Days().to };
    await page.getByText(`Effectiveness — runs started ${p30.from} to ${p30.to} (exclusive)`).waitFor();
    const eff30 = await t.ok(`query($p: PeriodInput!) { playbookEffectiveness(period: $p) { playbook { id } runs } }`, {
      p: p30,
    });
    const mine30 = eff30.playbookEffectiveness.find((x: { playbook: { id: string } }) => x.playbook.id === playbookId);
    expect(await tile.getByTestId('metric-value').innerText()).toBe(mine30.runs.toLocaleString('en-US'));
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

  it('an admin adds a webhook: the signing secret is shown once and signs the deliveries; a failed delivery is retried', async () => {
    const got: Array<{ headers: IncomingMessage['headers']; body: string }> = [];
    const server: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        got.push({ headers: req.headers, body });
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
      await signIn(page, t.baseUrl, admin.email, PASSWORD);
      await page.goto(`${t.baseUrl}/app/webhooks`);
      await page.getByText('No webhooks yet').waitFor();
      await screenshot(page, 'cockpit-admin-04-webhooks-empty');
      await expectAccessible(page, 'webhooks-empty');

      const form = page.getByRole('form', { name: 'Add a webhook' });
      await form.getByLabel('Endpoint URL').fill('ftp://example.com/x');
      await form.getByRole('button', { name: 'Add webhook' }).click();
      await form.getByText('must use http or https').waitFor();
      await form.getByLabel('Endpoint URL').fill(url);
      await form.getByRole('button', { name: 'Add webhook' }).click();
      const shown = page.getByRole('textbox', { name: `Signing secret for ${url}` });
      await shown.waitFor();
      const secret = await shown.inputValue();
      expect(secret).toMatch(/^whsec_/);
      await page.getByText('you won’t see it again').waitFor();
      await page.getByTestId('webhooks-content').getByRole('cell', { name: url, exact: true }).waitFor();
      await screenshot(page, 'cockpit-admin-05-webhook-secret-once');
      await expectAccessible(page, 'webhook-secret');
      const hooks = await t.ok(`{ webhooks { id url } }`);
      const hook = hooks.webhooks.find((w: { url: string }) => w.url === url);
      // Once: after a reload the secret is nowhere on the page.
      await page.reload();
      await page.getByTestId('webhooks-content').waitFor();
      expect(await page.content()).not.toContain(secret);

      // A delivery that gave up (as after 24 hours of failed retries), then Retry from the log.
      const failedId = (
        await t.db.query(
          `INSERT INTO webhook_deliveries (webhook_id, event, payload, status, attempts, last_status_code, last_error, created_at)
           VALUES ($1, 'TASK_CREATED', '{"event":"TASK_CREATED","data":{"e2e":true}}', 'FAILED', 7, 503, 'HTTP 503', now() - interval '2 days')
           RETURNING id`,
          [hook.id],
        )
      ).rows[0].id as string;
      await page.getByRole('button', { name: `Delivery log of ${url}` }).click();
      const log = page.getByTestId('webhook-deliveries');
      await log.waitFor();
      const api = await t.ok(`query($id: ID!) { webhookDeliveries(webhookId: $id) { totalCount } }`, { id: hook.id });
      const n = api.webhookDeliveries.totalCount;
      await log.getByText(`${n} ${n === 1 ? 'delivery' : 'deliveries'} in all`).waitFor();
      await log.getByText('HTTP 503').first().waitFor();
      await screenshot(page, 'cockpit-admin-06-webhook-log-failed');
      await expectAccessible(page, 'webhook-log');
      await log.getByRole('button', { name: 'Retry' }).click();
      const delivered = async () =>
        (await t.db.query(`SELECT status FROM webhook_deliveries WHERE id = $1`, [failedId])).rows[0].status ===
        'DELIVERED';
      for (let i = 0; i < 100 && !(await delivered()); i++) await new Promise((r) => setTimeout(r, 200));
      expect(await delivered()).toBe(true);
      // The secret shown once is the one that signs: the receiver can check the delivery with it.
      const sent = got.find((g) => g.headers['x-vitals-delivery'] === failedId)!;
      expect(sent.headers['x-vitals-signature']).toBe(createHmac('sha256', secret).update(sent.body).digest('hex'));
      await page.reload();
      await page.getByTestId('webhook-deliveries').getByText('Delivered').first().waitFor();
      expect(await page.getByTestId('webhook-deliveries').getByRole('button', { name: 'Retry' }).count()).toBe(0);

      // Delete, confirmed in a dialog.
      await page.getByRole('button', { name: `Delete ${url}` }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Delete webhook' }).click();
      await page.getByText('No webhooks yet').waitFor();
      expect((await t.ok(`{ webhooks { id } }`)).webhooks).toEqual([]);
    } finally {
      await new Promise((r) => server.close(() => r(null)));
    }
  }, 180_000);

  it('settings, users: an admin invites (link shown once), changes a role, is refused demoting the last ADMIN, deactivates', async () => {
    await signIn(page, t.baseUrl, admin.email, PASSWORD);
    await page.goto(`${t.baseUrl}/app/settings`);
    const table = page.getByTestId('settings-users');
    await table.waitFor();
    const api = await t.ok(`{ users { id } }`);
    expect(await table.getByRole('row').count()).toBe(api.users.length + 1);
    await screenshot(page, 'cockpit-admin-07-settings-users');
    await expectAccessible(page, 'settings-users');

    const email = `dana-${randomBytes(3).toString('hex')}@e2e.vitals`;
    const form = page.getByRole('form', { name: 'Invite a user' });
    await form.getByLabel('Name').fill('Dana Invitee');
    await form.getByLabel('Email').fill(email);
    await form.getByRole('combobox', { name: 'Role' }).click();
    await page.getByRole('option', { name: 'Manager' }).click();
    await form.getByRole('button', { name: 'Invite' }).click();
    const link = page.getByRole('textbox', { name: `Invitation link for ${email}` });
    await link.waitFor();
    const token = new URL(await link.inputValue()).searchParams.get('token')!;
    const info = await t.ok(`query($t: String!) { passwordLink(token: $t) { email purpose } }`, { t: token });
    expect(info.passwordLink).toEqual({ email, purpose: 'INVITE' });
    const dana = page.getByRole('row').filter({ has: page.getByRole('cell', { name: email, exact: true }) });
    await dana.getByText('Invited').waitFor();
    await screenshot(page, 'cockpit-admin-08-settings-invite-link');

    // Role: Manager → CSM from the row's select.
    await dana.getByRole('combobox', { name: 'Role of Dana Invitee' }).click();
    await page.getByRole('option', { name: 'CSM' }).click();
    await page.getByText('Role changed to CSM.').waitFor();
    const users = await t.ok(`{ users { id email role } }`);
    const danaApi = users.users.find((u: { email: string }) => u.email === email);
    expect(danaApi.role).toBe('CSM');

    // The only active ADMIN cannot demote themselves: the API's CONFLICT is shown, nothing changes.
    const admins = users.users.filter((u: { role: string }) => u.role === 'ADMIN');
    expect(admins).toHaveLength(1);
    const me = page.getByRole('row').filter({ has: page.getByRole('cell', { name: admin.email, exact: true }) });
    await me.getByRole('combobox').click();
    await page.getByRole('option', { name: 'Manager' }).click();
    await page.getByText('the last active ADMIN cannot stop being an ADMIN').waitFor();
    expect((await t.ok(`query { me { role } }`)).me.role).toBe('ADMIN');

    // Deactivate Dana, then revoke the manager's sessions.
    await page.getByRole('button', { name: 'Deactivate Dana Invitee' }).click();
    await dana.getByText('Deactivated').waitFor();
    const after = await t.ok(`{ users { email deactivatedAt } }`);
    expect(after.users.find((u: { email: string }) => u.email === email).deactivatedAt).not.toBeNull();
    await page.getByRole('button', { name: `Revoke sessions of ${managerName}` }).click();
    await page.getByText(/\d+ sessions? ended\./).waitFor();
  }, 180_000);

  it('settings, API keys: an admin issues a key (shown once, it works), then revokes it (refused from then on)', async () => {
    await signIn(page, t.baseUrl, admin.email, PASSWORD);
    await page.goto(`${t.baseUrl}/app/settings?tab=keys`);
    const table = page.getByTestId('settings-keys');
    await table.waitFor();
    const before = await t.ok(`{ apiKeys { id } }`);
    expect(await table.getByRole('row').count()).toBe(before.apiKeys.length + 1);
    const form = page.getByRole('form', { name: 'Issue an API key' });
    await form.getByRole('combobox', { name: 'For user' }).click();
    await page.getByRole('option', { name: `${managerName} (Manager)` }).click();
    await form.getByRole('button', { name: 'Issue key' }).click();
    const shown = page.getByRole('textbox', { name: `API key for ${managerName}` });
    await shown.waitFor();
    const key = await shown.inputValue();
    expect((await t.gql(`{ me { email } }`, {}, key)).data.me.email).toBe(manager.email);
    await screenshot(page, 'cockpit-admin-09-settings-key-once');
    await expectAccessible(page, 'settings-keys');
    const prefix = key.slice(0, 10);
    await table.getByText(`${prefix}…`).waitFor();
    await page.getByRole('button', { name: `Revoke key ${prefix}` }).click();
    await table.getByText(`${prefix}…`).waitFor({ state: 'detached' });
    expect((await t.gql(`{ me { email } }`, {}, key)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    // Shown until dismissed, then nowhere on the page.
    await page.getByRole('button', { name: 'I have copied it' }).click();
    await shown.waitFor({ state: 'detached' });
    expect(await page.content()).not.toContain(key);
  }, 120_000);

  it('settings, CS costs: the API refuses a bad period beside the field; a recorded cost is in the list with the API’s total', async () => {
    await signIn(page, t.baseUrl, admin.email, PASSWORD);
    await page.goto(`${t.baseUrl}/app/settings?tab=costs`);
    const form = page.getByRole('form', { name: 'Record a CS cost' });
    await form.waitFor();
    await form.getByLabel('From').fill('2026-10-01');
    await form.getByLabel('To (exclusive)').fill('2026-09-01');
    await form.getByLabel('Amount (USD)').fill('12,500.50');
    await form.getByRole('combobox', { name: 'Category' }).click();
    await page.getByRole('option', { name: 'Tools' }).click();
    await form.getByLabel('Note (optional)').fill('E2E tooling');
    await form.getByRole('button', { name: 'Record cost' }).click();
    await form.getByText('must be after periodStart').waitFor();
    expect(await form.getByLabel('To (exclusive)').getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'cockpit-admin-10-settings-costs-error');
    await form.getByLabel('To (exclusive)').fill('2026-11-01');
    await form.getByRole('button', { name: 'Record cost' }).click();
    const list = page.getByTestId('settings-costs');
    await list.getByRole('cell', { name: 'E2E tooling' }).waitFor();
    const api = await t.ok(
      `{ csCosts(first: 1) { totalCount sumCents edges { node { amountCents category periodStart periodEnd note } } } }`,
    );
    expect(api.csCosts.edges[0].node).toEqual({
      amountCents: 1_250_050,
      category: 'TOOLS',
      periodStart: '2026-10-01',
      periodEnd: '2026-11-01',
      note: 'E2E tooling',
    });
    const money = (c: number) =>
      (c / 100).toLocaleString('en-US', {
        style: 'currency',
        currency: 'USD',
        minimumFractionDigits: c % 100 ? 2 : 0,
        maximumFractionDigits: c % 100 ? 2 : 0,
      });
    await list.getByText(`${api.csCosts.totalCount} entries, ${money(api.csCosts.sumCents)} in all.`).waitFor();
    await list.getByRole('cell', { name: '$12,500.50' }).waitFor();
    await screenshot(page, 'cockpit-admin-11-settings-costs');
    await expectAccessible(page, 'settings-costs');
  }, 120_000);

  it('settings, ingestion sources: the counts are the API’s; a new source’s key is shown once; revoke', async () => {
    await signIn(page, t.baseUrl, admin.email, PASSWORD);
    await page.goto(`${t.baseUrl}/app/settings?tab=sources`);
    const form = page.getByRole('form', { name: 'Add a source' });
    await form.getByLabel('Source name').fill('E2E web SDK');
    await form.getByRole('button', { name: 'Add source' }).click();
    const shown = page.getByRole('textbox', { name: 'Write key for E2E web SDK' });
    await shown.waitFor();
    expect((await shown.inputValue()).length).toBeGreaterThan(20);
    const table = page.getByTestId('settings-sources');
    await table.getByRole('cell', { name: 'E2E web SDK', exact: true }).waitFor();
    const api = await t.ok(`{ sources { name last24h { accepted rejected } } }`);
    expect(await table.getByRole('row').count()).toBe(api.sources.length + 1);
    for (const src of api.sources) {
      const cells = await table
        .getByRole('row')
        .filter({ has: page.getByRole('cell', { name: src.name, exact: true }) })
        .getByRole('cell')
        .allInnerTexts();
      expect({ name: src.name, accepted: cells[4], rejected: cells[6] }).toEqual({
        name: src.name,
        accepted: src.last24h.accepted.toLocaleString('en-US'),
        rejected: src.last24h.rejected.toLocaleString('en-US'),
      });
    }
    await screenshot(page, 'cockpit-admin-12-settings-sources');
    await expectAccessible(page, 'settings-sources');
    await page.getByRole('button', { name: 'Revoke E2E web SDK' }).click();
    await table.getByRole('cell', { name: 'E2E web SDK', exact: true }).waitFor({ state: 'detached' });
    const revoked = await t.ok(`{ sources(includeRevoked: true) { name revokedAt } }`);
    expect(revoked.sources.find((x: { name: string }) => x.name === 'E2E web SDK').revokedAt).not.toBeNull();
  }, 120_000);

  it('a MANAGER is refused Settings and Webhooks, before any of their data is asked for', async () => {
    await signIn(page, t.baseUrl, manager.email, PASSWORD);
    for (const path of ['/app/settings', '/app/settings?tab=keys', '/app/webhooks']) {
      operations = [];
      await page.goto(`${t.baseUrl}${path}`);
      await page.waitForURL(/\/app\/not-allowed/);
      await page.getByRole('heading', { name: 'Not allowed' }).waitFor();
      expect(operations.filter((o) => SCREEN_OPERATIONS.test(o))).toEqual([]);
    }
    const nav = page.getByRole('navigation', { name: 'Manage' });
    expect(await nav.getByRole('link', { name: 'Settings' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'Webhooks' }).count()).toBe(0);
    await nav.getByRole('link', { name: 'Playbooks' }).waitFor();
  }, 120_000);

  it('a CSM is refused every screen of this file before any of their data is asked for', async () => {
    await signIn(page, t.baseUrl, csm.email, PASSWORD);
    for (const path of ['/app/playbooks', `/app/playbooks/${randomUUID()}`, '/app/webhooks', '/app/settings']) {
      operations = [];
      await page.goto(`${t.baseUrl}${path}`);
      await page.waitForURL(/\/app\/not-allowed/);
      await page.getByRole('heading', { name: 'Not allowed' }).waitFor();
      expect(operations.filter((o) => SCREEN_OPERATIONS.test(o))).toEqual([]);
    }
    expect(await page.getByRole('link', { name: 'Playbooks' }).count()).toBe(0);
  }, 120_000);
});
