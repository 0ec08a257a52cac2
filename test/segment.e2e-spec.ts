import { Analytics } from '@segment/analytics-node';
import { randomUUID } from 'node:crypto';
import { createServer, Server, Socket, connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import { startTestApp, TestApp } from './utils/test-app';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const RudderAnalytics = require('@rudderstack/rudder-sdk-node') as new (
  writeKey: string,
  opts: Record<string, unknown>,
) => {
  track(m: Record<string, unknown>, cb?: (err?: unknown) => void): void;
  identify(m: Record<string, unknown>, cb?: (err?: unknown) => void): void;
  group(m: Record<string, unknown>, cb?: (err?: unknown) => void): void;
  flush(): Promise<unknown>;
};

/**
 * The Segment-compatible tracking API (issue #21) driven by the real clients: @segment/analytics-node and
 * @rudderstack/rudder-sdk-node, plus raw HTTP for the hostile cases. Assertions are on stored rows.
 */
describe('Segment tracking API', () => {
  let t: TestApp;
  let writeKey: string;
  let sourceId: string;

  const createSource = async (extra = '') => {
    const d = await t.ok(
      `mutation { createSource(input: { kind: SEGMENT, name: "src-${randomUUID().slice(0, 6)}"${extra} }) { writeKey source { id } } }`,
    );
    return { key: d.createSource.writeKey as string, id: d.createSource.source.id as string };
  };
  const client = (key: string, host = t.baseUrl, opts: Partial<ConstructorParameters<typeof Analytics>[0]> = {}) =>
    new Analytics({ writeKey: key, host, flushAt: 20, flushInterval: 200, maxRetries: 5, ...opts });
  const post = (path: string, body: unknown, key: string | null = writeKey, headers: Record<string, string> = {}) =>
    fetch(`${t.baseUrl}/v1/${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(key !== null ? { authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` } : {}),
        ...headers,
      },
      body: typeof body === 'string' || body instanceof Uint8Array ? (body as string) : JSON.stringify(body),
    });
  const signal = async (id: string) =>
    (
      await t.db.query(
        `SELECT e.type, e.occurred_at, e.properties, e.quantity, a.external_id FROM signal_events e JOIN accounts a ON a.id = e.account_id WHERE e.id = $1`,
        [id],
      )
    ).rows;
  const source = async (id: string) =>
    (
      await t.ok(
        `{ sources { id lastEventAt last24h { accepted duplicates rejected unattributed rateLimited } unattributed { count oldestReceivedAt } lastErrors { message count detail } } }`,
      )
    ).sources.find((s: { id: string }) => s.id === id);
  const writes = async () => ({
    messages: await t.count('segment_messages'),
    events: await t.count('signal_events'),
    accounts: await t.count('accounts'),
    kept: await t.count('source_unattributed'),
    links: await t.count('segment_user_links'),
  });

  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: '0' } });
    ({ key: writeKey, id: sourceId } = await createSource());
  });
  afterAll(() => t?.close());

  it('group upserts the account, links the user; track/page/screen are attributed and mapped (analytics-node)', async () => {
    const analytics = client(writeKey);
    const ids = {
      login: randomUUID(),
      feature: randomUUID(),
      custom: randomUUID(),
      page: randomUUID(),
      screen: randomUUID(),
    };
    analytics.group({
      userId: 'u-ada',
      groupId: 'acme',
      traits: { name: 'Acme Corp', plan: 'Enterprise', createdAt: '2024-03-01T00:00:00Z', industry: 'Retail' },
    });
    analytics.track({ userId: 'u-ada', event: 'Signed In', messageId: ids.login });
    analytics.track({
      userId: 'u-ada',
      event: 'Feature Used',
      properties: { feature: 'reports' },
      messageId: ids.feature,
    });
    analytics.track({
      userId: 'u-ada',
      event: 'Report Exported!',
      properties: { format: 'csv' },
      messageId: ids.custom,
    });
    analytics.page({ userId: 'u-ada', name: 'Pricing', properties: { path: '/pricing' }, messageId: ids.page });
    analytics.screen({ userId: 'u-ada', name: 'Home', messageId: ids.screen });
    await analytics.closeAndFlush();

    const acct = (
      await t.db.query(`SELECT name, segment, customer_since, industry FROM accounts WHERE external_id = 'acme'`)
    ).rows;
    expect(acct).toEqual([
      {
        name: 'Acme Corp',
        segment: 'Enterprise',
        customer_since: new Date('2024-03-01T00:00:00Z'),
        industry: 'Retail',
      },
    ]);
    expect(await signal(ids.login)).toMatchObject([{ type: 'login', external_id: 'acme' }]);
    expect(await signal(ids.feature)).toMatchObject([{ type: 'feature_used', properties: { feature: 'reports' } }]);
    expect(await signal(ids.custom)).toMatchObject([{ type: 'report_exported', properties: { format: 'csv' } }]);
    expect(await signal(ids.page)).toMatchObject([
      { type: 'page_view', properties: { name: 'Pricing', path: '/pricing' } },
    ]);
    expect(await signal(ids.screen)).toMatchObject([{ type: 'page_view', properties: { name: 'Home', screen: true } }]);
    // Rollups are fed by the same path.
    const daily = await t.db.query(
      `SELECT sum(count)::int AS n FROM signal_daily d JOIN accounts a ON a.id = d.account_id WHERE a.external_id = 'acme'`,
    );
    expect(daily.rows[0].n).toBe(5);
    const s = await source(sourceId);
    expect(s.last24h).toMatchObject({ accepted: 5, duplicates: 0, rejected: 0, unattributed: 0 });
    expect(s.lastEventAt).not.toBeNull();
  });

  it('keeps unattributed events and ingests them when a later identify links the user (nothing dropped)', async () => {
    const a = client(writeKey);
    const early = [randomUUID(), randomUUID()];
    a.track({ userId: 'u-bob', event: 'Signed In', messageId: early[0] });
    a.track({ anonymousId: 'anon-bob', event: 'Email Opened', messageId: early[1] });
    await a.closeAndFlush();
    expect(await signal(early[0])).toEqual([]);
    let s = await source(sourceId);
    expect(s.unattributed.count).toBe(2);
    expect(s.last24h.unattributed).toBe(2);
    const kept = await t.ok(
      `query($s: ID!) { sourceUnattributedEvents(sourceId: $s) { id matchKey groupRef reason } }`,
      {
        s: sourceId,
      },
    );
    expect(kept.sourceUnattributedEvents).toEqual(
      expect.arrayContaining([
        {
          id: early[0],
          matchKey: 'u:u-bob',
          groupRef: null,
          reason: expect.stringMatching(/not linked to an account yet/),
        },
        { id: early[1], matchKey: 'a:anon-bob', groupRef: null, reason: expect.stringMatching(/not linked/) },
      ]),
    );

    // identify ties the anonymous visitor to the user and names the company: both events are released.
    const b = client(writeKey);
    b.identify({ userId: 'u-bob', anonymousId: 'anon-bob', traits: { company: { id: 'globex', name: 'Globex' } } });
    await b.closeAndFlush();
    expect(await signal(early[0])).toMatchObject([{ type: 'login', external_id: 'globex' }]);
    expect(await signal(early[1])).toMatchObject([{ type: 'email_opened', external_id: 'globex' }]);
    s = await source(sourceId);
    expect(s.unattributed.count).toBe(0);
    expect((await t.db.query(`SELECT name FROM accounts WHERE external_id = 'globex'`)).rows).toEqual([
      { name: 'Globex' },
    ]);
  });

  it('attributes to context.groupId first; an unknown group waits for its account, then the sweep or a group releases it', async () => {
    const id1 = randomUUID();
    const id2 = randomUUID();
    let r = await post('track', {
      userId: 'u-ada',
      event: 'Ticket Created',
      messageId: id1,
      context: { groupId: 'initech' },
      properties: { sentiment: 'negative' },
    });
    expect(r.status).toBe(200);
    expect(await signal(id1)).toEqual([]);
    r = await post('group', { userId: 'u-zed', groupId: 'initech', traits: { name: 'Initech' } });
    expect(r.status).toBe(200);
    expect(await signal(id1)).toMatchObject([
      { type: 'support_ticket', external_id: 'initech', properties: { sentiment: 'negative' } },
    ]);
    // u-ada stays linked to acme, but context.groupId wins.
    r = await post('track', { userId: 'u-ada', event: 'Signed In', messageId: id2, context: { groupId: 'initech' } });
    expect(r.status).toBe(200);
    expect(await signal(id2)).toMatchObject([{ external_id: 'initech' }]);
  });

  it('corrects client clock skew: receivedAt − (sentAt − originalTimestamp), RudderStack with gzip', async () => {
    const RealDate = Date;
    const skew = 3 * 3_600_000; // the client's clock is 3 hours ahead
    class SkewedDate extends RealDate {
      constructor(...args: unknown[]) {
        if (args.length === 0) super(RealDate.now() + skew);
        else super(...(args as [string]));
      }
      static override now() {
        return RealDate.now() + skew;
      }
    }
    const rudder = new RudderAnalytics(writeKey, {
      dataPlaneUrl: t.baseUrl,
      flushAt: 100,
      flushInterval: 100000,
      logLevel: 'error',
    });
    const ids = [randomUUID(), randomUUID()];
    const before = RealDate.now();
    let gzipSeen = false;
    const original = (
      rudder as unknown as { axiosInstance: { interceptors: { request: { use: (f: (c: any) => any) => void } } } }
    ).axiosInstance;
    original.interceptors.request.use((c: any) => {
      gzipSeen = c.headers?.['Content-Encoding'] === 'gzip' || c.headers?.['content-encoding'] === 'gzip';
      return c;
    });
    (globalThis as { Date: DateConstructor }).Date = SkewedDate as unknown as DateConstructor;
    try {
      rudder.group({ userId: 'u-rudder', groupId: 'umbrella', traits: { name: 'Umbrella' } });
      // Happened now (client time); and one an hour ago by the client's clock.
      rudder.track({ userId: 'u-rudder', event: 'Signed In', messageId: ids[0] });
      rudder.track({
        userId: 'u-rudder',
        event: 'Feature Used',
        properties: { feature: 'alerts' },
        messageId: ids[1],
        originalTimestamp: new RealDate(RealDate.now() + skew - 3_600_000),
      });
      await rudder.flush();
    } finally {
      (globalThis as { Date: DateConstructor }).Date = RealDate;
    }
    const after = Date.now();
    expect(gzipSeen).toBe(true);
    const [now] = await signal(ids[0]);
    const [hourAgo] = await signal(ids[1]);
    expect(now.external_id).toBe('umbrella');
    // Within the request's round trip of the real moment, not 3 hours ahead.
    expect(now.occurred_at.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(now.occurred_at.getTime()).toBeLessThanOrEqual(after + 1000);
    expect(hourAgo.occurred_at.getTime()).toBeGreaterThanOrEqual(before - 3_600_000 - 1000);
    expect(hourAgo.occurred_at.getTime()).toBeLessThanOrEqual(after - 3_600_000 + 1000);
  });

  it('uses the message timestamp as is without sentAt, and writeKey in the body', async () => {
    const id = randomUUID();
    const at = new Date(Date.now() - 2 * 86_400_000).toISOString();
    const r = await post(
      'track',
      { writeKey, userId: 'u-ada', event: 'Signed In', messageId: id, timestamp: at },
      null,
    );
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ success: true, accepted: 1 });
    expect((await signal(id))[0].occurred_at.toISOString()).toBe(at);
  });

  it('stores each messageId once: a re-delivery is counted duplicate (batch and single calls)', async () => {
    const { key, id } = await createSource();
    const m = { type: 'track', userId: 'u-ada', event: 'Signed In', messageId: randomUUID() };
    const batch = { batch: [m, m, { ...m, messageId: randomUUID() }] };
    let r = await post('batch', batch, key);
    expect(await r.json()).toMatchObject({ success: true, accepted: 2, duplicates: 1 });
    r = await post('batch', batch, key);
    expect(await r.json()).toMatchObject({ success: true, accepted: 0, duplicates: 3 });
    r = await post('track', m, key);
    expect(await r.json()).toMatchObject({ success: true, accepted: 0, duplicates: 1 });
    expect(await t.count('signal_events', 'id = $1', [m.messageId])).toBe(1);
    expect((await source(id)).last24h).toMatchObject({ accepted: 2, duplicates: 5 });
  });

  it('an event naming its account (context.groupId) is stored once without a messageId claim; a kept one is claimed', async () => {
    const { key, id } = await createSource();
    expect(
      (await post('group', { userId: 'u-g', groupId: 'acme-direct', traits: { name: 'Direct' } }, key)).status,
    ).toBe(200);
    const ids = [randomUUID(), randomUUID()];
    const named = (messageId: string, groupId: string) => ({
      type: 'track',
      userId: 'u-nobody',
      event: 'Signed In',
      messageId,
      context: { groupId },
    });
    const batch = { batch: ids.map((m) => named(m, 'acme-direct')) };
    expect(await (await post('batch', batch, key)).json()).toMatchObject({ accepted: 2, duplicates: 0 });
    expect(await (await post('batch', batch, key)).json()).toMatchObject({ accepted: 0, duplicates: 2 });
    expect(await t.count('signal_events', 'id = ANY($1)', [ids])).toBe(2);
    // Not claimed: the signal id (the messageId, for the account the message names) is what dedupes them.
    expect(await t.count('segment_messages', 'message_id = ANY($1)', [ids])).toBe(0);
    // Kept while its account does not exist: claimed, so a re-delivery is a duplicate, not a second kept copy.
    const waiting = randomUUID();
    const kept = { batch: [named(waiting, 'acme-not-yet')] };
    expect(await (await post('batch', kept, key)).json()).toMatchObject({ unattributed: 1, duplicates: 0 });
    expect(await (await post('batch', kept, key)).json()).toMatchObject({ unattributed: 0, duplicates: 1 });
    expect(await t.count('source_unattributed', 'id = $1', [waiting])).toBe(1);
    expect(await t.count('segment_messages', 'message_id = $1', [waiting])).toBe(1);
    expect((await source(id)).last24h).toMatchObject({ accepted: 2, duplicates: 3, unattributed: 1, rejected: 0 });
  });

  it('retries after a dropped connection store each messageId once (analytics-node through a dropping proxy)', async () => {
    const { key, id } = await createSource();
    const upstream = new URL(t.baseUrl);
    // Forwards to the service; the first 3 responses are swallowed and the client's connection is reset.
    let toDrop = 3;
    const sockets = new Set<Socket>();
    const proxy: Server = createServer((client) => {
      sockets.add(client);
      const up = connect(Number(upstream.port), upstream.hostname);
      sockets.add(up);
      client.pipe(up);
      up.on('data', (chunk) => {
        if (toDrop > 0) {
          toDrop--;
          client.resetAndDestroy();
          up.destroy();
          return;
        }
        client.write(chunk);
      });
      up.on('end', () => client.end());
      up.on('error', () => client.destroy());
      client.on('error', () => up.destroy());
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const port = (proxy.address() as { port: number }).port;
    try {
      const analytics = client(key, `http://127.0.0.1:${port}`, { flushAt: 25, maxRetries: 10 });
      const ids = Array.from({ length: 100 }, () => randomUUID());
      const failures: unknown[] = [];
      analytics.on('error', (e) => failures.push(e));
      for (const messageId of ids) analytics.track({ userId: 'u-ada', event: 'Signed In', messageId });
      await analytics.closeAndFlush({ timeout: 60_000 });
      expect(failures).toEqual([]);
      expect(toDrop).toBe(0);
      const stored = await t.db.query(
        `SELECT id, count(*)::int AS n FROM signal_events WHERE id = ANY($1) GROUP BY id`,
        [ids],
      );
      expect(stored.rows).toHaveLength(100);
      expect(stored.rows.every((r: { n: number }) => r.n === 1)).toBe(true);
      const s = await source(id);
      expect(s.last24h.accepted).toBe(100);
      expect(s.last24h.duplicates).toBe(75); // three dropped batches of 25 were processed, then re-sent
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((r) => proxy.close(r));
    }
  });

  describe('hostile requests: 400/401 with nothing written', () => {
    const m = () => ({ userId: 'u-ada', event: 'Signed In', messageId: randomUUID() });
    const cases: Array<[string, () => Promise<Response>, number, RegExp]> = [
      ['invalid JSON', () => post('track', '{"userId": "x", ', writeKey), 400, /invalid JSON/],
      [
        'a message over 32 KB',
        () => post('track', { ...m(), properties: { blob: 'x'.repeat(33 * 1024) } }),
        400,
        /32 KB/,
      ],
      [
        'a batch message over 32 KB',
        () =>
          post('batch', {
            batch: [
              { type: 'track', ...m() },
              { type: 'track', ...m(), properties: { blob: 'x'.repeat(33 * 1024) } },
            ],
          }),
        400,
        /batch\[1\] is larger than 32 KB/,
      ],
      [
        'a batch over 500 KB',
        () =>
          post('batch', {
            batch: Array.from({ length: 20 }, () => ({
              type: 'track',
              ...m(),
              properties: { blob: 'x'.repeat(30 * 1024) },
            })),
          }),
        400,
        /500 KB/,
      ],
      [
        'a gzip batch over 500 KB once decompressed',
        () =>
          post(
            'batch',
            gzipSync(
              JSON.stringify({
                batch: Array.from({ length: 20 }, () => ({
                  type: 'track',
                  ...m(),
                  properties: { blob: 'y'.repeat(30 * 1024) },
                })),
              }),
            ),
            writeKey,
            { 'content-encoding': 'gzip' },
          ),
        400,
        /500 KB/,
      ],
      [
        'more than 2,500 events',
        () => post('batch', { batch: Array.from({ length: 2501 }, () => ({ type: 'track', ...m() })) }),
        400,
        /2500/,
      ],
      [
        'neither userId nor anonymousId',
        () => post('track', { event: 'Signed In', messageId: randomUUID() }),
        400,
        /userId or anonymousId/,
      ],
      [
        'one message of a batch without ids',
        () =>
          post('batch', {
            batch: [
              { type: 'track', ...m() },
              { type: 'track', event: 'x' },
            ],
          }),
        400,
        /batch\[1\]\.userId or anonymousId/,
      ],
      [
        'a track without event',
        () => post('track', { userId: 'u-ada', messageId: randomUUID() }),
        400,
        /event is required/,
      ],
      [
        'a group without groupId',
        () => post('group', { userId: 'u-ada', traits: { name: 'x' } }),
        400,
        /groupId is required/,
      ],
      ['a bad timestamp', () => post('track', { ...m(), timestamp: 'yesterday' }), 400, /timestamp must be/],
      ['a corrupt gzip body', () => post('track', 'not gzip', writeKey, { 'content-encoding': 'gzip' }), 400, /gzip/],
      [
        'a batch that is not an array',
        () => post('batch', { batch: { type: 'track' } }),
        400,
        /batch must be an array/,
      ],
      ['a body that is not an object', () => post('track', '[1,2]'), 400, /JSON object/],
      [
        'a message nested 100,000 levels deep',
        () =>
          post(
            'batch',
            `{"batch":[{"type":"track","userId":"u","event":"x","properties":{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}}]}`,
          ),
        400,
        /nested more than 64 levels/,
      ],
      [
        'a lone surrogate in an id',
        () => post('track', `{"userId":"u\\ud800","event":"x"}`),
        400,
        /well-formed Unicode/,
      ],
      ['a bad write key', () => post('track', m(), 'wk_nope'), 401, /Invalid write key/],
      ['no write key at all', () => post('track', m(), null), 401, /Invalid write key/],
      ['an API key instead of a write key', () => post('track', m(), t.adminKey), 401, /Invalid write key/],
    ];
    for (const [name, send, status, message] of cases) {
      it(`${name} → ${status}`, async () => {
        const before = await writes();
        const r = await send();
        expect(r.status).toBe(status);
        const body = (await r.json()) as { success: boolean; message: string };
        expect(body.success).toBe(false);
        expect(body.message).toMatch(message);
        expect(await writes()).toEqual(before);
      });
    }

    it('counts refused requests on the source with their reason', async () => {
      const s = await source(sourceId);
      expect(s.last24h.rejected).toBeGreaterThanOrEqual(2500);
      // The 10 most recent are shown; all are kept, one row per distinct message.
      expect(s.lastErrors).toHaveLength(10);
      const all = await t.db.query(`SELECT message, count::int FROM source_errors WHERE source_id = $1`, [sourceId]);
      expect(all.rows).toEqual(
        expect.arrayContaining([
          { message: 'request refused (400): a batch holds at most 2500 messages', count: 1 },
          { message: 'request refused (400): event is required for track', count: 1 },
          { message: 'request refused (400): invalid JSON', count: 1 },
        ]),
      );
    });

    it('a revoked source is refused with 401', async () => {
      const { key, id } = await createSource();
      expect((await post('track', m(), key)).status).toBe(200);
      await t.ok(`mutation($id: ID!) { revokeSource(id: $id) { id } }`, { id });
      expect((await post('track', m(), key)).status).toBe(401);
    });
  });

  it('a message the signal store refuses is counted rejected with its reason, the rest of the batch stored', async () => {
    const { key, id } = await createSource();
    const good = randomUUID();
    const old = randomUUID();
    const noFeature = randomUUID();
    const r = await post(
      'batch',
      {
        batch: [
          { type: 'track', userId: 'u-ada', event: 'Signed In', messageId: good },
          { type: 'track', userId: 'u-ada', event: 'Signed In', messageId: old, timestamp: '2001-01-01T00:00:00Z' },
          { type: 'track', userId: 'u-ada', event: 'Feature Used', messageId: noFeature },
        ],
      },
      key,
    );
    expect(await r.json()).toMatchObject({ success: true, accepted: 1, rejected: 2 });
    expect(await t.count('signal_events', 'id = ANY($1)', [[good, old, noFeature]])).toBe(1);
    // Not claimed: a corrected re-send is accepted.
    expect(await t.count('segment_messages', 'message_id = ANY($1)', [[old, noFeature]])).toBe(0);
    const s = await source(id);
    expect(s.last24h).toMatchObject({ accepted: 1, rejected: 2 });
    expect(s.lastErrors.map((e: { message: string }) => e.message).sort()).toEqual([
      '"Feature Used" maps to feature_used but has no feature (properties.feature)',
      expect.stringMatching(/^signal rejected: bad occurredAt: older than the retention window/),
    ]);
  });

  it("answers 429 with Retry-After over the source's budget, writing nothing", async () => {
    const { key, id } = await createSource(', rateLimitPerMinute: 5');
    const batch = (n: number) => ({
      batch: Array.from({ length: n }, () => ({
        type: 'track',
        userId: 'u-ada',
        event: 'Signed In',
        messageId: randomUUID(),
      })),
    });
    expect((await post('batch', batch(4), key)).status).toBe(200);
    const before = await writes();
    const r = await post('batch', batch(2), key);
    expect(r.status).toBe(429);
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await writes()).toEqual(before);
    expect((await source(id)).last24h).toMatchObject({ accepted: 4, rateLimited: 2 });
  });

  it('event mappings are editable per source over GraphQL', async () => {
    const { key, id } = await createSource();
    const table = await t.ok(
      `query($s: ID!) { segmentEventMappings(sourceId: $s) { eventName eventKey signalType isDefault } }`,
      { s: id },
    );
    expect(table.segmentEventMappings).toEqual(
      expect.arrayContaining([{ eventName: 'Logged In', eventKey: 'logged_in', signalType: 'login', isDefault: true }]),
    );
    await t.ok(
      `mutation($s: ID!) { setSegmentEventMapping(sourceId: $s, input: { eventName: "Report Exported", signalType: "feature_used", feature: "reports" }) { eventName } }`,
      { s: id },
    );
    await t.ok(
      `mutation($s: ID!) { setSegmentEventMapping(sourceId: $s, input: { eventName: "Logged In", signalType: "session_start" }) { eventName } }`,
      { s: id },
    );
    const bad = await t.gql(
      `mutation($s: ID!) { setSegmentEventMapping(sourceId: $s, input: { eventName: "x", signalType: "login", feature: "y" }) { eventName } }`,
      { s: id },
    );
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    await post(
      'batch',
      {
        batch: [
          { type: 'track', userId: 'u-ada', event: 'report exported', messageId: ids[0] },
          { type: 'track', userId: 'u-ada', event: 'Logged In', messageId: ids[1] },
          { type: 'track', userId: 'u-ada', event: 'Signed In', messageId: ids[2] },
        ],
      },
      key,
    );
    expect(await signal(ids[0])).toMatchObject([{ type: 'feature_used', properties: { feature: 'reports' } }]);
    expect(await signal(ids[1])).toMatchObject([{ type: 'session_start' }]);
    expect(await signal(ids[2])).toMatchObject([{ type: 'login' }]);
    expect(
      await t.ok(`mutation($s: ID!) { removeSegmentEventMapping(sourceId: $s, eventName: "LOGGED-IN") }`, { s: id }),
    ).toEqual({
      removeSegmentEventMapping: true,
    });
  });

  it('the per-instance key and mapping caches never outlive a change: a rule or a revocation made elsewhere applies to the next request', async () => {
    const counted = async (sourceId: string) =>
      (
        await t.db.query(
          `SELECT COALESCE(sum(accepted + duplicates + rejected + unattributed + rate_limited), 0)::int AS n,
                  max(last_event_at) AS last FROM source_stats WHERE source_id = $1`,
          [sourceId],
        )
      ).rows[0];
    const { key, id } = await createSource();
    expect(
      (await post('group', { userId: 'u-cache', groupId: 'acme-cache', traits: { name: 'Cache' } }, key)).status,
    ).toBe(200);
    const track = (messageId: string) => post('track', { userId: 'u-cache', event: 'Logged In', messageId }, key);
    const ids = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    expect((await track(ids[0])).status).toBe(200); // key and table now cached on this instance
    expect(await signal(ids[0])).toMatchObject([{ type: 'login', external_id: 'acme-cache' }]);
    // Another instance sets a rule: the same row its mutation writes, not through this instance.
    await t.db.query(
      `INSERT INTO segment_event_mappings (source_id, event_key, event_name, signal_type) VALUES ($1, 'logged_in', 'Logged In', 'session_start')`,
      [id],
    );
    expect((await track(ids[1])).status).toBe(200);
    expect(await signal(ids[1])).toMatchObject([{ type: 'session_start' }]);
    // Removed through this instance: the default applies again at once.
    await t.ok(`mutation($s: ID!) { removeSegmentEventMapping(sourceId: $s, eventName: "Logged In") }`, { s: id });
    expect((await track(ids[2])).status).toBe(200);
    expect(await signal(ids[2])).toMatchObject([{ type: 'login' }]);
    // Another instance revokes the key: refused at once here too (401), nothing written, not even counted.
    await t.db.query(`UPDATE sources SET revoked_at = now() WHERE id = $1`, [id]);
    const before = { ...(await writes()), counted: await counted(id) };
    const r = await track(ids[3]);
    expect(r.status).toBe(401);
    expect({ ...(await writes()), counted: await counted(id) }).toEqual(before);
    expect(await signal(ids[3])).toEqual([]);
    // And the cached key is forgotten: a batch with the key is refused too.
    expect((await post('batch', { batch: [{ type: 'track', userId: 'u-cache', event: 'x' }] }, key)).status).toBe(401);
  });

  it('a group call later in a batch releases the events before it; the ones after it are attributed directly', async () => {
    const ids = [randomUUID(), randomUUID()];
    const r = await post('batch', {
      batch: [
        { type: 'track', userId: 'u-seven', event: 'Signed In', messageId: ids[0] },
        { type: 'group', userId: 'u-seven', groupId: 'pied-piper', traits: { name: 'Pied Piper', plan: 'Pro' } },
        {
          type: 'track',
          userId: 'u-seven',
          event: 'Feature Used',
          properties: { feature: 'reports' },
          messageId: ids[1],
        },
      ],
    });
    expect(await r.json()).toEqual({
      success: true,
      accepted: 1,
      duplicates: 0,
      unattributed: 1,
      rejected: 0,
      released: 1,
    });
    expect(await signal(ids[0])).toMatchObject([{ type: 'login', external_id: 'pied-piper' }]);
    expect(await signal(ids[1])).toMatchObject([{ type: 'feature_used', external_id: 'pied-piper' }]);
    expect((await t.db.query(`SELECT segment FROM accounts WHERE external_id = 'pied-piper'`)).rows).toEqual([
      { segment: 'Pro' },
    ]);
  });

  it('an account created outside Segment releases the events waiting for its context.groupId (sweep)', async () => {
    const id = randomUUID();
    await post('track', { userId: 'u-sweep', event: 'Signed In', messageId: id, context: { groupId: 'crm-sweep' } });
    expect(await signal(id)).toEqual([]);
    await t.ok(`mutation { createAccount(input: { externalId: "crm-sweep", name: "Swept" }) { id } }`);
    const deadline = Date.now() + 45_000;
    while (!(await signal(id)).length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
    expect(await signal(id)).toMatchObject([{ external_id: 'crm-sweep' }]);
  }, 60_000);

  it("applies the source's configured traits for segment and owner e-mail; an unknown owner is reported, not guessed", async () => {
    const { key, id } = await createSource(', segmentTrait: "company.tier", ownerEmailTrait: "csm_email"');
    const csm = await t.user('CSM', `csm-${randomUUID().slice(0, 6)}@example.com`);
    const email = (await t.db.query(`SELECT email FROM users WHERE id = $1`, [csm.id])).rows[0].email as string;
    let r = await post(
      'group',
      {
        userId: 'u-tier',
        groupId: 'tiered',
        traits: { name: 'Tiered', plan: 'ignored', company: { tier: 'Gold' }, csm_email: email.toUpperCase() },
      },
      key,
    );
    expect(r.status).toBe(200);
    expect((await t.db.query(`SELECT segment, owner_id FROM accounts WHERE external_id = 'tiered'`)).rows).toEqual([
      { segment: 'Gold', owner_id: csm.id },
    ]);
    r = await post('group', { userId: 'u-tier', groupId: 'tiered', traits: { csm_email: 'nobody@example.com' } }, key);
    expect(r.status).toBe(200);
    expect((await t.db.query(`SELECT owner_id FROM accounts WHERE external_id = 'tiered'`)).rows[0].owner_id).toBe(
      csm.id,
    );
    expect((await source(id)).lastErrors).toEqual([
      expect.objectContaining({
        message: 'owner e-mail of a group call is not a user who can own accounts (owner left unchanged)',
      }),
    ]);
  });

  it('alias carries the link from the anonymous id to the user id', async () => {
    const early = randomUUID();
    await post('track', { anonymousId: 'anon-carl', event: 'Signed In', messageId: early });
    expect(await signal(early)).toEqual([]);
    await post('group', { userId: 'u-carl', groupId: 'hooli', traits: { name: 'Hooli' } });
    await post('alias', { userId: 'u-carl', previousId: 'anon-carl' });
    expect(await signal(early)).toMatchObject([{ external_id: 'hooli' }]);
  });
});
