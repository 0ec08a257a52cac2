/**
 * `npm run bench:ingest`: signal ingestion throughput against one embedded PostgreSQL.
 *
 * 200,000 events over 5,000 accounts, measured three ways in one run:
 *   1. raw COPY of the same rows into a scratch table with the same keys (the limit): PRIMARY KEY
 *      (account_id, occurred_at, id) like signal_events and UNIQUE (account_id, id) like signal_ids;
 *   2. POST /ingest/signals (NDJSON, one request);
 *   3. the ingestSignals mutation in batches of 5,000: one request at a time, then BENCH_GRAPHQL_IN_FLIGHT (2) at a time.
 * The service runs as its own process (as in production) so its RSS can be sampled: before, peak, after.
 * Also CPU time per 1,000 events of the service, the embedded PostgreSQL and this process (bench/proc-stats.ts).
 * Not part of `npm test`.
 */
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres.launcher';
import { createRng } from '../src/core/demo/prng';
import { SERVICE_NODE_FLAGS } from '../src/config/node-flags';
import { cpuSeconds, postgresCpuSeconds, rssMb } from './proc-stats';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 200_000);
const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 5_000);
const BATCH = 5_000;
/** Concurrent ingestSignals requests in the second GraphQL run. */
const GRAPHQL_IN_FLIGHT = Number(process.env.BENCH_GRAPHQL_IN_FLIGHT ?? 2);
const ROOT = join(__dirname, '..');
const TYPES = [
  'login',
  'login',
  'login',
  'feature_used',
  'feature_used',
  'support_ticket',
  'email_opened',
  'email_ignored',
  'seats',
  'custom.event',
];
const FEATURES = [
  'dashboards',
  'reports',
  'alerts',
  'exports',
  'api',
  'integrations',
  'sso',
  'workflows',
  'comments',
  'mobile',
];

interface Ev {
  id: string;
  accountId: string;
  type: string;
  occurredAt: string;
  quantity?: number;
  properties?: Record<string, unknown>;
}

/** Resident memory in bytes. */
const rssOf = (pid: number): number => rssMb(pid) * 1024 * 1024;

const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vitals-bench-'));
  const pg = await startEmbeddedPostgres({ dataDir: dir, database: 'bench', persistent: false });
  // The service and the floor reach it the way `npm start` does: over its Unix socket.
  const dbUrl = pg.socketUrl ?? pg.url;
  let child: ReturnType<typeof spawn> | null = null;
  try {
    // --- the service, migrated, with an admin key and no rate limits
    const adminKey = `vk_${randomBytes(32).toString('base64url')}`;
    child = spawn(
      process.execPath,
      [
        ...SERVICE_NODE_FLAGS,
        ...(process.env.BENCH_SERVICE_NODE_ARGS ?? '').split(' ').filter(Boolean),
        '-r',
        'ts-node/register/transpile-only',
        'src/main.ts',
      ],
      {
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
      },
    );
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

    // --- data: accounts and events (deterministic)
    const db = new Client({ connectionString: dbUrl });
    await db.connect();
    const accountIds: string[] = (
      await db.query(
        `INSERT INTO accounts (external_id, name) SELECT 'B-' || g, 'Bench ' || g FROM generate_series(1, $1) g RETURNING id`,
        [ACCOUNTS],
      )
    ).rows.map((r) => r.id);
    const rng = createRng(7);
    const now = Date.now();
    const events: Ev[] = [];
    for (let i = 0; i < EVENTS; i++) {
      const type = TYPES[rng.int(0, TYPES.length - 1)];
      const e: Ev = {
        id: `e${i}`,
        accountId: accountIds[rng.int(0, accountIds.length - 1)],
        type,
        occurredAt: new Date(now - rng.int(60, 60 * 86_400) * 1000).toISOString(),
      };
      if (type === 'feature_used') e.properties = { feature: FEATURES[rng.int(0, FEATURES.length - 1)] };
      if (type === 'support_ticket')
        e.properties = { sentiment: ['positive', 'neutral', 'negative'][rng.int(0, 2)], priority: 'normal' };
      if (type === 'seats') e.quantity = rng.int(1, 200);
      events.push(e);
    }
    // Partitions for the months of the data exist already in all three cases (created on demand otherwise).
    const results: Array<{
      name: string;
      seconds: number;
      rssBefore?: number;
      rssPeak?: number;
      rssAfter?: number;
      accepted?: number;
      cpu: Cpu;
    }> = [];
    // CPU seconds of the service, the embedded PostgreSQL and this process (the client), from /proc.
    type Cpu = { service: number; postgres: number; client: number };
    const cpuNow = (): Cpu => ({
      service: cpuSeconds(pid),
      postgres: postgresCpuSeconds(join(dir, 'pg')),
      client: cpuSeconds(process.pid),
    });
    const cpuSince = (c0: Cpu): Cpu => {
      const c1 = cpuNow();
      return { service: c1.service - c0.service, postgres: c1.postgres - c0.postgres, client: c1.client - c0.client };
    };
    const sample = () => {
      let peak = rssOf(pid);
      const t = setInterval(() => (peak = Math.max(peak, rssOf(pid))), 50);
      return () => {
        clearInterval(t);
        return Math.max(peak, rssOf(pid));
      };
    };

    // 1. raw COPY
    await db.query(`CREATE TABLE bench_copy (
      account_id uuid NOT NULL, id text NOT NULL, occurred_at timestamptz NOT NULL, type text NOT NULL,
      quantity float8 NOT NULL DEFAULT 1, properties jsonb, received_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (account_id, occurred_at, id), UNIQUE (account_id, id))`);
    {
      const cpu0 = cpuNow();
      const started = performance.now();
      const copy = db.query(
        copyFrom(`COPY bench_copy (account_id, id, occurred_at, type, quantity, properties) FROM STDIN`),
      );
      let buf = '';
      for (const e of events) {
        buf += `${e.accountId}\t${e.id}\t${e.occurredAt}\t${e.type}\t${e.quantity ?? 1}\t${e.properties ? JSON.stringify(e.properties) : '\\N'}\n`;
        if (buf.length > 65536) {
          if (!copy.write(buf)) await new Promise((r) => copy.once('drain', r));
          buf = '';
        }
      }
      await new Promise<void>((resolve, reject) => {
        copy.once('finish', resolve);
        copy.once('error', reject);
        copy.end(buf);
      });
      results.push({
        name: 'raw COPY (limit)',
        seconds: (performance.now() - started) / 1000,
        accepted: events.length,
        cpu: cpuSince(cpu0),
      });
    }

    // 2. POST /ingest/signals
    {
      const body = Buffer.from(events.map((e) => JSON.stringify({ ...e, id: `n-${e.id}` })).join('\n') + '\n');
      const rssBefore = rssOf(pid);
      const stop = sample();
      const cpu0 = cpuNow();
      const started = performance.now();
      const res = await new Promise<any>((resolve, reject) => {
        const req = request(
          `${base}/ingest/signals`,
          { method: 'POST', headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/x-ndjson' } },
          (r) => {
            let data = '';
            r.on('data', (c) => (data += c));
            r.on('end', () => resolve(JSON.parse(data)));
          },
        );
        req.on('error', reject);
        // Written in 64 KB pieces, as a client streaming a file would.
        let off = 0;
        const pump = () => {
          while (off < body.length) {
            const ok = req.write(body.subarray(off, off + 65536));
            off += 65536;
            if (!ok) return void req.once('drain', pump);
          }
          req.end();
        };
        pump();
      });
      const seconds = (performance.now() - started) / 1000;
      const rssPeak = stop();
      results.push({
        name: 'POST /ingest/signals (NDJSON)',
        seconds,
        rssBefore,
        rssPeak,
        rssAfter: rssOf(pid),
        accepted: res.accepted,
        cpu: cpuSince(cpu0),
      });
    }

    // 3. ingestSignals, 5,000 per call: one request at a time, then GRAPHQL_IN_FLIGHT at a time (a client that
    // keeps both cores busy: each batch is one transaction, so one request keeps one PostgreSQL backend busy).
    const query = `mutation($e: [SignalInput!]!) { ingestSignals(events: $e) { accepted duplicates rejected { index reason } } }`;
    const sendBatch = async (batch: Ev[]): Promise<number> => {
      const r = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${adminKey}` },
        body: JSON.stringify({ query, variables: { e: batch } }),
      });
      const j = (await r.json()) as any;
      if (j.errors) throw new Error(JSON.stringify(j.errors));
      return j.data.ingestSignals.accepted;
    };
    for (const inFlight of [1, GRAPHQL_IN_FLIGHT]) {
      const rssBefore = rssOf(pid);
      const stop = sample();
      const cpu0 = cpuNow();
      const started = performance.now();
      let accepted = 0;
      let next = 0;
      const sender = async () => {
        while (next < events.length) {
          const i = next;
          next += BATCH;
          const n = await sendBatch(events.slice(i, i + BATCH).map((e) => ({ ...e, id: `g${inFlight}-${e.id}` })));
          accepted += n;
        }
      };
      await Promise.all(Array.from({ length: inFlight }, sender));
      const seconds = (performance.now() - started) / 1000;
      const rssPeak = stop();
      results.push({
        name: `ingestSignals (GraphQL, 5,000/call, ${inFlight} in flight)`,
        seconds,
        rssBefore,
        rssPeak,
        rssAfter: rssOf(pid),
        accepted,
        cpu: cpuSince(cpu0),
      });
    }

    const [{ n }] = (await db.query(`SELECT sum(count)::int AS n FROM signal_daily`)).rows;
    // Every run but the raw COPY stores all events once under its own ids.
    const expectedRollup = (results.length - 1) * EVENTS;
    await db.end();

    const limit = EVENTS / results[0].seconds;
    const lines = [
      `Signal ingestion: ${EVENTS.toLocaleString('en')} events over ${ACCOUNTS.toLocaleString('en')} accounts, ${cpus().length} cores (${cpus()[0]?.model ?? 'cpu'}), embedded PostgreSQL`,
      '',
      '| path | accepted | seconds | events/s | × raw COPY | CPU ms per 1,000 events: service / PostgreSQL / client | service RSS before → peak → after |',
      '|---|---:|---:|---:|---:|---|---|',
      ...results.map((r) => {
        const rate = EVENTS / r.seconds;
        const rss = r.rssBefore ? `${mb(r.rssBefore)} → ${mb(r.rssPeak!)} → ${mb(r.rssAfter!)}` : '–';
        const perK = (sec: number) => ((sec * 1000 * 1000) / EVENTS).toFixed(1);
        const cpu = `${perK(r.cpu.service)} / ${perK(r.cpu.postgres)} / ${perK(r.cpu.client)}`;
        return `| ${r.name} | ${r.accepted?.toLocaleString('en')} | ${r.seconds.toFixed(2)} | ${Math.round(rate).toLocaleString('en')} | ${(rate / limit).toFixed(2)} | ${cpu} | ${rss} |`;
      }),
      '',
      `Rollup check: sum(signal_daily.count) = ${n.toLocaleString('en')} (expected ${expectedRollup.toLocaleString('en')}).`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    if (n !== expectedRollup) process.exitCode = 1;
  } finally {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
