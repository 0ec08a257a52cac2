import { createHmac, randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { errorCode, startTestApp, TestApp } from './utils/test-app';

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
  status: number;
}

/** A loopback receiver: answers with `respond(n)` for the n-th request (0-based). */
async function receiver(
  respond: (n: number) => number,
): Promise<{ url: string; got: Received[]; close: () => Promise<void> }> {
  const got: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const status = respond(got.length);
      got.push({ headers: req.headers, body, status });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'boom');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hook`, got, close: () => new Promise((r) => server.close(() => r())) };
}

const waitFor = async <T>(
  fn: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  ms = 20_000,
): Promise<T> => {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
};

const ENV = { WEBHOOK_POLL_MS: '100', WEBHOOK_BACKOFF_MS: '300' };

describe('webhooks over HTTP', () => {
  let t: TestApp;
  let second: TestApp | null = null;
  let manager: { id: string; key: string };
  let csm: { id: string; key: string };

  beforeAll(async () => {
    t = await startTestApp({ env: ENV });
    manager = await t.user('MANAGER');
    csm = await t.user('CSM');
  });
  afterAll(async () => {
    await second?.close();
    await t?.close();
  });

  const account = async () =>
    (
      await t.db.query(
        `INSERT INTO accounts (external_id, name, owner_id, status, mrr_cents) VALUES ($1, $1, $2, 'ACTIVE', 1000) RETURNING id`,
        [`WH-${randomBytes(5).toString('hex')}`, csm.id],
      )
    ).rows[0].id as string;
  const playbook = async (steps = 1) =>
    (
      await t.ok(`mutation($i: CreatePlaybookInput!) { createPlaybook(input: $i) { id } }`, {
        i: {
          name: `WH ${randomBytes(4).toString('hex')}`,
          trigger: { kind: 'MANUAL' },
          steps: Array.from({ length: steps }, (_, i) => ({ title: `Step ${i}`, type: 'OTHER', dueInDays: i + 1 })),
        },
      })
    ).createPlaybook.id as string;
  const createWebhook = (url: string, events: string[], key = t.adminKey) =>
    t.gql(
      `mutation($u: String!, $e: [WebhookEvent!]!) { createWebhook(url: $u, events: $e) { secret webhook { id url events enabled } } }`,
      { u: url, e: events },
      key,
    );
  const deliveries = async (id: string) =>
    (
      await t.ok(
        `query($id: ID!) { webhookDeliveries(webhookId: $id, first: 500) { totalCount edges { node { id event status attempts lastStatusCode lastError deliveredAt payload } } } }`,
        { id },
      )
    ).webhookDeliveries;

  it('is ADMIN only and accepts only http(s) URLs', async () => {
    expect(errorCode(await createWebhook('http://127.0.0.1:1/x', ['TASK_CREATED'], manager.key))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql(`{ webhooks { id } }`, {}, manager.key))).toBe('FORBIDDEN');
    for (const url of ['ftp://127.0.0.1/x', 'file:///etc/passwd', 'not a url', 'http://user:pw@127.0.0.1/x']) {
      const r = await createWebhook(url, ['TASK_CREATED']);
      expect({ url, code: errorCode(r), field: r.errors?.[0].extensions?.fields?.[0]?.field }).toEqual({
        url,
        code: 'BAD_USER_INPUT',
        field: 'url',
      });
    }
    expect(errorCode(await createWebhook('http://127.0.0.1:1/x', []))).toBe('BAD_USER_INPUT');
    expect(
      errorCode(await t.gql(`{ webhookDeliveries(webhookId: "00000000-0000-4000-8000-000000000000") { totalCount } }`)),
    ).toBe('NOT_FOUND');
  });

  it('signs each JSON POST with the secret and retries after a 500', async () => {
    const rx = await receiver((n) => (n === 0 ? 500 : 200));
    try {
      const made = await createWebhook(rx.url, ['PLAYBOOK_RUN_STARTED']);
      expect(made.errors).toBeUndefined();
      const { secret, webhook } = made.data.createWebhook;
      expect(secret).toMatch(/^whsec_/);
      expect((await t.ok(`{ webhooks { id url } }`)).webhooks).toEqual(
        expect.arrayContaining([{ id: webhook.id, url: rx.url }]),
      );
      expect(JSON.stringify(await t.db.query(`SELECT * FROM webhook_deliveries`))).not.toContain(secret);

      const pb = await playbook(2);
      const acc = await account();
      const r = await t.ok(
        `mutation($p: ID!, $a: ID!) { triggerPlaybook(playbookId: $p, accountId: $a) { run { id } tasks { id } } }`,
        { p: pb, a: acc },
      );
      await waitFor(() => rx.got.filter((g) => g.status === 200).length >= 1);
      expect(rx.got.map((g) => g.status)).toEqual([500, 200]);
      for (const g of rx.got) {
        expect(g.headers['content-type']).toBe('application/json');
        expect(g.headers['x-vitals-signature']).toBe(createHmac('sha256', secret).update(g.body).digest('hex'));
        expect(g.headers['x-vitals-event']).toBe('PLAYBOOK_RUN_STARTED');
      }
      expect(rx.got[0].headers['x-vitals-delivery']).toBe(rx.got[1].headers['x-vitals-delivery']);
      const body = JSON.parse(rx.got[1].body);
      expect(body).toMatchObject({
        event: 'PLAYBOOK_RUN_STARTED',
        data: { runId: r.triggerPlaybook.run.id, playbookId: pb, accountId: acc },
      });
      expect(body.data.taskIds.sort()).toEqual(r.triggerPlaybook.tasks.map((x: any) => x.id).sort());
      // a body tampered with would not verify
      expect(
        createHmac('sha256', secret)
          .update(rx.got[1].body + ' ')
          .digest('hex'),
      ).not.toBe(rx.got[1].headers['x-vitals-signature']);

      const log = await deliveries(webhook.id);
      expect(log.totalCount).toBe(1);
      expect(log.edges[0].node).toMatchObject({
        event: 'PLAYBOOK_RUN_STARTED',
        status: 'DELIVERED',
        attempts: 2,
        lastStatusCode: 200,
        lastError: null,
      });
      await t.ok(`mutation($id: ID!) { deleteWebhook(id: $id) }`, { id: webhook.id });
    } finally {
      await rx.close();
    }
  });

  it('never blocks or fails the mutation when the receiver is down, and keeps retrying with backoff', async () => {
    const rx = await receiver(() => 200);
    const deadUrl = rx.url;
    await rx.close(); // nothing listens on this port any more
    const { webhook } = (await createWebhook(deadUrl, ['TASK_CREATED'])).data.createWebhook;
    const pb = await playbook(1);
    const acc = await account();
    const started = Date.now();
    const r = await t.gql(
      `mutation($p: ID!, $a: ID!) { triggerPlaybook(playbookId: $p, accountId: $a) { run { id } } }`,
      { p: pb, a: acc },
    );
    expect(r.errors).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(3000);
    const node = await waitFor(async () => {
      const n = (await deliveries(webhook.id)).edges[0]?.node;
      return n && n.attempts >= 3 ? n : null;
    });
    expect(node).toMatchObject({ status: 'PENDING', lastStatusCode: null, deliveredAt: null });
    expect(node.lastError).toBeTruthy();
    // exponential: after failed attempt n the next one waits 300 ms × 2^(n−1) (read while the row is not claimed)
    const row = await waitFor(async () => {
      const r = (
        await t.db.query(
          `SELECT attempts, extract(epoch FROM next_attempt_at - last_attempt_at) * 1000 AS gap_ms FROM webhook_deliveries
            WHERE webhook_id = $1 AND next_attempt_at < last_attempt_at + interval '1 minute'`,
          [webhook.id],
        )
      ).rows[0];
      return r && r.attempts >= 3 ? r : null;
    });
    const expected = 300 * 2 ** (row.attempts - 1);
    expect(Number(row.gap_ms)).toBeGreaterThanOrEqual(expected);
    expect(Number(row.gap_ms)).toBeLessThan(expected + 1000);
    await t.ok(`mutation($id: ID!) { deleteWebhook(id: $id) }`, { id: webhook.id });
  });

  it('sends ACCOUNT_CHURNED and TASK_CREATED; a failed mutation enqueues nothing', async () => {
    const rx = await receiver(() => 200);
    try {
      const { webhook, secret } = (await createWebhook(rx.url, ['ACCOUNT_CHURNED', 'TASK_CREATED'])).data.createWebhook;
      const acc = await t.ok(`mutation($i: CreateAccountInput!) { createAccount(input: $i) { id } }`, {
        i: { externalId: `WHC-${randomBytes(3).toString('hex')}`, name: 'Churner', ownerId: csm.id },
      });
      const id = acc.createAccount.id;
      const mrr = (cents: number, daysAgo: number) =>
        t.ok(`mutation($i: RecordMrrChangeInput!) { recordMrrChange(input: $i) { type } }`, {
          i: { accountId: id, mrrCents: cents, effectiveAt: new Date(Date.now() - daysAgo * 86_400_000).toISOString() },
        });
      await mrr(1000, 30);
      await mrr(0, 1);
      // onboarding (3 tasks) + exit survey (1 task) + the churn itself
      const events = await waitFor(() => {
        const list = rx.got.map((g) => JSON.parse(g.body));
        return list.filter((e) => e.event === 'ACCOUNT_CHURNED').length === 1 &&
          list.filter((e) => e.event === 'TASK_CREATED').length === 4
          ? list
          : null;
      });
      expect(events.find((e) => e.event === 'ACCOUNT_CHURNED').data.accountId).toBe(id);
      expect(events.filter((e) => e.event === 'TASK_CREATED').every((e) => e.data.accountId === id)).toBe(true);
      for (const g of rx.got)
        expect(g.headers['x-vitals-signature']).toBe(createHmac('sha256', secret).update(g.body).digest('hex'));
      const before = await t.count('webhook_deliveries', 'webhook_id = $1', [webhook.id]);
      const bad = await t.gql(`mutation($i: CreateTaskInput!) { createTask(input: $i) { id } }`, {
        i: {
          accountId: id,
          title: 'x',
          dueAt: new Date().toISOString(),
          assigneeId: '00000000-0000-4000-8000-000000000000',
        },
      });
      expect(errorCode(bad)).toBe('BAD_USER_INPUT');
      expect(await t.count('webhook_deliveries', 'webhook_id = $1', [webhook.id])).toBe(before);
      await t.ok(`mutation($id: ID!) { deleteWebhook(id: $id) }`, { id: webhook.id });
    } finally {
      await rx.close();
    }
  });

  it('sends HEALTH_BAND_CHANGED when a recompute moves the band', async () => {
    const rx = await receiver(() => 200);
    try {
      const { webhook } = (await createWebhook(rx.url, ['HEALTH_BAND_CHANGED'])).data.createWebhook;
      const acc = await account();
      await t.ok(`mutation($a: [ID!]) { recomputeHealth(accountIds: $a) }`, { a: [acc] });
      const first = (await t.db.query(`SELECT band FROM health_current WHERE account_id = $1`, [acc])).rows[0].band;
      const other = first === 'GREEN' ? 'RED' : 'GREEN';
      await t.db.query(`UPDATE health_current SET band = $2 WHERE account_id = $1`, [acc, other]);
      await t.ok(`mutation($a: [ID!]) { recomputeHealth(accountIds: $a) }`, { a: [acc] });
      const got = await waitFor(() => rx.got.find((g) => JSON.parse(g.body).data.accountId === acc));
      expect(JSON.parse(got.body)).toMatchObject({
        event: 'HEALTH_BAND_CHANGED',
        data: { accountId: acc, oldBand: other, newBand: first },
      });
      expect(got.headers['x-vitals-event']).toBe('HEALTH_BAND_CHANGED');
      await t.ok(`mutation($id: ID!) { deleteWebhook(id: $id) }`, { id: webhook.id });
    } finally {
      await rx.close();
    }
  });

  it('a webhook deleted while a task is being created does not fail the task (its delivery is skipped)', async () => {
    const { webhook } = (await createWebhook('http://127.0.0.1:1/gone', ['TASK_CREATED'])).data.createWebhook;
    const a = await account();
    // Another transaction deletes the webhook and holds it uncommitted while createTask enqueues its delivery.
    const deleter = await t.db.connect();
    try {
      await deleter.query('BEGIN');
      await deleter.query(`DELETE FROM webhooks WHERE id = $1`, [webhook.id]);
      const created = t.gql(`mutation($i: CreateTaskInput!) { createTask(input: $i) { id } }`, {
        i: { accountId: a, title: 'Call about renewal', dueAt: new Date(Date.now() + 86_400_000).toISOString() },
      });
      // Let the enqueue reach the row the deleter holds, then commit the delete.
      await waitFor(
        async () => (await t.db.query(`SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted`)).rows[0].n > 0,
        10_000,
      );
      await deleter.query('COMMIT');
      const r = await created;
      expect(r.errors).toBeUndefined();
      expect(await t.count('tasks', 'id = $1', [r.data.createTask.id])).toBe(1);
      expect(await t.count('webhook_deliveries', 'webhook_id = $1', [webhook.id])).toBe(0);
    } finally {
      deleter.release();
    }
  });

  it('two instances polling the same database never send a delivery twice', async () => {
    second = await startTestApp({ databaseUrl: t.databaseUrl, env: { ...ENV } });
    const rx = await receiver(() => 200);
    try {
      const { webhook } = (await createWebhook(rx.url, ['TASK_CREATED'])).data.createWebhook;
      const pb = await playbook(3);
      const accounts = await Promise.all(Array.from({ length: 15 }, () => account()));
      await Promise.all(
        accounts.map((a, i) =>
          (i % 2 ? second! : t).ok(
            `mutation($p: ID!, $a: ID!) { triggerPlaybook(playbookId: $p, accountId: $a) { run { id } } }`,
            { p: pb, a },
            t.adminKey,
          ),
        ),
      );
      await waitFor(() => rx.got.length >= 45);
      await new Promise((r) => setTimeout(r, 500));
      const ids = rx.got.map((g) => g.headers['x-vitals-delivery']);
      expect(ids).toHaveLength(45);
      expect(new Set(ids).size).toBe(45);
      expect(
        await t.count('webhook_deliveries', `webhook_id = $1 AND status = 'DELIVERED' AND attempts = 1`, [webhook.id]),
      ).toBe(45);
    } finally {
      await rx.close();
    }
  });
});
