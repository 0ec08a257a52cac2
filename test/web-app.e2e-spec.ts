import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createTestDatabase, spawnService, TestApp, waitForReady } from './utils/test-app';
import {
  chooseByKeyboard,
  expectAccessible,
  focusedName,
  launchBrowser,
  newContext,
  screenshot,
  signIn,
  tabTo,
} from './utils/web-browser';

/**
 * The web app end to end: the real service (demo book, fresh database) serving the built app at /app, driven in
 * Debian's Chromium. Screenshots of each screen go to test-results/web/; axe-core runs on every screen.
 */
const PASSWORD = 'Cedar-orbit-lantern-42';
const ROOT = join(__dirname, '..');

describe('web app (Chromium)', () => {
  let t: TestApp;
  let browser: Browser;
  let alice: { id: string; email: string };
  let manager: { id: string; email: string };

  /** Gives a demo user a password the way an admin would: a reset link, then the set-password mutation. */
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
    // The app the service serves: built now when web/dist is missing or stale (as `npm start` does).
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

  it('refuses a signed-out browser: the app goes to sign-in and the API answers UNAUTHENTICATED', async () => {
    await page.goto(`${t.baseUrl}/app/accounts?band=RED`);
    await page.waitForURL(/\/app\/sign-in/);
    expect(new URL(page.url()).searchParams.get('redirect')).toContain('/accounts');
    // waitFor, not isVisible(): isVisible answers at once, before the route has rendered.
    await page.getByRole('heading', { name: 'Sign in' }).waitFor({ state: 'visible', timeout: 15_000 });
    await screenshot(page, '01-sign-in');
    await expectAccessible(page, 'sign-in');
    const r = await page.request.post(`${t.baseUrl}/graphql`, { data: { query: '{ me { id } }' } });
    expect((await r.json()).errors[0].extensions.code).toBe('UNAUTHENTICATED');

    await page.goto(`${t.baseUrl}/app/set-password?token=not-a-real-token`);
    await page.getByRole('heading', { name: 'This link does not work' }).waitFor({ state: 'visible', timeout: 15_000 });
    await expectAccessible(page, 'set-password');
    await screenshot(page, '02-set-password-bad-link');
  }, 60_000);

  it('a wrong password is refused beside the form', async () => {
    await page.goto(`${t.baseUrl}/app/sign-in`);
    await page.getByLabel('Email').fill(alice.email);
    await page.getByLabel('Password').fill('not-the-password-1');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Email or password is incorrect');
  }, 60_000);

  it('CSM: sees only their book on My Day and Accounts', async () => {
    await signIn(page, t.baseUrl, alice.email, PASSWORD);
    await page.getByRole('heading', { name: 'My Day' }).waitFor();
    const day = await t.ok(`query($o: ID) { myDay(ownerId: $o) { totals { accounts } } }`, { o: alice.id });
    const totals = page.getByRole('region', { name: 'Book totals' });
    await totals.getByText(day.myDay.totals.accounts.toLocaleString('en-US'), { exact: true }).first().waitFor();
    // No CSM picker and no owner column: a CSM has only their own book.
    expect(await page.getByLabel('CSM').count()).toBe(0);
    await screenshot(page, '03-my-day-csm');
    await expectAccessible(page, 'my-day');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Accounts' }).click();
    const book = await t.ok(`query($o: ID) { accounts(filter: { ownerId: $o }) { totalCount } }`, { o: alice.id });
    const all = await t.ok(`{ accounts { totalCount } }`);
    expect(all.accounts.totalCount).toBeGreaterThan(book.accounts.totalCount);
    await page.getByText(`${book.accounts.totalCount} accounts match`).waitFor();
    expect(await page.getByRole('columnheader', { name: 'Owner' }).count()).toBe(0);
    await screenshot(page, '04-accounts-csm');
    await expectAccessible(page, 'accounts');
  }, 180_000);

  it('CSM: opens the worst account, reads why it is red, records NPS 3 by keyboard and sees it on the timeline', async () => {
    await signIn(page, t.baseUrl, alice.email, PASSWORD);
    await page.goto(`${t.baseUrl}/app/accounts?sort=HEALTH_ASC`);
    const worst = await t.ok(
      `query($o: ID) { accounts(filter: { ownerId: $o, status: ACTIVE }, orderBy: HEALTH_ASC, first: 1) {
         edges { node { id name health { band flags { type evidence } } } } } }`,
      { o: alice.id },
    );
    const account = worst.accounts.edges[0].node;
    expect(account.health.band).toBe('RED');
    await page.getByRole('link', { name: account.name, exact: true }).first().click();
    await page.getByRole('heading', { name: account.name }).waitFor();
    await page.getByText('Why this score: components').waitFor();
    for (const flag of account.health.flags) await page.getByText(flag.evidence).first().waitFor();
    await screenshot(page, '05-account-360');
    await expectAccessible(page, 'account-360');

    // Keyboard only: reach "Record NPS", fill the form, submit.
    await page.locator('body').click({ position: { x: 1, y: 1 } });
    await tabTo(page, /^Record NPS$/);
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor();
    await expectAccessible(page, 'nps-dialog');
    await page.keyboard.type('3');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Support never answers our tickets');
    await screenshot(page, '06-record-nps');
    await tabTo(page, /^Record NPS$/);
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    const stored = await t.db.query(
      `SELECT score, comment FROM nps_responses WHERE account_id = $1 ORDER BY responded_at DESC LIMIT 1`,
      [account.id],
    );
    expect(stored.rows[0]).toEqual({ score: 3, comment: 'Support never answers our tickets' });

    await page.getByRole('tab', { name: 'Timeline' }).click();
    const timeline = page.getByRole('list', { name: 'Events, newest first' });
    await timeline.getByText('Support never answers our tickets').first().waitFor();
    await screenshot(page, '07-timeline');
    await expectAccessible(page, 'timeline');

    // The deep link (account, tab) survives a reload.
    expect(page.url()).toContain('tab=timeline');
    await page.reload();
    await page.getByRole('heading', { name: account.name }).waitFor();
    await expect(page.getByRole('tab', { name: 'Timeline' }).getAttribute('aria-selected')).resolves.toBe('true');
    await timeline.getByText('Support never answers our tickets').first().waitFor();
  }, 180_000);

  it('CSM: triggers a playbook from the account page and completes its first task', async () => {
    const pb = await t.ok(`mutation($i: CreatePlaybookInput!) { createPlaybook(input: $i) { id name } }`, {
      i: {
        name: 'Executive save plan',
        cooldownDays: 0,
        trigger: { kind: 'MANUAL' },
        steps: [
          { title: 'Review the account with the sponsor', type: 'REVIEW', dueInDays: 1 },
          { title: 'Write the save plan', type: 'OTHER', dueInDays: 3 },
        ],
      },
    });
    const target = await t.ok(
      `query($o: ID) { accounts(filter: { ownerId: $o, status: ACTIVE }, orderBy: HEALTH_ASC, first: 1) { edges { node { id name } } } }`,
      { o: alice.id },
    );
    const account = target.accounts.edges[0].node;
    await signIn(page, t.baseUrl, alice.email, PASSWORD);
    await page.goto(`${t.baseUrl}/app/accounts/${account.id}`);
    await page.getByRole('heading', { name: account.name }).waitFor();
    await page.getByRole('button', { name: 'Trigger playbook' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('combobox', { name: 'Playbook' }).click();
    await page.getByRole('option', { name: 'Executive save plan' }).click();
    await dialog.getByText('Review the account with the sponsor → Write the save plan').waitFor();
    await screenshot(page, '08-trigger-playbook');
    await expectAccessible(page, 'trigger-playbook');
    await dialog.getByRole('button', { name: 'Trigger' }).click();
    await dialog.waitFor({ state: 'detached' });

    // The page updates without a reload: the run's first task is listed, and completing it by keyboard works.
    const complete = page.getByRole('button', { name: 'Complete “Review the account with the sponsor”' });
    await complete.waitFor();
    await complete.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Complete task' }).waitFor();
    await page.getByLabel('Note (optional)').fill('Sponsor agreed to a recovery plan');
    await screenshot(page, '09-complete-task');
    await page.getByRole('dialog').getByRole('button', { name: 'Complete' }).click();
    // The dialog first (while it is open the page behind it is hidden from the accessibility tree), then the task.
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await complete.waitFor({ state: 'detached' });
    const rows = await t.db.query(
      `SELECT t.status, t.outcome, t.note FROM tasks t JOIN playbook_runs r ON r.id = t.playbook_run_id
        WHERE r.playbook_id = $1 AND t.account_id = $2 ORDER BY t.step_index`,
      [pb.createPlaybook.id, account.id],
    );
    expect(rows.rows).toEqual([
      { status: 'DONE', outcome: 'DONE', note: 'Sponsor agreed to a recovery plan' },
      { status: 'OPEN', outcome: null, note: null },
    ]);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Tasks' }).click();
    await page.getByRole('heading', { name: 'Tasks' }).waitFor();
    await page.getByText('Write the save plan').first().waitFor();
    expect(await page.getByRole('button', { name: /^Reassign/ }).count()).toBe(0);
    await screenshot(page, '10-tasks-csm');
    await expectAccessible(page, 'tasks');
  }, 180_000);

  it('MANAGER: sees the whole team, can pick a CSM and reassign tasks', async () => {
    await signIn(page, t.baseUrl, manager.email, PASSWORD);
    await page.getByText('The whole team').waitFor();
    const team = await t.ok(`{ myDay { totals { accounts } } }`);
    const totals = page.getByRole('region', { name: 'Book totals' });
    await totals.getByText(team.myDay.totals.accounts.toLocaleString('en-US'), { exact: true }).first().waitFor();
    await screenshot(page, '11-my-day-manager');
    await expectAccessible(page, 'my-day-manager');

    await page.getByRole('combobox', { name: 'CSM' }).click();
    await page.getByRole('option', { name: 'Alice Moreau' }).click();
    await page.waitForURL(new RegExp(`owner=${alice.id}`));
    const hers = await t.ok(`query($o: ID) { myDay(ownerId: $o) { totals { accounts } } }`, { o: alice.id });
    await totals.getByText(String(hers.myDay.totals.accounts), { exact: true }).first().waitFor();

    await page.goto(`${t.baseUrl}/app/accounts`);
    const all = await t.ok(`{ accounts { totalCount } }`);
    await page.getByText(`${all.accounts.totalCount} accounts match`).waitFor();
    await page.getByRole('columnheader', { name: 'Owner' }).waitFor();
    await screenshot(page, '12-accounts-manager');

    await page.goto(`${t.baseUrl}/app/tasks`);
    await page
      .getByRole('button', { name: /^Reassign/ })
      .first()
      .waitFor();
    await screenshot(page, '13-tasks-manager');
    await expectAccessible(page, 'tasks-manager');
  }, 240_000);

  it('not found and not allowed pages', async () => {
    await signIn(page, t.baseUrl, alice.email, PASSWORD);
    // An account outside Alice's book looks exactly like one that does not exist.
    const users = await t.ok<{ users: { id: string; role: string }[] }>(`{ users { id role } }`);
    const bilal = users.users.find((u) => u.role === 'CSM' && u.id !== alice.id)!;
    const other = await t.ok(
      `query($o: ID!) { accounts(filter: { ownerId: $o }, first: 1) { edges { node { id } } } }`,
      {
        o: bilal.id,
      },
    );
    await page.goto(`${t.baseUrl}/app/accounts/${other.accounts.edges[0].node.id}`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    await screenshot(page, '14-not-found');
    await expectAccessible(page, 'not-found');
    await page.goto(`${t.baseUrl}/app/no-such-screen`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    await page.goto(`${t.baseUrl}/app/not-allowed`);
    await page.getByRole('heading', { name: 'Not allowed' }).waitFor();
    await screenshot(page, '15-not-allowed');
    await expectAccessible(page, 'not-allowed');
  }, 60_000);

  it('refuses a request from another origin carrying the session cookie (CSRF)', async () => {
    await signIn(page, t.baseUrl, alice.email, PASSWORD);
    const forged = await page.request.post(`${t.baseUrl}/graphql`, {
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
      data: { query: 'mutation { signOut }' },
    });
    expect(forged.status()).toBe(403);
    const same = await page.request.post(`${t.baseUrl}/graphql`, {
      headers: { origin: t.baseUrl },
      data: { query: '{ me { email } }' },
    });
    expect((await same.json()).data.me.email).toBe(alice.email);
  }, 60_000);

  it('sign-out ends the session; an expired session sends the user back to sign-in and then to where they were', async () => {
    await signIn(page, t.baseUrl, alice.email, PASSWORD);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You are signed out.').waitFor();
    await screenshot(page, '16-signed-out');
    await page.goto(`${t.baseUrl}/app/tasks`);
    await page.waitForURL(/\/app\/sign-in/);

    await signIn(page, t.baseUrl, alice.email, PASSWORD);
    await page.getByRole('heading', { name: 'My Day' }).waitFor();
    await t.db.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [alice.id]);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Accounts' }).click();
    await page.getByText('Your session has ended. Sign in again to continue.').waitFor();
    await screenshot(page, '17-session-expired');
    await page.getByLabel('Email').fill(alice.email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/app\/accounts/);
  }, 60_000);

  it('a signed-in load needs no `me` request (the page carries the user), and nothing fails in the console', async () => {
    await signIn(page, t.baseUrl, alice.email, PASSWORD);
    await page.getByRole('heading', { name: 'My Day' }).waitFor();
    const bodies: string[] = [];
    const failed: string[] = [];
    const errors: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/graphql')) bodies.push(r.postData() ?? '');
    });
    page.on('response', (r) => {
      if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
    });
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(`${t.baseUrl}/app/accounts`);
    await page.locator('table tbody tr a').first().waitFor();
    await page.waitForLoadState('networkidle');
    // Alice's name and role come from the page: the navigation is there, and no request asked for `me`.
    await page.getByText('Alice Moreau').first().waitFor();
    expect(bodies.length).toBeGreaterThan(0);
    expect(bodies.filter((b) => /\bme\s*\{/.test(JSON.parse(b).query as string))).toEqual([]);
    // The favicon is served (an SVG linked from index.html), and no request or CSP check failed.
    const icon = await page.request.get(`${t.baseUrl}/app/favicon.svg`);
    expect(icon.status()).toBe(200);
    expect(icon.headers()['content-type']).toMatch(/image\/svg\+xml/);
    await expect(page.locator('link[rel="icon"]').getAttribute('href')).resolves.toBe('/app/favicon.svg');
    expect(failed).toEqual([]);
    expect(errors).toEqual([]);
  }, 60_000);

  it('CSM, keyboard only: every action of Account 360 (feedback, playbook, task, churn reason, override) and the task actions', async () => {
    const playbook = await t.ok(`mutation($i: CreatePlaybookInput!) { createPlaybook(input: $i) { id } }`, {
      i: {
        name: 'Keyboard rescue plan',
        cooldownDays: 0,
        trigger: { kind: 'MANUAL' },
        steps: [{ title: 'Call the champion by keyboard', type: 'CALL', dueInDays: 1 }],
      },
    });
    const list = await t.ok(
      `query($o: ID) { accounts(filter: { ownerId: $o, status: ACTIVE }, orderBy: HEALTH_ASC, first: 3) { edges { node { id name } } } }`,
      { o: alice.id },
    );
    const account = list.accounts.edges[2].node;
    const one = async (sql: string) => (await t.db.query(sql, [account.id])).rows[0];
    await signIn(page, t.baseUrl, alice.email, PASSWORD);
    await page.goto(`${t.baseUrl}/app/accounts/${account.id}`);
    await page.getByRole('heading', { name: account.name }).waitFor();
    const dialog = page.getByRole('dialog');
    const submitAndWait = async (button: RegExp) => {
      await tabTo(page, button);
      await page.keyboard.press('Enter');
      await dialog.waitFor({ state: 'detached' });
    };

    // CSAT: score, topic, comment.
    await tabTo(page, /^Record CSAT$/);
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    expect(await focusedName(page)).toMatch(/^Score/);
    await page.keyboard.type('2');
    await tabTo(page, /^Topic/);
    await page.keyboard.type('Onboarding call');
    await tabTo(page, /^Comment/);
    await page.keyboard.type('Slow answers during onboarding');
    await submitAndWait(/^Record CSAT$/);
    expect(
      await one(
        `SELECT score, topic, comment FROM csat_responses WHERE account_id = $1 AND comment = 'Slow answers during onboarding'`,
      ),
    ).toEqual({
      score: 2,
      topic: 'Onboarding call',
      comment: 'Slow answers during onboarding',
    });

    // Feedback note: the text, then two selects operated with Enter and the arrow keys.
    await tabTo(page, /^Add feedback note$/);
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await page.keyboard.type('They are evaluating a competitor');
    await tabTo(page, /^Source$/);
    await chooseByKeyboard(page, 'Email');
    await tabTo(page, /^Sentiment$/);
    await chooseByKeyboard(page, 'Negative');
    await submitAndWait(/^Record note$/);
    expect(
      await one(
        `SELECT text, source, sentiment FROM feedback_notes WHERE account_id = $1 AND text = 'They are evaluating a competitor'`,
      ),
    ).toEqual({
      text: 'They are evaluating a competitor',
      source: 'EMAIL',
      sentiment: 'NEGATIVE',
    });

    // Trigger a playbook.
    await tabTo(page, /^Trigger playbook$/);
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await tabTo(page, /^Playbook$/);
    await chooseByKeyboard(page, 'Keyboard rescue plan');
    await dialog.getByText('Call the champion by keyboard').waitFor();
    await submitAndWait(/^Trigger$/);
    expect(
      (
        await t.db.query(`SELECT count(*)::int AS n FROM playbook_runs WHERE playbook_id = $1 AND account_id = $2`, [
          playbook.createPlaybook.id,
          account.id,
        ])
      ).rows[0].n,
    ).toBe(1);

    // Create a task (title, type by arrow keys; due date and description left as they are).
    await tabTo(page, /^Create task$/);
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await page.keyboard.type('Send the QBR deck by keyboard');
    await tabTo(page, /^Type$/);
    await chooseByKeyboard(page, 'Email');
    await submitAndWait(/^Create task$/);
    expect(
      await one(`SELECT type, status FROM tasks WHERE account_id = $1 AND title = 'Send the QBR deck by keyboard'`),
    ).toEqual({ type: 'EMAIL', status: 'OPEN' });

    // Churn reason.
    await tabTo(page, /^Record churn reason$/);
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await tabTo(page, /^Reason$/);
    await chooseByKeyboard(page, 'Competitor');
    await tabTo(page, /^Detail/);
    await page.keyboard.type('Cheaper offer from a rival');
    await submitAndWait(/^Record reason$/);
    expect(
      await one(
        `SELECT reason, detail FROM churn_reasons WHERE account_id = $1 AND detail = 'Cheaper offer from a rival'`,
      ),
    ).toEqual({
      reason: 'COMPETITOR',
      detail: 'Cheaper offer from a rival',
    });

    // Override the band, then clear it.
    await tabTo(page, /^Override band$/);
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await tabTo(page, /^Band$/);
    await chooseByKeyboard(page, 'Green');
    await tabTo(page, /^Reason$/);
    await page.keyboard.type('The sponsor signed the renewal');
    await submitAndWait(/^Set override$/);
    await page.getByText('The sponsor signed the renewal').first().waitFor();
    expect(await one(`SELECT band FROM health_overrides WHERE account_id = $1 AND cleared_at IS NULL`)).toEqual({
      band: 'GREEN',
    });
    await tabTo(page, /^Clear override$/);
    await page.keyboard.press('Enter');
    await page.getByText('No override: the band follows the computed score.').waitFor();
    expect(
      await one(`SELECT count(*)::int AS n FROM health_overrides WHERE account_id = $1 AND cleared_at IS NULL`),
    ).toEqual({
      n: 0,
    });

    // The section tabs: arrow keys move between them (Feedback shows the CSAT comment).
    await tabTo(page, /^Overview$/, 120, true);
    for (const tab of ['Revenue', 'Usage', 'Feedback']) {
      await page.keyboard.press('ArrowRight');
      await page.getByRole('tab', { name: tab, selected: true }).waitFor();
    }
    await page.waitForURL(/tab=feedback/);
    await page.getByText('Slow answers during onboarding').first().waitFor();
    await page.keyboard.press('Home');
    await page.getByText('Why this score: components').waitFor();

    // Complete the playbook's task with an outcome and a note.
    await tabTo(page, /^Complete “Call the champion by keyboard”$/);
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await tabTo(page, /^Outcome$/);
    await chooseByKeyboard(page, 'Escalated');
    await tabTo(page, /^Note/);
    await page.keyboard.type('Escalated to the VP');
    await submitAndWait(/^Complete$/);
    expect(
      await one(
        `SELECT status, outcome, note FROM tasks WHERE account_id = $1 AND title = 'Call the champion by keyboard'`,
      ),
    ).toEqual({ status: 'DONE', outcome: 'ESCALATED', note: 'Escalated to the VP' });

    // Snooze the new task (the dialog proposes tomorrow 09:00 local time): it leaves the list, the page says until when.
    await tabTo(page, /^Snooze “Send the QBR deck by keyboard”$/);
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await submitAndWait(/^Snooze$/);
    const notice = page.getByRole('status').filter({ hasText: 'is snoozed until' });
    await notice.waitFor();
    await screenshot(page, '18-snooze-notice');
    const snoozed = await one(
      `SELECT snoozed_until FROM tasks WHERE account_id = $1 AND title = 'Send the QBR deck by keyboard'`,
    );
    expect(snoozed.snoozed_until.getTime()).toBeGreaterThan(Date.now());
    await expect(notice.locator('time').getAttribute('datetime')).resolves.toBe(snoozed.snoozed_until.toISOString());

    // Tasks: the snoozed task is hidden until "Show snoozed tasks" (Space on the checkbox); then "Wake now".
    await tabTo(page, /^Tasks$/, 120, true);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Tasks' }).waitFor();
    expect(await page.getByText('Send the QBR deck by keyboard').count()).toBe(0);
    await tabTo(page, /^Show snoozed tasks$/);
    await page.keyboard.press('Space');
    await page.waitForURL(/snoozed=true/);
    const asleep = page.getByRole('region', { name: 'Snoozed' });
    const row = asleep.getByRole('listitem').filter({ hasText: 'Send the QBR deck by keyboard' });
    await row.waitFor();
    // Its wake-up time (the second time in the row, after the due date).
    await expect(row.locator('time').nth(1).getAttribute('datetime')).resolves.toBe(
      snoozed.snoozed_until.toISOString(),
    );
    await expect(row.textContent()).resolves.toContain('wakes');
    await screenshot(page, '19-tasks-snoozed');
    await expectAccessible(page, 'tasks-snoozed');
    await tabTo(page, /^Wake “Send the QBR deck by keyboard” now$/, 300);
    await page.keyboard.press('Enter');
    await row.waitFor({ state: 'detached' });
    await page.getByText('Send the QBR deck by keyboard').first().waitFor();
    expect(
      await one(`SELECT snoozed_until FROM tasks WHERE account_id = $1 AND title = 'Send the QBR deck by keyboard'`),
    ).toEqual({ snoozed_until: null });
  }, 300_000);

  it("keyboard only: the Accounts filters, sort, paging and CSV export; a manager's owner filter and reassign", async () => {
    await signIn(page, t.baseUrl, alice.email, PASSWORD);
    await page.getByRole('heading', { name: 'My Day' }).waitFor();
    await tabTo(page, /^Accounts$/);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Accounts' }).waitFor();
    await page.locator('table tbody tr a').first().waitFor();

    // The list has answered a change of filters (the "Loading…" beside the pager is gone), as a user would wait.
    const listSettled = () => page.getByRole('status').filter({ hasText: 'Loading…' }).waitFor({ state: 'detached' });
    // Each filter by keyboard; each lands in the URL.
    const book = await t.ok<{ accounts: { edges: { node: { name: string; segment: string | null } }[] } }>(
      `query($o: ID) { accounts(filter: { ownerId: $o }, orderBy: NAME_ASC, first: 20) { edges { node { name segment } } } }`,
      { o: alice.id },
    );
    const account = book.accounts.edges.map((e) => e.node).find((a) => a.segment)!;
    await tabTo(page, /^Search by name/);
    await page.keyboard.type(account.name);
    await page.waitForURL((u) => u.searchParams.get('q') === account.name);
    await page.getByRole('link', { name: account.name, exact: true }).waitFor();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    await page.waitForURL((u) => !u.searchParams.has('q'));
    await tabTo(page, /^Health band$/);
    await chooseByKeyboard(page, 'Red');
    await page.waitForURL((u) => u.searchParams.get('band') === 'RED');
    await listSettled();
    await tabTo(page, /^Sort$/);
    await chooseByKeyboard(page, 'MRR: highest first');
    await page.waitForURL((u) => u.searchParams.get('sort') === 'MRR_DESC');
    const red = await t.ok(`query($o: ID) { accounts(filter: { ownerId: $o, band: RED }) { totalCount } }`, {
      o: alice.id,
    });
    expect(red.accounts.totalCount).toBeGreaterThan(0);
    await page.getByText(`${red.accounts.totalCount} accounts match`).waitFor();

    // The CSV link (before the filters in the tab order) exports the filtered list, every row.
    await tabTo(page, /^Export CSV$/, 40, true);
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    expect(download.url()).toContain('band=RED');
    expect(download.url()).toContain('orderBy=MRR_DESC');
    const csv = readFileSync(await download.path(), 'utf8')
      .trim()
      .split('\n');
    expect(csv[0]).toMatch(/^id,external_id,name,/);
    expect(csv).toHaveLength(red.accounts.totalCount + 1);

    // The other filters.
    await tabTo(page, /^Segment$/);
    await page.keyboard.type(account.segment!);
    await page.waitForURL((u) => u.searchParams.get('segment') === account.segment);
    await listSettled();
    const picks: [RegExp, string, string, string][] = [
      [/^Churn risk$/, 'High risk', 'risk', 'HIGH'],
      [/^Red flag$/, 'Any red flag', 'flag', 'ANY'],
      [/^Renewal window$/, 'Within 180 days', 'renewal', '180'],
      [/^Status$/, 'Active', 'status', 'ACTIVE'],
    ];
    for (const [control, option, param, value] of picks) {
      await tabTo(page, control);
      await chooseByKeyboard(page, option);
      await page.waitForURL((u) => u.searchParams.get(param) === value);
      await listSettled();
    }
    const filtered = await t.ok(
      `query($o: ID, $s: String) { accounts(filter: { ownerId: $o, segment: $s, band: RED, riskBand: HIGH,
         hasRedFlag: true, renewalWithinDays: 180, status: ACTIVE }) { totalCount } }`,
      { o: alice.id, s: account.segment },
    );
    await page.getByText(`${filtered.accounts.totalCount} accounts match`).waitFor();
    await tabTo(page, /^Clear filters$/);
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => !u.searchParams.has('band') && !u.searchParams.has('segment'));

    // A manager: the owner filter on Accounts, the assignee filter and reassign on Tasks.
    await ctx.clearCookies();
    await signIn(page, t.baseUrl, manager.email, PASSWORD);
    await page.goto(`${t.baseUrl}/app/accounts`);
    await page.locator('table tbody tr a').first().waitFor();
    await tabTo(page, /^Owner$/);
    await chooseByKeyboard(page, 'Alice Moreau');
    await page.waitForURL((u) => u.searchParams.get('owner') === alice.id);
    const hers = await t.ok(`query($o: ID) { accounts(filter: { ownerId: $o }) { totalCount } }`, { o: alice.id });
    await page.getByText(`${hers.accounts.totalCount} accounts match`).waitFor();
    // Paging: the whole team's list has more than one page.
    await tabTo(page, /^Clear filters$/);
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => !u.searchParams.has('owner'));
    await tabTo(page, /^Next page$/, 400);
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.searchParams.has('after'));

    const users = await t.ok<{ users: { id: string; name: string; role: string }[] }>(`{ users { id name role } }`);
    // A task goes to an active ADMIN or MANAGER, or to the CSM who owns the account: here, to the manager.
    const me = users.users.find((u) => u.id === manager.id)!;
    const target = await t.ok(
      `query($o: ID) { accounts(filter: { ownerId: $o }, first: 1) { edges { node { id } } } }`,
      { o: alice.id },
    );
    // A task of Alice's due long ago: first in her Overdue group.
    const task = await t.ok(`mutation($i: CreateTaskInput!) { createTask(input: $i) { id } }`, {
      i: {
        accountId: target.accounts.edges[0].node.id,
        title: 'Reassign me by keyboard',
        type: 'OTHER',
        dueAt: new Date(Date.now() + 86_400_000).toISOString(),
        assigneeId: alice.id,
      },
    });
    await t.db.query(`UPDATE tasks SET due_at = now() - interval '3 years' WHERE id = $1`, [task.createTask.id]);
    await page.goto(`${t.baseUrl}/app/tasks`);
    await page.getByRole('heading', { name: 'Tasks' }).waitFor();
    await tabTo(page, /^Assignee$/);
    await chooseByKeyboard(page, 'Alice Moreau');
    await page.waitForURL((u) => u.searchParams.get('assignee') === alice.id);
    await tabTo(page, /^Reassign “Reassign me by keyboard”$/, 300);
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor();
    await tabTo(page, /^Assignee$/);
    await chooseByKeyboard(page, `${me.name} (manager)`);
    await tabTo(page, /^Reassign$/);
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    expect((await t.db.query(`SELECT assignee_id FROM tasks WHERE id = $1`, [task.createTask.id])).rows[0]).toEqual({
      assignee_id: manager.id,
    });
  }, 300_000);
});
