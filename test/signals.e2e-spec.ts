import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { errorCode, logLinesAtLeast, startTestApp, TestApp } from './utils/test-app';

const INGEST = `mutation($e: [SignalInput!]!) { ingestSignals(events: $e) { accepted duplicates rejected { index id reason } } }`;
const HOUR = 3_600_000;

describe('usage signals', () => {
  let t: TestApp;
  let ingest: { id: string; key: string };
  let manager: { id: string; key: string };
  let csm: { id: string; key: string };
  let accountA: string; // owned by csm
  let accountB: string; // not owned by csm

  const iso = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();
  const ingestGql = (events: unknown[], key: string | null = ingest.key) => t.gql(INGEST, { e: events }, key);
  /** Every answer is 200; else fails naming the statuses and the service's last warnings and errors (e.g. a 503's cause). */
  const expectAll200 = (answers: Array<{ status: number }>) => {
    if (answers.every((r) => r.status === 200)) return;
    throw new Error(
      `statuses ${JSON.stringify(answers.map((r) => r.status))}; service warnings and errors:\n${logLinesAtLeast(t.output(), 40).slice(-8).join('\n')}`,
    );
  };
  const postNdjson = async (
    body: string | Buffer,
    key: string | null = ingest.key,
    headers: Record<string, string> = {},
  ) => {
    const res = await fetch(`${t.baseUrl}/ingest/signals`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-ndjson',
        ...(key ? { authorization: `Bearer ${key}` } : {}),
        ...headers,
      },
      body: body as any,
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const ndjson = (events: unknown[]) => events.map((e) => JSON.stringify(e)).join('\n') + '\n';
  /** Rollup totals per account, compared with a recount from the raw events. */
  const rollupVsRaw = async (accountId: string) => {
    const roll = await t.db.query(
      `SELECT type, day::text, count::int AS n, quantity::float AS q, features, tickets_negative AS neg FROM signal_daily WHERE account_id = $1 ORDER BY type, day`,
      [accountId],
    );
    const raw = await t.db.query(
      `SELECT type, ((occurred_at AT TIME ZONE 'UTC')::date)::text AS day, count(*)::int AS n, sum(quantity)::float AS q,
              COALESCE(array_agg(DISTINCT properties->>'feature' ORDER BY properties->>'feature') FILTER (WHERE type = 'feature_used'), '{}') AS features,
              (count(*) FILTER (WHERE type = 'support_ticket' AND properties->>'sentiment' = 'negative'))::int AS neg
         FROM signal_events WHERE account_id = $1 GROUP BY 1, 2 ORDER BY 1, 2`,
      [accountId],
    );
    return { roll: roll.rows, raw: raw.rows };
  };

  beforeAll(async () => {
    t = await startTestApp();
    ingest = await t.user('INGEST');
    manager = await t.user('MANAGER');
    csm = await t.user('CSM');
    const a = await t.ok(
      `mutation($o: ID!) { createAccount(input: { externalId: "SIG-A", name: "Signals A", ownerId: $o }) { id } }`,
      { o: csm.id },
    );
    const b = await t.ok(`mutation { createAccount(input: { externalId: "SIG-B", name: "Signals B" }) { id } }`);
    accountA = a.createAccount.id;
    accountB = b.createAccount.id;
  }, 90_000);
  afterAll(() => t?.close());

  describe('ingestSignals (GraphQL)', () => {
    it('stores ids with unpaired surrogates and unicode the same way on both paths (the second send is a duplicate)', async () => {
      const events = [
        { id: 'sur-\uD800-x', accountId: accountA, type: 'login', occurredAt: iso(HOUR) },
        {
          id: 'sur-\uDC00\uD83D\uDE00-"q"\\',
          accountExternalId: 'SIG-A',
          type: 'feature_used',
          occurredAt: iso(HOUR),
          properties: { feature: 'ré"ports', n: [1, { d: null }] },
        },
      ];
      const g = await t.ok(INGEST, { e: events }, ingest.key);
      expect(g.ingestSignals).toEqual({ accepted: 2, duplicates: 0, rejected: [] });
      const stored = await t.db.query(
        `SELECT id, properties FROM signal_events WHERE account_id = $1 AND id LIKE 'sur-%' ORDER BY id`,
        [accountA],
      );
      expect(stored.rows).toEqual([
        { id: 'sur-\uFFFD-x', properties: null },
        { id: 'sur-\uFFFD\uD83D\uDE00-"q"\\', properties: { feature: 'ré"ports', n: [1, { d: null }] } },
      ]);
      const r = await postNdjson(events.map((e) => JSON.stringify(e)).join('\n') + '\n');
      expect(r.body).toMatchObject({ accepted: 0, duplicates: 2, rejectedCount: 0 });
    });

    it('counts duplicates within a batch and across batches once, and a re-sent batch changes nothing', async () => {
      const events = [
        { id: 'dup-1', accountId: accountA, type: 'login', occurredAt: iso(3 * HOUR) },
        { id: 'dup-1', accountId: accountA, type: 'login', occurredAt: iso(2 * HOUR) },
        {
          id: 'dup-2',
          accountExternalId: 'SIG-A',
          type: 'feature_used',
          occurredAt: iso(HOUR),
          properties: { feature: 'reports' },
        },
        { id: 'dup-3', accountExternalId: 'SIG-A', type: 'seats', occurredAt: iso(HOUR), quantity: 12 },
      ];
      const first = await t.ok(INGEST, { e: events }, ingest.key);
      expect(first.ingestSignals).toEqual({ accepted: 3, duplicates: 1, rejected: [] });
      const before = await t.db.query(
        `SELECT type, count::int, quantity::float FROM signal_daily WHERE account_id = $1 ORDER BY type`,
        [accountA],
      );
      const again = await t.ok(INGEST, { e: events }, ingest.key);
      expect(again.ingestSignals).toEqual({ accepted: 0, duplicates: 4, rejected: [] });
      // Same id with another occurredAt (another month even) is still the same signal.
      const moved = await t.ok(INGEST, { e: [{ ...events[0], occurredAt: iso(40 * 24 * HOUR) }] }, ingest.key);
      expect(moved.ingestSignals).toEqual({ accepted: 0, duplicates: 1, rejected: [] });
      const after = await t.db.query(
        `SELECT type, count::int, quantity::float FROM signal_daily WHERE account_id = $1 ORDER BY type`,
        [accountA],
      );
      expect(after.rows).toEqual(before.rows);
      expect(await t.count('signal_events', 'account_id = $1 AND id LIKE $2', [accountA, 'dup-%'])).toBe(3);
      expect(await t.count('signal_ids', 'account_id = $1 AND id LIKE $2', [accountA, 'dup-%'])).toBe(3);
      const seats = after.rows.find((r) => r.type === 'seats');
      expect(seats).toEqual({ type: 'seats', count: 1, quantity: 12 });
    });

    it('commits the good events of a batch with bad ones and reports each bad one by index', async () => {
      const r = await ingestGql([
        { id: 'mix-0', accountId: accountB, type: 'login', occurredAt: iso(HOUR) },
        { id: 'mix-1', accountId: accountB, type: 'Not-A-Type', occurredAt: iso(HOUR) },
        { id: 'mix-2', accountExternalId: 'NO-SUCH-ACCOUNT', type: 'login', occurredAt: iso(HOUR) },
        { id: 'mix-3', accountId: accountB, type: 'login', occurredAt: new Date(Date.now() + HOUR).toISOString() },
        { id: 'mix-4', accountId: accountB, type: 'feature_used', occurredAt: iso(HOUR) },
        {
          id: 'mix-5',
          accountId: accountB,
          type: 'email_opened',
          occurredAt: iso(HOUR),
          properties: { blob: 'x'.repeat(5000) },
        },
        { id: 'mix-6', accountId: '00000000-0000-4000-8000-000000000000', type: 'login', occurredAt: iso(HOUR) },
        { id: 'mix-7', accountId: accountB, type: 'custom.thing', occurredAt: iso(HOUR) },
      ]);
      expect(r.errors).toBeUndefined();
      const { accepted, duplicates, rejected } = r.data.ingestSignals;
      expect({ accepted, duplicates }).toEqual({ accepted: 2, duplicates: 0 });
      expect(rejected.map((x: any) => [x.index, x.id])).toEqual([
        [1, 'mix-1'],
        [2, 'mix-2'],
        [3, 'mix-3'],
        [4, 'mix-4'],
        [5, 'mix-5'],
        [6, 'mix-6'],
      ]);
      expect(rejected[0].reason).toMatch(/bad type/);
      expect(rejected[1].reason).toMatch(/unknown account NO-SUCH-ACCOUNT/);
      expect(rejected[2].reason).toMatch(/future/);
      expect(rejected[3].reason).toMatch(/properties.feature/);
      expect(rejected[4].reason).toMatch(/4096 bytes/);
      expect(rejected[5].reason).toMatch(/unknown account/);
      expect(await t.count('signal_events', 'id LIKE $1', ['mix-%'])).toBe(2);
    });

    it('refuses more than 5,000 events with BAD_USER_INPUT and writes nothing', async () => {
      const events = Array.from({ length: 5001 }, (_, i) => ({
        id: `big-${i}`,
        accountId: accountB,
        type: 'login',
        occurredAt: iso(HOUR),
      }));
      const r = await ingestGql(events);
      expect(errorCode(r)).toBe('BAD_USER_INPUT');
      expect(await t.count('signal_ids', 'id LIKE $1', ['big-%'])).toBe(0);
      const ok = await ingestGql(events.slice(0, 5000));
      expect(ok.data.ingestSignals.accepted).toBe(5000);
    });

    it('counts each id once when two requests with overlapping ids run at once', async () => {
      const mk = (from: number, to: number) =>
        Array.from({ length: to - from }, (_, i) => ({
          id: `conc-${from + i}`,
          accountId: (from + i) % 2 ? accountA : accountB,
          type: 'login',
          occurredAt: iso(((from + i) % 48) * HOUR),
        }));
      const [g1, g2, n1, n2] = await Promise.all([
        ingestGql(mk(0, 3000)),
        ingestGql(mk(1500, 4500)),
        postNdjson(ndjson(mk(1000, 4000))),
        postNdjson(ndjson(mk(3000, 6000))),
      ]);
      const accepted =
        g1.data.ingestSignals.accepted + g2.data.ingestSignals.accepted + n1.body.accepted + n2.body.accepted;
      const duplicates =
        g1.data.ingestSignals.duplicates + g2.data.ingestSignals.duplicates + n1.body.duplicates + n2.body.duplicates;
      expect(accepted).toBe(6000);
      expect(duplicates).toBe(12000 - 6000);
      expect(await t.count('signal_events', 'id LIKE $1', ['conc-%'])).toBe(6000);
      for (const acc of [accountA, accountB]) {
        const { roll, raw } = await rollupVsRaw(acc);
        expect(roll).toEqual(raw);
      }
    });
  });

  describe('POST /ingest/signals (NDJSON)', () => {
    it('answers 503 and keeps serving when the connection of a COPY in progress is lost (it used to end the process)', async () => {
      const line = (n: number) =>
        JSON.stringify({ id: `lost-${n}`, accountExternalId: 'SIG-B', type: 'login', occurredAt: iso(HOUR) }) + '\n';
      const answer = new Promise<{ status: number; body: any }>((resolve, reject) => {
        const req = request(
          `${t.baseUrl}/ingest/signals`,
          {
            method: 'POST',
            headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${ingest.key}` },
          },
          (res) => {
            let data = '';
            res.on('data', (c) => (data += c));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(data) }));
          },
        );
        req.on('error', reject);
        // Part of the body; the rest only once the service's COPY has lost its connection.
        for (let n = 0; n < 100; n++) req.write(line(n));
        void (async () => {
          const copy = async () =>
            (
              await t.db.query(
                `SELECT pid FROM pg_stat_activity WHERE query LIKE 'COPY signal_stage%' AND pid <> pg_backend_pid()`,
              )
            ).rows;
          let pids = await copy();
          for (let i = 0; !pids.length && i < 200; i++) {
            await new Promise((r) => setTimeout(r, 25));
            pids = await copy();
          }
          expect(pids).toHaveLength(1);
          await t.db.query(`SELECT pg_terminate_backend($1)`, [pids[0].pid]);
          await new Promise((r) => setTimeout(r, 300));
          for (let n = 100; n < 200; n++) req.write(line(n));
          req.end();
        })().catch(reject);
      });
      const r = await answer;
      expect(r.status).toBe(503);
      expect(r.body.error.code).toBe('SERVICE_UNAVAILABLE');
      // Nothing of the aborted chunk was stored, and the same process goes on serving (ingestion included).
      expect((await t.db.query(`SELECT count(*)::int AS n FROM signal_ids WHERE id LIKE 'lost-%'`)).rows[0].n).toBe(0);
      const again = await postNdjson(line(1) + line(2));
      expect(again).toMatchObject({ status: 200, body: { accepted: 2 } });
    });

    it('stores good lines, reports a malformed line by its 1-based number, accepts gzip, and is idempotent', async () => {
      const lines = [
        JSON.stringify({
          id: 'nd-1',
          accountExternalId: 'SIG-B',
          type: 'support_ticket',
          occurredAt: iso(HOUR),
          properties: { sentiment: 'negative', priority: 'high' },
        }),
        '{"id": "nd-2", "accountExternalId": "SIG-B", ',
        '',
        JSON.stringify({
          id: 'nd-3',
          accountExternalId: 'SIG-B',
          type: 'support_ticket',
          occurredAt: iso(HOUR),
          properties: { sentiment: 'positive' },
        }),
        JSON.stringify({ id: 'nd-4', accountExternalId: 'SIG-B', type: 'BAD', occurredAt: iso(HOUR) }),
      ].join('\n');
      const r = await postNdjson(lines);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ lines: 4, accepted: 2, duplicates: 0, rejectedCount: 2 });
      expect(r.body.rejected).toEqual([
        { line: 2, id: null, reason: 'malformed JSON' },
        { line: 5, id: 'nd-4', reason: expect.stringMatching(/bad type/) },
      ]);
      const again = await postNdjson(gzipSync(Buffer.from(lines)), ingest.key, { 'content-encoding': 'gzip' });
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ accepted: 0, duplicates: 2, rejectedCount: 2 });
      const day = await t.db.query(
        `SELECT sum(count)::int AS n, sum(tickets_negative)::int AS neg, sum(tickets_positive)::int AS pos FROM signal_daily WHERE account_id = $1 AND type = 'support_ticket'`,
        [accountB],
      );
      expect(day.rows[0]).toEqual({ n: 2, neg: 1, pos: 1 });
    });

    it('answers 400 for a corrupt gzip body', async () => {
      const r = await postNdjson(Buffer.from('definitely not gzip'), ingest.key, { 'content-encoding': 'gzip' });
      expect(r.status).toBe(400);
    });

    it('streams 100,000 lines (gzip) in chunks; rollups equal a recount from the raw events', async () => {
      const features = ['reports', 'export', 'alerts', 'api', 'sso'];
      const sentiments = ['positive', 'neutral', 'negative'];
      const lines: string[] = [];
      for (let i = 0; i < 100_000; i++) {
        const kind = i % 4;
        const e: Record<string, unknown> = {
          id: `bulk-${i}`,
          accountId: i % 3 ? accountA : accountB,
          type: ['login', 'feature_used', 'support_ticket', 'email_opened'][kind],
          occurredAt: iso((i % 2000) * HOUR + (i % 1000)),
        };
        if (kind === 1) e.properties = { feature: features[i % features.length] };
        if (kind === 2) e.properties = { sentiment: sentiments[i % 3] };
        if (i % 10 === 0) e.quantity = 2.5;
        lines.push(JSON.stringify(e));
      }
      lines.push(lines[5], lines[99_999]); // duplicates inside the stream
      const body = gzipSync(Buffer.from(lines.join('\n') + '\n'));
      const r = await postNdjson(body, ingest.key, { 'content-encoding': 'gzip' });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ lines: 100_002, accepted: 100_000, duplicates: 2, rejectedCount: 0 });
      // Two merge partitions (by account), each committing chunks of at most 50,000 / 2 lines: 5 or 6 merges
      // (6 when the two accounts fall into different partitions and each leaves a partial chunk).
      expect(r.body.chunks).toBeGreaterThanOrEqual(Math.ceil(100_002 / 25_000));
      expect(r.body.chunks).toBeLessThanOrEqual(Math.ceil(100_002 / 25_000) + 1);
      expect(await t.count('signal_events', 'id LIKE $1', ['bulk-%'])).toBe(100_000);
      for (const acc of [accountA, accountB]) {
        const { roll, raw } = await rollupVsRaw(acc);
        expect(roll).toEqual(raw);
      }
      // Raw events went to monthly partitions, not the DEFAULT safety net.
      expect(await t.count('signal_events_default')).toBe(0);
      const parts = await t.db.query(
        `SELECT count(*)::int AS n FROM pg_inherits WHERE inhparent = 'signal_events'::regclass`,
      );
      expect(parts.rows[0].n).toBeGreaterThanOrEqual(4);
    }, 120_000);

    it('many concurrent streams on a busy pool: each stored exactly, in whole chunks (not one commit per event)', async () => {
      // 16 streams want up to 4 connections each from a pool of 20: most cannot get a second partition's lanes.
      const streams = Array.from({ length: 16 }, (_, s) => {
        const lines: string[] = [];
        for (let i = 0; i < 3000; i++) {
          lines.push(
            JSON.stringify({
              id: `busy-${s}-${i}`,
              accountExternalId: i % 2 ? 'SIG-A' : 'SIG-B',
              type: 'login',
              occurredAt: iso((i % 48) * HOUR),
            }),
          );
        }
        return postNdjson(lines.join('\n') + '\n');
      });
      const answers = await Promise.all(streams);
      for (const r of answers) {
        expect(r.status).toBe(200);
        expect(r.body).toMatchObject({ lines: 3000, accepted: 3000, duplicates: 0, rejectedCount: 0 });
        // One chunk per partition that got connections of its own (two at most), whatever the pool had free.
        expect(r.body.chunks).toBeLessThanOrEqual(2);
      }
      expect(await t.count('signal_events', 'id LIKE $1', ['busy-%'])).toBe(48_000);
    }, 60_000);

    it('more streams than pooled connections, with the pool busy for longer than its 5 s wait, queue and all succeed', async () => {
      // Every stream that got a connection blocks in its merge behind this lock, keeping its connection; the
      // four beyond the pool's 20 wait for one longer than pg-pool's own 5 s connection timeout.
      const locker = await t.db.connect();
      try {
        await locker.query('BEGIN');
        await locker.query('LOCK TABLE signal_events IN ACCESS EXCLUSIVE MODE');
        const at = new Date(Date.now() - 3_600_000).toISOString();
        const streams = Array.from({ length: 24 }, (_, k) =>
          postNdjson(`${JSON.stringify({ id: `held-${k}`, accountId: accountB, type: 'login', occurredAt: at })}\n`),
        );
        await new Promise((r) => setTimeout(r, 7_000));
        await locker.query('COMMIT');
        const answers = await Promise.all(streams);
        expectAll200(answers);
        expect(answers.map((r) => r.body.accepted)).toEqual(answers.map(() => 1));
        expect(await t.count('signal_events', 'id LIKE $1', ['held-%'])).toBe(24);
      } finally {
        await locker.query('ROLLBACK').catch(() => undefined);
        locker.release();
      }
    }, 60_000);

    it('concurrent streams into months that have no partition yet all succeed (one creates it, none fails)', async () => {
      // Months 14–19 back are inside retention but not created ahead; each is asked for by four streams at once.
      const monthsBack = [14, 15, 16, 17, 18, 19];
      const streams = monthsBack.flatMap((m) =>
        [0, 1, 2, 3].map((k) => {
          const d = new Date();
          const at = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - m, 10, k)).toISOString();
          return postNdjson(
            `${JSON.stringify({ id: `race-${m}-${k}`, accountId: accountB, type: 'login', occurredAt: at })}\n`,
          );
        }),
      );
      const answers = await Promise.all(streams);
      expectAll200(answers);
      expect(answers.map((r) => [r.status, r.body.accepted])).toEqual(streams.map(() => [200, 1]));
      expect(await t.count('signal_events', 'id LIKE $1', ['race-%'])).toBe(24);
      expect(await t.count('signal_events_default')).toBe(0);
    });
  });

  describe('roles', () => {
    it('lets only INGEST and ADMIN ingest, on both paths', async () => {
      const ev = [{ id: 'role-1', accountId: accountA, type: 'login', occurredAt: iso(HOUR) }];
      expect(errorCode(await ingestGql(ev, csm.key))).toBe('FORBIDDEN');
      expect(errorCode(await ingestGql(ev, manager.key))).toBe('FORBIDDEN');
      expect(errorCode(await ingestGql(ev, null))).toBe('UNAUTHENTICATED');
      expect((await postNdjson(ndjson(ev), csm.key)).status).toBe(403);
      expect((await postNdjson(ndjson(ev), manager.key)).status).toBe(403);
      const none = await postNdjson(ndjson(ev), null);
      expect(none.status).toBe(401);
      expect(none.body.error.code).toBe('UNAUTHENTICATED');
      expect((await postNdjson(ndjson(ev), 'vk_unknownunknownunknownunknownunknown')).status).toBe(401);
      expect(await t.count('signal_ids', 'id = $1', ['role-1'])).toBe(0);
      expect((await postNdjson(ndjson(ev), t.adminKey)).body.accepted).toBe(1);
      expect((await ingestGql([{ ...ev[0], id: 'role-2' }], t.adminKey)).data.ingestSignals.accepted).toBe(1);
      expect(errorCode(await t.gql(`mutation { runSignalMaintenance { droppedPartitions } }`, {}, manager.key))).toBe(
        'FORBIDDEN',
      );
    });
  });

  describe('account.usage and account.signals', () => {
    let acc: string;
    beforeAll(async () => {
      const c = await t.ok(
        `mutation($o: ID!) { createAccount(input: { externalId: "SIG-Q", name: "Query", ownerId: $o }) { id } }`,
        { o: csm.id },
      );
      acc = c.createAccount.id;
      const day = (n: number) => new Date(Date.now() - n * 24 * HOUR).toISOString().slice(0, 10);
      const events = [
        { id: 'q1', type: 'login', occurredAt: `${day(1)}T09:00:00Z` },
        { id: 'q2', type: 'login', occurredAt: `${day(1)}T10:00:00Z` },
        { id: 'q3', type: 'feature_used', occurredAt: `${day(1)}T11:00:00Z`, properties: { feature: 'b' } },
        { id: 'q4', type: 'feature_used', occurredAt: `${day(1)}T12:00:00Z`, properties: { feature: 'a' } },
        { id: 'q5', type: 'feature_used', occurredAt: `${day(1)}T13:00:00Z`, properties: { feature: 'b' } },
        { id: 'q6', type: 'login', occurredAt: `${day(3)}T09:00:00Z`, quantity: 3 },
        { id: 'q7', type: 'login', occurredAt: `${day(100)}T09:00:00Z` },
      ].map((e) => ({ ...e, accountId: acc }));
      expect((await t.ok(INGEST, { e: events }, ingest.key)).ingestSignals.accepted).toBe(7);
    });

    it('returns daily rollups for the last N days', async () => {
      const d = await t.ok(
        `query($id: ID!) { account(id: $id) { usage { day type count quantity features } u7: usage(days: 2) { day type count } } }`,
        { id: acc },
        csm.key,
      );
      const day = (n: number) => new Date(Date.now() - n * 24 * HOUR).toISOString().slice(0, 10);
      expect(d.account.usage).toEqual([
        { day: day(3), type: 'login', count: 1, quantity: 3, features: [] },
        { day: day(1), type: 'feature_used', count: 3, quantity: 3, features: ['a', 'b'] },
        { day: day(1), type: 'login', count: 2, quantity: 2, features: [] },
      ]);
      expect(d.account.u7.map((u: any) => u.type)).toEqual(['feature_used', 'login']);
      expect(
        errorCode(await t.gql(`query($id: ID!) { account(id: $id) { usage(days: 0) { day } } }`, { id: acc })),
      ).toBe('BAD_USER_INPUT');
    });

    it('pages raw signals newest first with type and time filters', async () => {
      const q = `query($id: ID!, $after: String, $type: String, $from: DateTime) { account(id: $id) {
        signals(first: 3, after: $after, type: $type, from: $from) { totalCount pageInfo { hasNextPage endCursor } edges { node { id type quantity properties } } } } }`;
      const p1 = (await t.ok(q, { id: acc }, manager.key)).account.signals;
      expect(p1.totalCount).toBe(7);
      expect(p1.edges.map((e: any) => e.node.id)).toEqual(['q5', 'q4', 'q3']);
      expect(p1.edges[0].node.properties).toEqual({ feature: 'b' });
      const p2 = (await t.ok(q, { id: acc, after: p1.pageInfo.endCursor }, manager.key)).account.signals;
      expect(p2.edges.map((e: any) => e.node.id)).toEqual(['q2', 'q1', 'q6']);
      const p3 = (await t.ok(q, { id: acc, after: p2.pageInfo.endCursor }, manager.key)).account.signals;
      expect(p3.edges.map((e: any) => e.node.id)).toEqual(['q7']);
      expect(p3.pageInfo.hasNextPage).toBe(false);
      const logins = (
        await t.ok(
          q,
          { id: acc, type: 'login', from: new Date(Date.now() - 10 * 24 * HOUR).toISOString() },
          manager.key,
        )
      ).account.signals;
      expect(logins.totalCount).toBe(3);
      expect(logins.edges.map((e: any) => e.node.id)).toEqual(['q2', 'q1', 'q6']);
      expect(errorCode(await t.gql(q, { id: acc, after: 'garbage' }, manager.key))).toBe('BAD_USER_INPUT');
    });

    it('batches usage over a list of accounts, and a CSM sees only their own book', async () => {
      const list = await t.ok(
        `{ accounts(first: 50) { edges { node { externalId usage(days: 365) { count } signals(first: 1) { totalCount } } } } }`,
        {},
        csm.key,
      );
      const names = list.accounts.edges.map((e: any) => e.node.externalId).sort();
      expect(names).toEqual(['SIG-A', 'SIG-Q']);
      const q = list.accounts.edges.find((e: any) => e.node.externalId === 'SIG-Q').node;
      expect(q.signals.totalCount).toBe(7);
      expect(q.usage.reduce((s: number, u: any) => s + u.count, 0)).toBe(7);
      const hidden = await t.ok(`query($id: ID!) { account(id: $id) { usage { count } } }`, { id: accountB }, csm.key);
      expect(hidden.account).toBeNull();
    });
  });

  describe('partitions and retention', () => {
    it('moves rows from the DEFAULT partition when their month partition is created', async () => {
      // A month far ahead has no partition yet: a direct insert lands in DEFAULT.
      await t.db.query(
        `INSERT INTO signal_events (account_id, id, occurred_at, type) VALUES ($1, 'far-1', '2099-03-15T00:00:00Z', 'login')`,
        [accountA],
      );
      expect(await t.count('signal_events_default')).toBe(1);
      const r = await t.db.query(`SELECT signal_events_ensure_partition('2099-03-01') AS created`);
      expect(r.rows[0].created).toBe(true);
      expect(await t.count('signal_events_default')).toBe(0);
      expect(await t.count('signal_events_p2099_03')).toBe(1);
      expect((await t.db.query(`SELECT signal_events_ensure_partition('2099-03-20') AS created`)).rows[0].created).toBe(
        false,
      );
      await t.db.query(`DROP TABLE signal_events_p2099_03`);
    });

    it('drops raw partitions older than SIGNAL_RETENTION_MONTHS and keeps the rollups', async () => {
      const now = new Date();
      const old = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 30, 1));
      const name = `signal_events_p${old.toISOString().slice(0, 7).replace('-', '_')}`;
      const at = new Date(old.getTime() + 5 * 24 * HOUR);
      await t.db.query(`SELECT signal_events_ensure_partition($1::date)`, [old.toISOString().slice(0, 10)]);
      await t.db.query(`INSERT INTO signal_ids (account_id, id, occurred_at) VALUES ($1, 'old-1', $2)`, [accountA, at]);
      await t.db.query(
        `INSERT INTO signal_events (account_id, id, occurred_at, type) VALUES ($1, 'old-1', $2, 'login')`,
        [accountA, at],
      );
      await t.db.query(
        `INSERT INTO signal_daily (account_id, day, type, count, quantity) VALUES ($1, $2::date, 'login', 1, 1)`,
        [accountA, at],
      );
      expect(await t.count(name)).toBe(1);
      // A signal that old is refused at ingestion (its id would be forgotten by retention).
      const late = await ingestGql([{ id: 'old-2', accountId: accountA, type: 'login', occurredAt: at.toISOString() }]);
      expect(late.data.ingestSignals.rejected[0].reason).toMatch(/retention/);

      const r = await t.ok(`mutation { runSignalMaintenance { createdPartitions droppedPartitions } }`);
      expect(r.runSignalMaintenance.droppedPartitions).toEqual([name]);
      expect((await t.db.query(`SELECT to_regclass($1) AS t`, [name])).rows[0].t).toBeNull();
      expect(await t.count('signal_ids', 'id = $1', ['old-1'])).toBe(0);
      expect(await t.count('signal_daily', 'account_id = $1 AND day = $2::date', [accountA, at])).toBe(1);
      // Current and next months are ready.
      const cur = `signal_events_p${now.toISOString().slice(0, 7).replace('-', '_')}`;
      expect((await t.db.query(`SELECT to_regclass($1) AS t`, [cur])).rows[0].t).toBe(cur);
    });
  });
});
