/**
 * `npm run bench:segment`: events/s through the Segment-compatible API, sent by the real @segment/analytics-node
 * client, against POST /ingest/signals (NDJSON) with the same events (same accounts, types, properties and times,
 * other ids) in the same run, on one embedded PostgreSQL and the service as its own process (as in production).
 *
 * BENCH_EVENTS (default 100,000) events over BENCH_ACCOUNTS (1,000) accounts, each account's user linked by a
 * group call first (not timed); analytics-node batches of BENCH_SEGMENT_BATCH (1,200: about 450 KB, under the client's 480 KB cap) events, at most
 * BENCH_SEGMENT_IN_FLIGHT (2) batches unanswered; then the same endpoint with the same batches posted without the SDK
 * (what the server takes, without the client's CPU); then the client alone (an httpClient that answers at once:
 * its own CPU). Also CPU per 1,000 events (service, PostgreSQL, this process) and the load average.
 * Not part of `npm test`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Analytics } from '@segment/analytics-node';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres.launcher';
import { createRng } from '../src/core/demo/prng';
import { SERVICE_NODE_FLAGS } from '../src/config/node-flags';
import { cpuSeconds, postgresCpuSeconds } from './proc-stats';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000);
const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 1_000);
const BATCH = Number(process.env.BENCH_SEGMENT_BATCH ?? 1200);
const IN_FLIGHT = Number(process.env.BENCH_SEGMENT_IN_FLIGHT ?? 2);
const ROOT = join(__dirname, '..');
/**
 * The client's settings, as the README recommends for high volume: BATCH events a batch (flushAt, also called
 * maxEventsInBatch; 1,200 of these events are ≈ 450 KB, under the client's 480 KB cap), a short flushInterval, and
 * a request timeout above the time a large batch may take on a loaded server (the default 10 s would make the
 * client retry a batch the service is still committing).
 */
const SDK_SETTINGS = { flushAt: BATCH, flushInterval: 20, httpRequestTimeout: 60_000, maxRetries: 3 };
const FEATURES = ['dashboards', 'reports', 'alerts', 'exports', 'api', 'integrations', 'sso', 'workflows'];

/** One event, as the sender knows it: the Segment call and the equivalent NDJSON signal. */
interface Ev {
  account: number;
  event: string;
  type: string;
  properties?: Record<string, unknown>;
  at: Date;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vitals-bench-segment-'));
  const pg = await startEmbeddedPostgres({ dataDir: dir, database: 'bench', persistent: false });
  const dbUrl = pg.socketUrl ?? pg.url;
  let child: ReturnType<typeof spawn> | null = null;
  try {
    const adminKey = `vk_${randomBytes(32).toString('base64url')}`;
    child = spawn(process.execPath, [...SERVICE_NODE_FLAGS, '-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        DATABASE_URL: dbUrl,
        ADMIN_API_KEY: adminKey,
        DEMO_DATA: 'false',
        PORT: '0',
        LOG_LEVEL: 'warn',
        RATE_LIMIT_PER_MINUTE: '0',
        INGEST_RATE_LIMIT_PER_MINUTE: '0',
        NODE_ENV: 'production',
        HEALTH_DEBOUNCE_MS: process.env.HEALTH_DEBOUNCE_MS ?? '600000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (b) => (out += b));
    child.stderr!.on('data', (b) => (out += b));
    const base = await new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        const m = /GraphQL at (http:\/\/\S+)\/graphql/.exec(out);
        if (m) {
          clearInterval(timer);
          resolve(m[1]);
        } else if (child!.exitCode !== null) {
          clearInterval(timer);
          reject(new Error(`service exited:\n${out}`));
        }
      }, 50);
    });
    const pid = child.pid!;
    const gql = async (query: string) => {
      const r = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${adminKey}` },
        body: JSON.stringify({ query }),
      });
      return ((await r.json()) as { data: any }).data;
    };
    const writeKey: string = (
      await gql(
        'mutation { createSource(input: { kind: SEGMENT, name: "bench", rateLimitPerMinute: 0 }) { writeKey } }',
      )
    ).createSource.writeKey;

    // Accounts and their users' links: one group call per account (not timed).
    const setup = new Analytics({ writeKey, host: base, flushAt: 500, flushInterval: 50 });
    for (let a = 0; a < ACCOUNTS; a++)
      setup.group({ userId: `user-${a}`, groupId: `B-${a}`, traits: { name: `Bench ${a}` } });
    await setup.closeAndFlush({ timeout: 120_000 });

    const rng = createRng(11);
    const now = Date.now();
    const events: Ev[] = [];
    for (let i = 0; i < EVENTS; i++) {
      const at = new Date(now - rng.int(60, 60 * 86_400) * 1000);
      const account = rng.int(0, ACCOUNTS - 1);
      const k = rng.int(0, 9);
      const ev: Ev =
        k < 3
          ? { account, event: 'Signed In', type: 'login', at }
          : k < 6
            ? {
                account,
                event: 'Feature Used',
                type: 'feature_used',
                properties: { feature: FEATURES[rng.int(0, 7)] },
                at,
              }
            : k === 6
              ? {
                  account,
                  event: 'Ticket Created',
                  type: 'support_ticket',
                  properties: { sentiment: ['positive', 'neutral', 'negative'][rng.int(0, 2)] },
                  at,
                }
              : k === 7
                ? { account, event: 'Email Opened', type: 'email_opened', at }
                : { account, event: 'Report Exported', type: 'report_exported', properties: { format: 'csv' }, at };
      events.push(ev);
    }

    const db = new Client({ connectionString: dbUrl });
    await db.connect();
    type Cpu = { service: number; postgres: number; client: number };
    const cpuNow = (): Cpu => ({
      service: cpuSeconds(pid),
      postgres: postgresCpuSeconds(join(dir, 'pg')),
      client: cpuSeconds(process.pid),
    });
    const results: Array<{ name: string; seconds: number; stored: number; cpu: Cpu }> = [];
    const loadStart = loadavg();
    const measure = async (name: string, idPrefix: string, run: () => Promise<void>) => {
      const c0 = cpuNow();
      const started = performance.now();
      await run();
      const seconds = (performance.now() - started) / 1000;
      const c1 = cpuNow();
      const stored = (await db.query(`SELECT count(*)::int AS n FROM signal_events WHERE id LIKE $1`, [`${idPrefix}%`]))
        .rows[0].n;
      results.push({
        name,
        seconds,
        stored,
        cpu: { service: c1.service - c0.service, postgres: c1.postgres - c0.postgres, client: c1.client - c0.client },
      });
    };

    // 1. POST /ingest/signals with the same events (one NDJSON request, the baseline).
    await measure('POST /ingest/signals (NDJSON)', 'n-', async () => {
      const body = events
        .map((e, i) =>
          JSON.stringify({
            id: `n-${i}`,
            accountExternalId: `B-${e.account}`,
            type: e.type,
            occurredAt: e.at.toISOString(),
            properties: e.properties,
          }),
        )
        .join('\n');
      const r = await fetch(`${base}/ingest/signals`, {
        method: 'POST',
        headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/x-ndjson' },
        body,
      });
      const summary = (await r.json()) as { accepted: number };
      if (summary.accepted !== EVENTS) throw new Error(`NDJSON accepted ${summary.accepted}`);
    });

    // 2. analytics-node: track calls as an app makes them (no per-call callback: analytics-node delays each
    // callback by up to 300 ms and arms two timers for it). The SDK emits `track` (or `error`) for each event once
    // its batch was answered, i.e. committed by the service; the loop keeps at most IN_FLIGHT batches unanswered.
    await measure(
      `@segment/analytics-node → POST /v1/batch (${BATCH}/batch, ${IN_FLIGHT} in flight)`,
      's-',
      async () => {
        const analytics = new Analytics({ writeKey, host: base, ...SDK_SETTINGS });
        let failed = 0;
        let pending = 0;
        let wake: (() => void) | null = null;
        const answered = () => {
          pending--;
          if (wake && pending <= BATCH * (IN_FLIGHT - 1)) {
            const w = wake;
            wake = null;
            w();
          }
        };
        analytics.on('track', answered);
        analytics.on('error', () => {
          failed++;
          answered();
        });
        for (let i = 0; i < events.length; i++) {
          while (pending >= BATCH * IN_FLIGHT) await new Promise<void>((r) => (wake = r));
          const e = events[i];
          pending++;
          analytics.track({
            userId: `user-${e.account}`,
            event: e.event,
            properties: e.properties,
            timestamp: e.at,
            messageId: `s-${i}`,
          });
        }
        await analytics.closeAndFlush({ timeout: 600_000 });
        if (failed) throw new Error(`${failed} Segment events failed`);
      },
    );

    // 3. The same endpoint without the SDK: the batches' JSON built beforehand (untimed), IN_FLIGHT requests at a
    // time; what the service and PostgreSQL can take, without the client's own CPU.
    const bodies: string[] = [];
    for (let i = 0; i < events.length; i += BATCH) {
      const sentAt = new Date().toISOString();
      const batch = events.slice(i, i + BATCH).map((e, k) => ({
        type: 'track',
        userId: `user-${e.account}`,
        event: e.event,
        properties: e.properties ?? {},
        timestamp: e.at.toISOString(),
        messageId: `r-${i + k}`,
        context: { library: { name: 'bench', version: '1' } },
      }));
      bodies.push(JSON.stringify({ batch, sentAt }));
    }
    const auth = `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`;
    await measure(`POST /v1/batch without the SDK (${BATCH}/batch, ${IN_FLIGHT} in flight)`, 'r-', async () => {
      let next = 0;
      const worker = async () => {
        while (next < bodies.length) {
          const body = bodies[next++];
          const r = await fetch(`${base}/v1/batch`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: auth },
            body,
          });
          if (r.status !== 200) throw new Error(`POST /v1/batch answered ${r.status}: ${await r.text()}`);
        }
      };
      await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    });
    // 4. The client alone: the same track calls through analytics-node with an httpClient that answers 200 without
    // sending anything (nothing is stored): the client's own CPU per event, and the most it can do on one core.
    await measure('@segment/analytics-node alone (its httpClient answers 200, nothing sent)', 'none-', async () => {
      const httpClient = { makeRequest: async () => ({ status: 200, statusText: 'OK', headers: {} }) };
      const analytics = new Analytics({ writeKey, host: base, ...SDK_SETTINGS, httpClient });
      let pending = 0;
      let wake: (() => void) | null = null;
      analytics.on('track', () => {
        pending--;
        if (wake && pending <= BATCH * (IN_FLIGHT - 1)) {
          const w = wake;
          wake = null;
          w();
        }
      });
      for (let i = 0; i < events.length; i++) {
        while (pending >= BATCH * IN_FLIGHT) await new Promise<void>((r) => (wake = r));
        const e = events[i];
        pending++;
        analytics.track({
          userId: `user-${e.account}`,
          event: e.event,
          properties: e.properties,
          timestamp: e.at,
          messageId: `none-${i}`,
        });
      }
      await analytics.closeAndFlush({ timeout: 600_000 });
    });
    await db.end();

    const ndjson = results[0].seconds;
    const load = (l: number[]) => l.map((x) => x.toFixed(1)).join(' / ');
    console.log(`\nload average (1 / 5 / 15 min): at the start ${load(loadStart)}, at the end ${load(loadavg())}`);
    console.log(
      `\nbench:segment: ${EVENTS.toLocaleString('en')} events over ${ACCOUNTS.toLocaleString('en')} accounts\n`,
    );
    console.log(
      '| path | seconds | events/s | × NDJSON | stored | CPU ms / 1,000 events (service / PostgreSQL / client) |',
    );
    console.log('|---|---:|---:|---:|---:|---|');
    for (const r of results) {
      const per = (s: number) => ((s * 1000 * 1000) / EVENTS).toFixed(1);
      console.log(
        `| ${r.name} | ${r.seconds.toFixed(2)} | ${Math.round(EVENTS / r.seconds).toLocaleString('en')} | ${(ndjson / r.seconds).toFixed(2)} | ${r.stored.toLocaleString('en')} | ${per(r.cpu.service)} / ${per(r.cpu.postgres)} / ${per(r.cpu.client)} |`,
      );
    }
  } finally {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child!.once('exit', r));
    }
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
