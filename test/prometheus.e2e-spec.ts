import { startTestApp, TestApp } from './utils/test-app';

/** Prometheus metrics at GET /metrics: behind METRICS_TOKEN on the service's port; the counters move with requests. */
describe('Prometheus metrics', () => {
  let t: TestApp;
  const TOKEN = 'metrics-token-for-the-e2e-test';

  beforeAll(async () => {
    t = await startTestApp({ env: { METRICS_TOKEN: TOKEN } });
  });
  afterAll(() => t?.close());

  const scrape = async (): Promise<string> => {
    const res = await fetch(`${t.baseUrl}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    return res.text();
  };
  /** The value of one sample (`name{labels}`), 0 when absent. */
  const sample = (text: string, name: string, labels: Record<string, string>): number => {
    const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
    for (const line of text.split('\n')) {
      const m = /^([a-z_]+)\{([^}]*)\} (\S+)$/.exec(line);
      if (!m || m[1] !== name) continue;
      const have = m[2].split(',');
      if (want.every((w) => have.includes(w))) return Number(m[3]);
    }
    return 0;
  };

  it('refuses a scrape without the token, and a wrong one', async () => {
    expect((await fetch(`${t.baseUrl}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${t.baseUrl}/metrics`, { headers: { authorization: 'Bearer not-the-token-at-all' } });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
  });

  it('exposes HTTP, GraphQL, error, ingestion, job and pool metrics, and they move with requests', async () => {
    const before = await scrape();
    for (const name of [
      'vitals_http_request_duration_seconds',
      'vitals_graphql_request_duration_seconds',
      'vitals_db_pool_connections',
      'vitals_db_pool_waiting',
      'vitals_process_cpu_seconds_total',
    ])
      expect(before).toContain(`# TYPE ${name}`);

    const named = { operation: 'MetricsProbe', outcome: 'success' };
    await t.ok('query MetricsProbe { me { id } }');
    await t.ok('query MetricsProbe { me { id } }');
    const bad = await t.gql('query MetricsBad { accounts(first: 0) { totalCount } }');
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');

    const { createAccount } = await t.ok(
      `mutation { createAccount(input: { externalId: "prom-1", name: "Prom", customerSince: "2024-01-01T00:00:00Z" }) { id } }`,
    );
    const at = new Date(Date.now() - 3_600_000).toISOString();
    const events = [
      { accountId: createAccount.id, id: 'p-1', type: 'login', occurredAt: at },
      { accountId: createAccount.id, id: 'p-2', type: 'login', occurredAt: at },
      { accountId: createAccount.id, id: 'p-3', type: 'NOT VALID', occurredAt: at },
    ];
    const ingest = `mutation($e: [SignalInput!]!) { ingestSignals(events: $e) { accepted duplicates } }`;
    await t.ok(ingest, { e: events });
    await t.ok(ingest, { e: events.slice(0, 1) }); // a duplicate
    const ndjson = [{ accountId: createAccount.id, id: 'n-1', type: 'login', occurredAt: at }]
      .map((e) => JSON.stringify(e))
      .join('\n');
    const res = await fetch(`${t.baseUrl}/ingest/signals`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.adminKey}`, 'content-type': 'application/x-ndjson' },
      body: `${ndjson}\nnot json\n`,
    });
    expect(res.status).toBe(200);
    await t.ok(`mutation { runPlaybookSweep }`);
    // The Segment API counts under path "segment": 2 accepted, 1 re-delivered, then a refused batch of 3.
    const { createSource } = await t.ok(
      `mutation { createSource(input: { kind: SEGMENT, name: "prom" }) { writeKey } }`,
    );
    const v1 = (body: unknown) =>
      fetch(`${t.baseUrl}/v1/batch`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Basic ${Buffer.from(`${createSource.writeKey}:`).toString('base64')}`,
        },
        body: JSON.stringify(body),
      });
    const track = (messageId: string) => ({
      type: 'track',
      messageId,
      event: 'Signed In',
      userId: 'u',
      context: { groupId: 'prom-1' },
    });
    expect((await v1({ batch: [track('s-1'), track('s-2')] })).status).toBe(200);
    expect((await v1({ batch: [track('s-1')] })).status).toBe(200);
    expect((await v1({ batch: [track('s-3'), track('s-4'), { type: 'track', event: 'x' }] })).status).toBe(400);

    const after = await scrape();
    const moved = (name: string, labels: Record<string, string>) =>
      sample(after, name, labels) - sample(before, name, labels);
    expect(moved('vitals_graphql_request_duration_seconds_count', named)).toBe(2);
    expect(
      moved('vitals_graphql_request_duration_seconds_count', { operation: 'MetricsBad', outcome: 'client_error' }),
    ).toBe(1);
    expect(moved('vitals_graphql_errors_total', { code: 'BAD_USER_INPUT' })).toBe(1);
    expect(moved('vitals_ingested_signals_total', { path: 'graphql', result: 'accepted' })).toBe(2);
    expect(moved('vitals_ingested_signals_total', { path: 'graphql', result: 'duplicate' })).toBe(1);
    expect(moved('vitals_ingested_signals_total', { path: 'graphql', result: 'rejected' })).toBe(1);
    expect(moved('vitals_ingested_signals_total', { path: 'ndjson', result: 'accepted' })).toBe(1);
    expect(moved('vitals_ingested_signals_total', { path: 'ndjson', result: 'rejected' })).toBe(1);
    expect(moved('vitals_ingested_signals_total', { path: 'segment', result: 'accepted' })).toBe(2);
    expect(moved('vitals_ingested_signals_total', { path: 'segment', result: 'duplicate' })).toBe(1);
    expect(moved('vitals_ingested_signals_total', { path: 'segment', result: 'rejected' })).toBe(3);
    expect(moved('vitals_job_runs_total', { job: 'playbook-sweep', status: 'done' })).toBe(1);
    expect(moved('vitals_job_run_duration_seconds_count', { job: 'playbook-sweep' })).toBe(1);
    // 8 GraphQL requests, the NDJSON one and three Segment ones since the first scrape (the scrape itself is counted when it ends).
    expect(
      moved('vitals_http_request_duration_seconds_count', { method: 'POST', route: '/graphql', status: '2xx' }),
    ).toBe(8);
    expect(moved('vitals_http_request_duration_seconds_count', { method: 'POST', route: '/v1', status: '2xx' })).toBe(
      2,
    );
    expect(moved('vitals_http_request_duration_seconds_count', { method: 'POST', route: '/v1', status: '4xx' })).toBe(
      1,
    );
    expect(
      moved('vitals_http_request_duration_seconds_count', { method: 'POST', route: '/ingest/signals', status: '2xx' }),
    ).toBe(1);
    expect(sample(after, 'vitals_db_pool_connections', { state: 'idle' })).toBeGreaterThanOrEqual(1);
  });
});
