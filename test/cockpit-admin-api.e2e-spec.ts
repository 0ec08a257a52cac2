import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { errorCode, startTestApp, TestApp } from './utils/test-app';

/**
 * The API added for issue 19's admin screens: setUserRole, apiKeys, csCosts, retryWebhookDelivery. Real service,
 * real PostgreSQL; refusals are typed and change nothing; every mutation is in the audit log.
 */
const waitFor = async <T>(fn: () => Promise<T | null | undefined | false>, ms = 20_000): Promise<T> => {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
};

describe('cockpit admin API', () => {
  let t: TestApp;
  let adminId: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { WEBHOOK_POLL_MS: '100', WEBHOOK_BACKOFF_MS: '300' } });
    adminId = (await t.ok(`{ me { id } }`)).me.id;
  });
  afterAll(async () => {
    await t?.close();
  });

  const audited = async (operation: string, outcome: 'OK' | 'ERROR') =>
    t.count('audit_log', 'operation = $1 AND outcome = $2', [operation, outcome]);
  /** The audit row is written after the answer (the interceptor does not hold the response): wait for the count. */
  const auditedReaches = (operation: string, outcome: 'OK' | 'ERROR', n: number) =>
    waitFor(async () => (await audited(operation, outcome)) >= n, 5_000).then(() => audited(operation, outcome));

  describe('setUserRole', () => {
    const setRole = (id: string, role: string, key?: string) =>
      t.gql(`mutation($id: ID!, $r: Role!) { setUserRole(id: $id, role: $r) { id role } }`, { id, r: role }, key);

    it('changes a person’s role, and the new role applies to their next request', async () => {
      const csm = await t.user('CSM');
      expect(errorCode(await t.gql(`{ users { id } }`, {}, csm.key))).toBe('FORBIDDEN');
      const r = await setRole(csm.id, 'MANAGER');
      expect(r.data.setUserRole).toEqual({ id: csm.id, role: 'MANAGER' });
      expect((await t.gql(`{ users { id } }`, {}, csm.key)).errors).toBeUndefined();
      expect(await auditedReaches('setUserRole', 'OK', 1)).toBeGreaterThanOrEqual(1);
    });

    it('refuses demoting the last active ADMIN (CONFLICT on role) and changes nothing', async () => {
      const before = await audited('setUserRole', 'ERROR');
      const r = await setRole(adminId, 'MANAGER');
      expect(errorCode(r)).toBe('CONFLICT');
      expect(r.errors![0].extensions!.fields).toEqual([
        { field: 'role', message: 'the last active ADMIN cannot stop being an ADMIN' },
      ]);
      expect(await t.count('users', `id = $1 AND role = 'ADMIN'`, [adminId])).toBe(1);
      expect(await auditedReaches('setUserRole', 'ERROR', before + 1)).toBe(before + 1);
    });

    it('with a second active ADMIN, an admin may step down; a deactivated ADMIN does not count', async () => {
      const other = await t.user('ADMIN');
      await t.ok(`mutation($id: ID!) { deactivateUser(id: $id) { id } }`, { id: other.id });
      expect(errorCode(await setRole(adminId, 'CSM'))).toBe('CONFLICT');
      await t.ok(`mutation($id: ID!) { reactivateUser(id: $id) { id } }`, { id: other.id });
      // The other admin demotes the first; then the first (now a CSM) is refused the mutation itself.
      expect((await setRole(adminId, 'CSM', other.key)).data.setUserRole.role).toBe('CSM');
      expect(errorCode(await setRole(other.id, 'CSM'))).toBe('FORBIDDEN');
      expect(errorCode(await setRole(other.id, 'CSM', other.key))).toBe('CONFLICT');
      expect((await setRole(adminId, 'ADMIN', other.key)).data.setUserRole.role).toBe('ADMIN');
    });

    it('keeps INGEST out and names unknown users', async () => {
      const csm = await t.user('CSM');
      const toIngest = await setRole(csm.id, 'INGEST');
      expect({ code: errorCode(toIngest), fields: toIngest.errors![0].extensions!.fields }).toEqual({
        code: 'BAD_USER_INPUT',
        fields: [{ field: 'role', message: 'must be one of ADMIN, MANAGER, CSM' }],
      });
      const ingest = await t.user('INGEST');
      expect(errorCode(await setRole(ingest.id, 'CSM'))).toBe('BAD_USER_INPUT');
      expect(await t.count('users', `id = $1 AND role = 'INGEST'`, [ingest.id])).toBe(1);
      expect(errorCode(await setRole('00000000-0000-4000-8000-000000000000', 'CSM'))).toBe('NOT_FOUND');
      expect(errorCode(await setRole('nope', 'CSM'))).toBe('NOT_FOUND');
    });
  });

  describe('apiKeys', () => {
    it('lists issued keys with their holder and prefix, never the key; revoked ones on request', async () => {
      const csm = await t.user('CSM');
      const issued = (await t.ok(`mutation($u: ID!) { issueApiKey(userId: $u) { id key } }`, { u: csm.id }))
        .issueApiKey;
      const q = `query($u: ID, $r: Boolean) { apiKeys(userId: $u, includeRevoked: $r) { id keyPrefix createdAt revokedAt user { id email passwordSet } } }`;
      const mine = (await t.ok(q, { u: csm.id })).apiKeys;
      expect(mine.map((k: { id: string }) => k.id).sort()).toEqual(
        (await t.db.query(`SELECT id FROM api_keys WHERE user_id = $1`, [csm.id])).rows.map((r) => r.id).sort(),
      );
      const row = mine.find((k: { id: string }) => k.id === issued.id);
      expect(row).toMatchObject({
        keyPrefix: issued.key.slice(0, 10),
        revokedAt: null,
        user: { id: csm.id, passwordSet: false },
      });
      expect(JSON.stringify(mine)).not.toContain(issued.key);
      await t.ok(`mutation($id: ID!) { revokeApiKey(id: $id) }`, { id: issued.id });
      expect((await t.ok(q, { u: csm.id })).apiKeys.map((k: { id: string }) => k.id)).not.toContain(issued.id);
      const all = (await t.ok(q, { u: csm.id, r: true })).apiKeys;
      expect(all.find((k: { id: string }) => k.id === issued.id).revokedAt).not.toBeNull();
      expect(errorCode(await t.gql(`{ apiKeys(userId: "x") { id } }`))).toBe('BAD_USER_INPUT');
    });
  });

  describe('csCosts', () => {
    it('lists entries overlapping the period, of a category, newest recorded first, with the sum over all pages', async () => {
      const record = (periodStart: string, periodEnd: string, amountCents: number, category: string) =>
        t.ok(`mutation($i: RecordCsCostInput!) { recordCsCost(input: $i) { id } }`, {
          i: { periodStart, periodEnd, amountCents, category },
        });
      const a = (await record('2031-01-01', '2031-02-01', 10_000, 'STAFF')).recordCsCost.id;
      const b = (await record('2031-01-15', '2031-03-01', 2_550, 'TOOLS')).recordCsCost.id;
      const c = (await record('2031-03-01', '2031-04-01', 700, 'STAFF')).recordCsCost.id;
      const q = `query($p: PeriodInput, $c: CsCostCategory, $f: Int, $a: String) {
        csCosts(period: $p, category: $c, first: $f, after: $a) {
          totalCount sumCents pageInfo { hasNextPage endCursor } edges { node { id amountCents periodStart periodEnd } } } }`;
      // February 2031: a ends on Feb 1 (exclusive) so it is out; b covers February; c starts in March.
      const feb = (await t.ok(q, { p: { from: '2031-02-01', to: '2031-03-01' } })).csCosts;
      expect(feb.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([b]);
      expect({ n: feb.totalCount, sum: feb.sumCents }).toEqual({ n: 1, sum: 2_550 });
      // All of 2031, STAFF only, one per page: newest recorded first; the sum is of both, on every page.
      const p1 = (await t.ok(q, { p: { from: '2031-01-01', to: '2032-01-01' }, c: 'STAFF', f: 1 })).csCosts;
      expect({
        ids: p1.edges.map((e: { node: { id: string } }) => e.node.id),
        n: p1.totalCount,
        sum: p1.sumCents,
      }).toEqual({
        ids: [c],
        n: 2,
        sum: 10_700,
      });
      const p2 = (
        await t.ok(q, { p: { from: '2031-01-01', to: '2032-01-01' }, c: 'STAFF', f: 1, a: p1.pageInfo.endCursor })
      ).csCosts;
      expect(p2.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([a]);
      expect(p2.pageInfo.hasNextPage).toBe(false);
      expect(errorCode(await t.gql(q, { p: { from: '2031-02-01', to: '2031-01-01' } }))).toBe('BAD_USER_INPUT');
      expect(errorCode(await t.gql(q, { a: 'bogus' }))).toBe('BAD_USER_INPUT');
    });
  });

  describe('retryWebhookDelivery', () => {
    it('sends a FAILED delivery again; a retry that fails too ends FAILED again (past the 24-hour window)', async () => {
      let answer = 200;
      const got: string[] = [];
      const server: Server = createServer((req, res) => {
        let body = '';
        req.on('data', (c) => (body += c));
        req.on('end', () => {
          got.push(body);
          res.writeHead(answer).end();
        });
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      try {
        const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
        const hook = (
          await t.ok(`mutation($u: String!) { createWebhook(url: $u, events: [TASK_CREATED]) { webhook { id } } }`, {
            u: url,
          })
        ).createWebhook.webhook.id;
        // A delivery that gave up two days ago (its 24 hours of automatic retries are over).
        const failed = async () =>
          (
            await t.db.query(
              `INSERT INTO webhook_deliveries (webhook_id, event, payload, status, attempts, last_status_code, last_error, created_at)
               VALUES ($1, 'TASK_CREATED', '{"event":"TASK_CREATED","data":{"n":1}}', 'FAILED', 9, 500, 'HTTP 500', now() - interval '2 days')
               RETURNING id`,
              [hook],
            )
          ).rows[0].id as string;
        const retry = (id: string) =>
          t.gql(`mutation($id: ID!) { retryWebhookDelivery(id: $id) { id status attempts nextAttemptAt } }`, { id });
        const status = async (id: string) =>
          (await t.db.query(`SELECT status, attempts FROM webhook_deliveries WHERE id = $1`, [id])).rows[0];

        const one = await failed();
        const r = await retry(one);
        expect(r.errors).toBeUndefined();
        expect(r.data.retryWebhookDelivery).toMatchObject({ id: one, status: 'PENDING', attempts: 9 });
        expect(r.data.retryWebhookDelivery.nextAttemptAt).not.toBeNull();
        await waitFor(async () => (await status(one)).status === 'DELIVERED');
        expect(await status(one)).toEqual({ status: 'DELIVERED', attempts: 10 });
        expect(got).toEqual(['{"data": {"n": 1}, "event": "TASK_CREATED"}']);
        expect(errorCode(await retry(one))).toBe('CONFLICT');

        answer = 500;
        const two = await failed();
        expect((await retry(two)).errors).toBeUndefined();
        await waitFor(async () => (await status(two)).attempts === 10 && (await status(two)).status === 'FAILED');
        expect(got).toHaveLength(2);

        expect(errorCode(await retry('00000000-0000-4000-8000-000000000000'))).toBe('NOT_FOUND');
        expect(await auditedReaches('retryWebhookDelivery', 'OK', 2)).toBe(2);
        expect(await auditedReaches('retryWebhookDelivery', 'ERROR', 2)).toBe(2);
      } finally {
        await new Promise((r) => server.close(() => r(null)));
      }
    });
  });
});
