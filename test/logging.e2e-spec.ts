import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { logLinesAtLeast, startTestApp, TestApp } from './utils/test-app';

const TRIPWIRE = join(__dirname, 'utils', 'async-local-storage-tripwire.cjs');

describe('logging: access log with request ids, no per-request AsyncLocalStorage', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ env: { LOG_LEVEL: 'info', NODE_OPTIONS: `--require ${TRIPWIRE}` } });
  });

  afterAll(async () => {
    await app?.close();
  });

  it('logs each request once with its x-request-id, redacts the key, and sends no ETag or X-Powered-By', async () => {
    const res = await fetch(`${app.baseUrl}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${app.adminKey}`,
        'x-request-id': 'client-req-42',
      },
      body: JSON.stringify({ query: '{ accounts(first: 1) { totalCount } }' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('client-req-42');
    expect(res.headers.get('etag')).toBeNull();
    expect(res.headers.get('x-powered-by')).toBeNull();
    // A request id that is not a plain token is replaced by a fresh UUID.
    const other = await fetch(`${app.baseUrl}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${app.adminKey}`,
        'x-request-id': 'not a plain token',
      },
      body: JSON.stringify({ query: '{ accounts(first: 1) { totalCount } }' }),
    });
    expect(other.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);

    let lines: Array<{
      req?: { id?: string; headers?: Record<string, string> };
      res?: { statusCode?: number };
      msg?: string;
    }> = [];
    for (const deadline = Date.now() + 5_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
      lines = app
        .output()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l))
        .filter((l) => l.req?.id === 'client-req-42');
      if (lines.length) break;
    }
    expect(lines).toHaveLength(1);
    expect(lines[0].msg).toBe('request completed');
    expect(lines[0].res?.statusCode).toBe(200);
    expect(lines[0].req?.headers?.authorization).toBe('[redacted]');
    expect(app.output()).not.toContain(app.adminKey);
  });

  it('never enters an AsyncLocalStorage while serving GraphQL, client errors and NDJSON ingestion, and logs no client error as an error', async () => {
    await app.ok(`mutation { createAccount(input: { name: "Tripwire Co", externalId: "trip-1" }) { id } }`);
    await app.ok(
      `{ accounts(first: 5) { edges { node { id name health { score band } risk { probability } nps { nps12m } } } } }`,
    );
    const bad = await app.gql(`{ accounts(first: 501) { totalCount } }`);
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const invalidInput = await app.gql(
      `mutation { recordNps(input: { accountId: "00000000-0000-4000-8000-000000000000", score: 11 }) { id } }`,
    );
    expect(invalidInput.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const missing = await app.gql(
      `mutation { recordNps(input: { accountId: "00000000-0000-4000-8000-000000000000", score: 9 }) { id } }`,
    );
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const ingest = await fetch(`${app.baseUrl}/ingest/signals`, {
      method: 'POST',
      headers: { authorization: `Bearer ${app.adminKey}`, 'content-type': 'application/x-ndjson' },
      body: `${JSON.stringify({ id: 'trip-e1', accountExternalId: 'trip-1', type: 'login', occurredAt: new Date().toISOString() })}\n`,
    });
    expect(ingest.status).toBe(200);
    expect(((await ingest.json()) as { accepted: number }).accepted).toBe(1);
    expect(app.output()).not.toContain('ASYNC_LOCAL_STORAGE_ENTERED');
    // Client errors are answers, not faults: nothing at error level (Nest's default filter logged each one).
    expect(logLinesAtLeast(app.output(), 50)).toEqual([]);
    // The tripwire does report when something enters one (as nestjs-pino's request binding did).
    const control = spawnSync(
      process.execPath,
      ['--require', TRIPWIRE, '-e', `new (require('node:async_hooks').AsyncLocalStorage)().run({}, () => undefined)`],
      { encoding: 'utf8' },
    );
    expect(control.stderr).toContain('ASYNC_LOCAL_STORAGE_ENTERED via run');
  });
});
