import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, logLinesAtLeast, spawnService, waitForReady } from './utils/test-app';

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function gql(base: string, key: string, query: string) {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query }),
  });
  return (await res.json()) as any;
}

describe('start-up and shutdown', () => {
  it.each([
    ['PORT', 'abc', /PORT must be an integer/],
    ['PORT', '70000', /PORT must be an integer/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL must be one of/],
    ['DATABASE_URL', 'mysql://x', /DATABASE_URL must be a postgres/],
    ['ADMIN_API_KEY', 'secret', /ADMIN_API_KEY must start with vk_/],
    ['DEMO_DATA', 'maybe', /DEMO_DATA must be true or false/],
    ['NODE_ENV', 'staging', /NODE_ENV must be/],
  ])('rejects %s=%s with one line naming it and exit code 1', async (name, value, message) => {
    const s = spawnService({ DATABASE_URL: 'postgres://u:p@127.0.0.1:1/x', [name]: value });
    expect(await s.exited).toBe(1);
    const lines = s.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expect(lines[0]).toContain(name);
  });

  describe('embedded PostgreSQL in DATA_DIR', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vitals-start-'));
    afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

    it('starts with demo data, writes the admin key once, keeps data across restarts, leaves no postgres behind', async () => {
      const first = spawnService({ DATA_DIR: dataDir, DEMO_DATA: 'true' });
      const base = await waitForReady(first);
      const keyFile = join(dataDir, 'admin-api-key');
      expect(existsSync(keyFile)).toBe(true);
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);
      const key = readFileSync(keyFile, 'utf8').trim();
      expect(key).toMatch(/^vk_[A-Za-z0-9_-]{43}$/);
      expect(first.output()).toContain(key);

      const health = await fetch(`${base}/healthz`);
      expect(health.status).toBe(200);
      const counts = await gql(base, key, '{ accounts { totalCount } users { email } }');
      expect(counts.data.accounts.totalCount).toBe(300);
      expect(counts.data.users.filter((u: any) => u.email.endsWith('@demo.vitals'))).toHaveLength(5);
      const segs = await gql(
        base,
        key,
        '{ a: accounts(filter: { segment: "SMB" }) { totalCount } b: accounts(filter: { status: CHURNED }) { totalCount } }',
      );
      expect(segs.data.a.totalCount).toBeGreaterThan(100);
      expect(segs.data.b.totalCount).toBeGreaterThan(0);
      // After the background history backfill the current snapshot is taken again: 7-day changes are filled.
      const trendDeadline = Date.now() + 60_000;
      let withDelta = 0;
      while (Date.now() < trendDeadline) {
        const r = await gql(base, key, '{ accounts(first: 100) { edges { node { health { trend { delta7d } } } } } }');
        withDelta = r.data.accounts.edges.filter((e: any) => e.node.health?.trend.delta7d != null).length;
        if (withDelta > 0) break;
        await new Promise((res) => setTimeout(res, 500));
      }
      expect(withDelta).toBeGreaterThan(0);

      const pgPid = Number(readFileSync(join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
      expect(pidAlive(pgPid)).toBe(true);
      first.child.kill('SIGTERM');
      expect(await first.exited).toBe(0);
      expect(pidAlive(pgPid)).toBe(false);
      // PostgreSQL stopped only after the app had closed: no work of the first start was cut off.
      expect(logLinesAtLeast(first.output(), 50)).toEqual([]);

      const second = spawnService({ DATA_DIR: dataDir, DEMO_DATA: 'true' });
      const base2 = await waitForReady(second);
      expect(second.output()).not.toContain('vk_');
      expect(readFileSync(keyFile, 'utf8').trim()).toBe(key);
      const again = await gql(base2, key, '{ accounts { totalCount } }');
      expect(again.data.accounts.totalCount).toBe(300);

      // The database going away turns /healthz to 503.
      const pgPid2 = Number(readFileSync(join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
      process.kill(pgPid2, 'SIGINT');
      const deadline = Date.now() + 15000;
      let status = 200;
      while (Date.now() < deadline && status === 200) {
        status = (await fetch(`${base2}/healthz`)).status;
        if (status === 200) await new Promise((r) => setTimeout(r, 200));
      }
      expect(status).toBe(503);
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
      expect(pidAlive(pgPid2)).toBe(false);
    });
  });

  it('with DATABASE_URL and ADMIN_API_KEY: the key works and stays one key across restarts', async () => {
    const databaseUrl = await createTestDatabase();
    const key = `vk_${'k'.repeat(43)}`;
    for (let i = 0; i < 2; i++) {
      const s = spawnService({ DATABASE_URL: databaseUrl, ADMIN_API_KEY: key });
      const base = await waitForReady(s);
      const me = await gql(base, key, '{ me { role } }');
      expect(me.data.me.role).toBe('ADMIN');
      s.child.kill('SIGTERM');
      expect(await s.exited).toBe(0);
    }
    const { Client } = await import('pg');
    const c = new Client({ connectionString: databaseUrl });
    await c.connect();
    const keys = await c.query(`SELECT count(*)::int AS n FROM api_keys`);
    const accounts = await c.query(`SELECT count(*)::int AS n FROM accounts`);
    await c.end();
    expect(keys.rows[0].n).toBe(1);
    expect(accounts.rows[0].n).toBe(0);
  });

  it('a SIGTERM right after a first start with demo data stops cleanly, with no error in the log', async () => {
    const databaseUrl = await createTestDatabase();
    const s = spawnService({
      DATABASE_URL: databaseUrl,
      ADMIN_API_KEY: `vk_${'d'.repeat(43)}`,
      DEMO_DATA: 'true',
      LOG_LEVEL: 'info',
    });
    await waitForReady(s, 120_000);
    // The demo history backfill and the first risk training are running in the background now.
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
    const errors = s
      .output()
      .split('\n')
      .filter((l) => /"level":(50|60)/.test(l) || /^(Uncaught|Unhandled|error while)/.test(l));
    expect(errors).toEqual([]);
  }, 180_000);

  it('in production hides the landing page and introspection', async () => {
    const databaseUrl = await createTestDatabase();
    const key = `vk_${'p'.repeat(43)}`;
    const s = spawnService({ DATABASE_URL: databaseUrl, ADMIN_API_KEY: key, NODE_ENV: 'production' });
    const base = await waitForReady(s);
    try {
      const page = await fetch(`${base}/graphql`, { headers: { accept: 'text/html' } });
      expect(page.headers.get('content-type') ?? '').not.toMatch(/html/);
      expect(await page.text()).not.toMatch(/<html/i);
      const intro = await gql(base, key, '{ __schema { types { name } } }');
      expect(intro.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    } finally {
      s.child.kill('SIGTERM');
      await s.exited;
    }
  });
});
