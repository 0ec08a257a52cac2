/**
 * `npm run bench:api [-- --accounts 50000 --duration 60 --connections 64]` (and `npm run bench:soak`, the same with
 * `--duration 600`): the read API under load.
 *
 * Starts an embedded PostgreSQL in a temporary directory, loads the deterministic demo book (DemoService, without
 * raw signals) plus 180 days of daily rollups generated set-based (as bench/health.bench.ts), runs a full health
 * recompute, spawns the real service on it (its log goes to a file, as in production), trains the churn-risk model
 * (the risk services, as `trainRiskModel` does), creates MANAGER keys, then drives autocannon (N connections, D seconds) over a mix of
 * the accounts list filtered by band, the account page and `npsSummary`, with several API keys. Latency per
 * operation, req/s, errors (non-2xx, GraphQL errors, socket errors/timeouts) and the service's RSS before/after are
 * printed; then the same SQL the resolvers issue is driven through a bare `pg` pool (same pool size as the service,
 * same concurrency) for a third of the duration: the floor (for the list and npsSummary, the statements of a
 * read-cache hit, which is what the service issues in this repeating mix). Everything it started is stopped at the end.
 * `--data-dir DIR` keeps the database in DIR and reuses it on the next run (skips loading, recompute and training when
 * they are already there). `--explain` prints the plans of the list and npsSummary statements.
 * Not part of `npm test`. Env: LOG_LEVEL for the service (default info, as in production), BENCH_DAYS (180).
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres.launcher';
import { buildDataSourceOptions } from '../src/database/data-source';
import { generateDemoBook } from '../src/core/demo/demo-book.generator';
import { DemoService } from '../src/modules/demo/demo.service';
import { HEALTH_CURRENT_FOR } from '../src/modules/health/health-reads.service';
import { healthEngine } from './health-engine';
import { RiskFeaturesService } from '../src/modules/risk/risk-features.service';
import { RiskModelsService } from '../src/modules/risk/risk-models.service';
import { RiskScoringService } from '../src/modules/risk/risk-scoring.service';
import { RiskTrainingService } from '../src/modules/risk/risk-training.service';
import { VISIBLE_BY_IDS } from '../src/modules/accounts/accounts.service';

import { RISK_FOR } from '../src/modules/risk/risk-scoring.service';
import { ACCOUNT_NPS } from '../src/modules/feedback/feedback.service';
import { STAMP } from '../src/common/read-cache/read-model-cache.service';
import type { PreparedRead } from '../src/common/database/prepared-read';
import { rollupsInsertSql } from './rollups.generator';
import { SERVICE_NODE_FLAGS } from '../src/config/node-flags';
import { loadConfig } from '../src/config/config';
import { cpuSeconds, postgresCpuSeconds, rssMb } from './proc-stats';

const ROOT = join(__dirname, '..');

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} must be a positive integer`);
  return v;
}

const ACCOUNTS = flag('accounts', 50_000);
const DURATION = flag('duration', 60);
const CONNECTIONS = flag('connections', 64);
const FLOOR_DURATION = flag('floor-duration', Math.max(10, Math.round(DURATION / 3)));
const DAYS = Number(process.env.BENCH_DAYS ?? 180);
const LOG_LEVEL = process.env.LOG_LEVEL ?? 'info';
const KEEP_DIR = (() => {
  const i = process.argv.indexOf('--data-dir');
  return i >= 0 ? process.argv[i + 1] : null;
})();
const POOL_SIZE = 20; // the service's pool (src/database/data-source.ts)

type Op = 'list' | 'account' | 'nps';
const OPS: Op[] = ['list', 'account', 'nps'];
/** The request mix each connection cycles through: 60 % account page, 25 % list, 15 % npsSummary. */
const MIX: Op[] = [
  'account',
  'list',
  'account',
  'nps',
  'account',
  'list',
  'account',
  'account',
  'nps',
  'account',
  'list',
  'account',
  'account',
  'list',
  'nps',
  'account',
  'account',
  'list',
  'account',
  'account',
];

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)];

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function stats(xs: number[]): { n: number; p50: number; p99: number; max: number; mean: number } {
  const s = [...xs].sort((a, b) => a - b);
  return {
    n: s.length,
    p50: percentile(s, 50),
    p99: percentile(s, 99),
    max: s[s.length - 1] ?? NaN,
    mean: s.reduce((a, b) => a + b, 0) / (s.length || 1),
  };
}

/**
 * Trains the churn-risk model and scores the book through the risk services, in this process (the same training,
 * activation and scoring `trainRiskModel` runs in the service's background), before the service starts.
 */
async function trainRisk(url: string): Promise<void> {
  const db = new DataSource(
    buildDataSourceOptions(url, { entities: [], extra: { max: 4, options: '-c TimeZone=UTC -c statement_timeout=0' } }),
  );
  await db.initialize();
  try {
    const t0 = Date.now();
    const features = new RiskFeaturesService(db);
    const models = new RiskModelsService(db);
    const scoring = new RiskScoringService(db, new EventEmitter2(), features, models, loadConfig());
    await new RiskTrainingService(db, features, models, scoring).scheduledTraining();
    const [m] = await db.query(`SELECT status, method, training_rows FROM risk_models ORDER BY version DESC LIMIT 1`);
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM account_risk`);
    if (m?.status !== 'ACTIVE' || !n) throw new Error(`risk training did not activate a model: ${JSON.stringify(m)}`);
    process.stdout.write(
      `risk model trained (${m.method}, ${m.training_rows} rows) and ${n} accounts scored in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`,
    );
    await db.query('ANALYZE');
  } finally {
    await db.destroy();
  }
}

async function seedData(url: string): Promise<void> {
  // No statement timeout while loading millions of generated rollup rows.
  const db = new DataSource(
    buildDataSourceOptions(url, { entities: [], extra: { max: 4, options: '-c TimeZone=UTC -c statement_timeout=0' } }),
  );
  await db.initialize();
  try {
    await db.runMigrations();
    let t0 = Date.now();
    await new DemoService(db).load(generateDemoBook({ accounts: ACCOUNTS, seed: 7 }), undefined, { signals: false });
    await db.query(rollupsInsertSql(DAYS));
    await db.query('ANALYZE');
    process.stdout.write(`demo book + rollups loaded in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
    t0 = Date.now();
    const health = healthEngine(db);
    await health.scorecards.ensureDefaultScorecard();
    const n = await health.recomputer.recompute(null);
    process.stdout.write(`health recomputed for ${n} accounts in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  } finally {
    await db.destroy();
  }
}

const LIST_Q = `query($band: HealthBand) { accounts(filter: { band: $band }, first: 50) {
  totalCount edges { node { id name mrrCents segment health { score band } } } } }`;
const NPS_Q = `query($segment: String) { npsSummary(filter: { segment: $segment }) { responses promoters passives detractors nps confidenceLow confidenceHigh } }`;

function accountQuery(tasksSelection: string | null): string {
  return `query($id: ID!) { account(id: $id) { id name mrrCents
    health { score band components { key score contribution } flags { type evidence } }
    risk { probability band drivers { feature contribution } }
    nps { latestScore nps12m } }${tasksSelection ? `\n  tasks(filter: { accountId: $id, status: OPEN }) ${tasksSelection}` : ''} }`;
}

async function main(): Promise<void> {
  const dataDir = KEEP_DIR ?? mkdtempSync(join(tmpdir(), 'vitals-bench-api-'));
  const pg = await startEmbeddedPostgres({ dataDir, database: 'vitals_bench', persistent: !!KEEP_DIR });
  // The service and the floor reach it the way `npm start` does: over its Unix socket.
  const dbUrl = pg.socketUrl ?? pg.url;
  const logFile = join(tmpdir(), `vitals-bench-api-service-${process.pid}.log`);
  let child: ReturnType<typeof spawn> | null = null;
  let failed = false;
  let exited: Promise<unknown> = Promise.resolve();
  const pool = new Pool({ connectionString: dbUrl, max: POOL_SIZE, options: '-c TimeZone=UTC' });
  const serviceLog = () => {
    try {
      const all = readFileSync(logFile, 'utf8');
      return all.slice(-4000);
    } catch {
      return '';
    }
  };
  try {
    process.stdout.write(
      `machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB; load average ${loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')}\n` +
        `${ACCOUNTS} accounts, ${DAYS} days of rollups; ${CONNECTIONS} connections × ${DURATION} s; service LOG_LEVEL=${LOG_LEVEL}\n`,
    );
    const has = async (table: string) =>
      KEEP_DIR
        ? pool.query(`SELECT EXISTS (SELECT 1 FROM ${table}) AS ok`).then(
            (r) => r.rows[0].ok as boolean,
            () => false,
          )
        : false;
    if (await has('health_current')) process.stdout.write(`reusing the book in ${dataDir}\n`);
    else await seedData(dbUrl);
    if (!(await has('account_risk'))) await trainRisk(dbUrl);

    const adminKey = `vk_${randomBytes(32).toString('base64url')}`;
    const fd = openSync(logFile, 'a');
    child = spawn(
      process.execPath,
      [
        ...SERVICE_NODE_FLAGS,
        ...(process.env.BENCH_SERVICE_NODE_ARGS ?? '').split(' ').filter(Boolean),
        '-r',
        'ts-node/register/transpile-only',
        'bench/api-service.ts',
      ],
      {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '/tmp',
          NODE_ENV: 'production',
          LOG_LEVEL,
          DEMO_DATA: 'false',
          PORT: '0',
          RATE_LIMIT_PER_MINUTE: '0',
          DATABASE_URL: dbUrl,
          ADMIN_API_KEY: adminKey,
        },
        stdio: ['ignore', fd, fd],
      },
    );
    closeSync(fd);
    const proc = child;
    exited = new Promise((resolve) => proc.on('exit', resolve));
    let base = '';
    for (const deadline = Date.now() + 180_000; !base;) {
      const m = /GraphQL at (http:\/\/\S+)\/graphql/.exec(statSync(logFile).size ? readFileSync(logFile, 'utf8') : '');
      if (m) base = m[1];
      else if (proc.exitCode !== null || Date.now() > deadline)
        throw new Error(`service did not start:\n${serviceLog()}`);
      else await new Promise((r) => setTimeout(r, 200));
    }
    const url = `${base}/graphql`;
    const gql = async (key: string, query: string, variables: Record<string, unknown> = {}) => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data?: any; errors?: unknown[] };
      if (body.errors?.length) throw new Error(JSON.stringify(body.errors));
      return body.data;
    };

    // Several keys: the admin's, and three managers'.
    const keys = [adminKey];
    const run = randomBytes(4).toString('hex');
    for (let i = 1; i <= 3; i++) {
      const d = await gql(adminKey, `mutation($i: CreateUserInput!) { createUser(input: $i) { apiKey } }`, {
        i: { name: `Bench Manager ${i}`, email: `bench-manager-${i}-${run}@vitals.local`, role: 'MANAGER' },
      });
      keys.push(d.createUser.apiKey);
    }

    // Open tasks on the account page once the playbooks module serves `tasks`.
    // (Introspection is off in production: probe the two shapes a `tasks` query may have.)
    let tasksSelection: string | null = null;
    for (const candidate of ['{ id }', '{ edges { node { id } } }']) {
      try {
        await gql(adminKey, accountQuery(candidate), {
          id: (await pool.query(`SELECT id FROM accounts LIMIT 1`)).rows[0].id,
        });
        tasksSelection = candidate;
        break;
      } catch {
        // not this shape, or no `tasks` query yet
      }
    }
    const ACCOUNT_Q = accountQuery(tasksSelection);
    process.stdout.write(
      `account page ${tasksSelection ? 'includes' : 'has no'} open tasks (playbooks ${tasksSelection ? 'present' : 'not landed'})\n`,
    );

    const bands = (await pool.query(`SELECT band, count(*)::int AS n FROM health_current GROUP BY band ORDER BY band`))
      .rows;
    const riskBands = (
      await pool.query(`SELECT band, count(*)::int AS n FROM account_risk GROUP BY band ORDER BY band`)
    ).rows;
    const [{ n: npsN }] = (await pool.query(`SELECT count(*)::int AS n FROM nps_responses`)).rows;
    process.stdout.write(
      `health bands ${JSON.stringify(bands)}; risk bands ${JSON.stringify(riskBands)}; ${npsN} NPS responses\n`,
    );
    const ids: string[] = (await pool.query(`SELECT id FROM accounts ORDER BY md5(id::text) LIMIT 2000`)).rows.map(
      (r) => r.id,
    );
    const segments: Array<string | null> = [
      null,
      ...(await pool.query(`SELECT DISTINCT segment FROM accounts WHERE segment IS NOT NULL`)).rows.map(
        (r) => r.segment,
      ),
    ];
    const listBands = ['RED', 'RED', 'YELLOW', 'GREEN'];
    const sample = await gql(adminKey, ACCOUNT_Q, { id: ids[0] });
    process.stdout.write(`sample account page: ${JSON.stringify(sample).slice(0, 400)}…\n`);

    // --- HTTP load with autocannon ------------------------------------------------------------------------------
    const bodies: Record<Op, () => string> = {
      list: () => JSON.stringify({ query: LIST_Q, variables: { band: pick(listBands) } }),
      account: () => JSON.stringify({ query: ACCOUNT_Q, variables: { id: pick(ids) } }),
      nps: () => JSON.stringify({ query: NPS_Q, variables: { segment: pick(segments) } }),
    };
    const runLoad = async (seconds: number) => {
      const lat: Record<Op, number[]> = { list: [], account: [], nps: [] };
      const errs: Record<Op, { non2xx: number; graphql: number }> = {
        list: { non2xx: 0, graphql: 0 },
        account: { non2xx: 0, graphql: 0 },
        nps: { non2xx: 0, graphql: 0 },
      };
      const sampleErrors: string[] = [];
      let lastOp: Op = 'account';
      const requests = MIX.map((op) => ({
        method: 'POST' as const,
        path: '/graphql',
        setupRequest: (req: any) => ({
          ...req,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${pick(keys)}` },
          body: bodies[op](),
        }),
        // Called synchronously just before autocannon's 'response' event for the same response (httpClient.js).
        onResponse: (status: number, body: string) => {
          lastOp = op;
          if (status < 200 || status > 299) errs[op].non2xx++;
          else if (body.includes('"errors"')) errs[op].graphql++;
          else return;
          if (sampleErrors.length < 5) sampleErrors.push(`${op} ${status}: ${body.slice(0, 300)}`);
        },
      }));
      // Without a callback autocannon returns the running instance, which is also a promise of the result.
      const instance = autocannon({
        url,
        connections: CONNECTIONS,
        duration: seconds,
        requests,
        timeout: 10,
      }) as unknown as autocannon.Instance & Promise<autocannon.Result>;
      void instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) =>
        lat[lastOp].push(ms),
      );
      const result = await instance;
      return { result, lat, errs, sampleErrors };
    };

    process.stdout.write(`warm-up: 10 s…\n`);
    await runLoad(10);
    const rssBefore = rssMb(proc.pid!);
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssMb(proc.pid!))), 1000);
    process.stdout.write(`load: ${CONNECTIONS} connections × ${DURATION} s…\n`);
    const cpu0 = {
      service: cpuSeconds(proc.pid!),
      postgres: postgresCpuSeconds(join(dataDir, 'pg')),
      bench: cpuSeconds(process.pid),
    };
    const load = await runLoad(DURATION);
    const cpu1 = {
      service: cpuSeconds(proc.pid!),
      postgres: postgresCpuSeconds(join(dataDir, 'pg')),
      bench: cpuSeconds(process.pid),
    };
    clearInterval(sampler);
    const rssAfter = rssMb(proc.pid!);

    // --- The floor: the same SQL through a bare pg pool ------------------------------------------------------------
    // The pages the list serves from the cache (the first 50 by name of each band in the mix).
    const listPages: string[][] = [];
    for (const band of listBands) {
      const r = await pool.query(
        `SELECT a.id FROM accounts a LEFT JOIN health_current h ON h.account_id = a.id
          LEFT JOIN health_overrides ho ON ho.account_id = a.id AND ho.cleared_at IS NULL AND ho.expires_at > now()
         WHERE COALESCE(ho.band, h.band, 'UNKNOWN') = $1 ORDER BY a.name, a.id LIMIT 50`,
        [band],
      );
      listPages.push(r.rows.map((x) => x.id as string));
    }
    // The service's hot reads are named prepared statements (src/common/database/prepared-read.ts): so are these.
    const prepared = (stmt: PreparedRead, values: unknown[]) =>
      pool.query({ name: stmt.name, text: stmt.text, values });
    const floorSql: Record<Op, () => Promise<unknown>> = {
      // AccountsService.list on a read-cache hit (the mix repeats three band filters): the change counters, then
      // the health DataLoader's batch for the page. (A miss adds the page + count statements; see --explain.)
      list: async () => {
        await prepared(STAMP, []);
        await healthFor(pick(listPages));
      },
      // findVisibleByIds, then the health, risk and NPS DataLoader batches (resolved in parallel).
      account: async () => {
        const id = pick(ids);
        await prepared(VISIBLE_BY_IDS, [[id], null]);
        await Promise.all([
          healthFor([id]),
          prepared(RISK_FOR, [[id]]),
          prepared(ACCOUNT_NPS, [[id]]),
          // TasksService.list(filter: { accountId, status: OPEN }): the page.
          ...(tasksSelection
            ? [
                pool.query(
                  `SELECT t.account_id, t.id, t.title, t.due_at FROM ${TASKS_FROM} WHERE t.account_id = $1::uuid AND t.status = $2 ORDER BY t.due_at, t.id LIMIT $3`,
                  [id, 'OPEN', 51],
                ),
                // (no count: the page does not select totalCount, which is computed only when selected)
              ]
            : []),
        ]);
      },
      // npsSummary on a read-cache hit: the change counters only.
      nps: () => prepared(STAMP, []),
    };
    const healthFor = (accountIds: string[]) => prepared(HEALTH_CURRENT_FOR, [accountIds]);
    if (process.argv.includes('--explain')) {
      const joins = `LEFT JOIN health_current h ON h.account_id = a.id
          LEFT JOIN health_overrides ho ON ho.account_id = a.id AND ho.cleared_at IS NULL AND ho.expires_at > now()`;
      for (const [name, sql, params] of [
        [
          'list page',
          `SELECT a.id FROM accounts a ${joins} WHERE COALESCE(ho.band, h.band, 'UNKNOWN') = $1 ORDER BY a.name ASC, a.id ASC LIMIT 51`,
          ['RED'],
        ],
        [
          'list count',
          `SELECT count(*)::int AS count FROM accounts a ${joins} WHERE COALESCE(ho.band, h.band, 'UNKNOWN') = $1`,
          ['RED'],
        ],
        ['npsSummary (whole book)', NPS_SUMMARY_BOOK_SQL, []],
      ] as const) {
        const plan = await pool.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params as unknown as unknown[]);
        process.stdout.write(`--- ${name}\n${plan.rows.map((x) => x['QUERY PLAN']).join('\n')}\n`);
      }
    }
    process.stdout.write(
      `floor: the same SQL through pg (pool ${POOL_SIZE}), ${CONNECTIONS} concurrent loops × ${FLOOR_DURATION} s…\n`,
    );
    const floorLat: Record<Op, number[]> = { list: [], account: [], nps: [] };
    const floorCpu0 = { postgres: postgresCpuSeconds(join(dataDir, 'pg')), bench: cpuSeconds(process.pid) };
    const floorStart = Date.now();
    const floorEnd = floorStart + FLOOR_DURATION * 1000;
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        for (let i = 0; Date.now() < floorEnd; i++) {
          const op = MIX[i % MIX.length];
          const s = process.hrtime.bigint();
          await floorSql[op]();
          floorLat[op].push(Number(process.hrtime.bigint() - s) / 1e6);
        }
      }),
    );
    const floorSeconds = (Date.now() - floorStart) / 1000;
    const floorCpu1 = { postgres: postgresCpuSeconds(join(dataDir, 'pg')), bench: cpuSeconds(process.pid) };

    // --- Report ------------------------------------------------------------------------------------------------
    const r = load.result;
    const all = OPS.flatMap((op) => load.lat[op]);
    const floorAll = OPS.flatMap((op) => floorLat[op]);
    const totalErrors =
      OPS.reduce((s, op) => s + load.errs[op].non2xx + load.errs[op].graphql, 0) + r.errors + r.timeouts;
    const reqPerSec = r.requests.total / DURATION;
    const floorPerSec = floorAll.length / floorSeconds;
    const perRequest = (seconds: number, n: number) => ((seconds * 1000) / Math.max(1, n)).toFixed(2);
    const row = (name: string, h: number[], f: number[]) => {
      const a = stats(h);
      const b = stats(f);
      return `| ${name} | ${a.n} | ${a.p50.toFixed(1)} | ${a.p99.toFixed(1)} | ${a.max.toFixed(0)} | ${b.p50.toFixed(1)} | ${b.p99.toFixed(1)} | ${(a.p50 / b.p50).toFixed(1)} | ${(a.p99 / b.p99).toFixed(1)} |`;
    };
    const lines = [
      '',
      `| operation | requests | p50 ms | p99 ms | max ms | floor p50 ms | floor p99 ms | × floor p50 | × floor p99 |`,
      `|---|---:|---:|---:|---:|---:|---:|---:|---:|`,
      row('accounts(filter: { band }, first: 50)', load.lat.list, floorLat.list),
      row('account page', load.lat.account, floorLat.account),
      row('npsSummary', load.lat.nps, floorLat.nps),
      row('overall', all, floorAll),
      '',
      `HTTP: ${r.requests.total} requests in ${DURATION} s = ${reqPerSec.toFixed(0)} req/s (autocannon p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms); ` +
        `floor: ${floorAll.length} in ${floorSeconds.toFixed(0)} s = ${floorPerSec.toFixed(0)} op/s; throughput ratio ${(reqPerSec / floorPerSec).toFixed(2)}`,
      `errors: ${totalErrors} (non-2xx ${OPS.map((op) => `${op} ${load.errs[op].non2xx}`).join(', ')}; GraphQL errors ${OPS.map((op) => `${op} ${load.errs[op].graphql}`).join(', ')}; socket errors ${r.errors}, timeouts ${r.timeouts})`,
      ...load.sampleErrors.map((e) => `  e.g. ${e}`),
      // CPU time is what the work costs, whatever else the (virtual) machine does; wall-clock rates move with steal.
      `CPU per request (ms): service ${perRequest(cpu1.service - cpu0.service, r.requests.total)}, PostgreSQL ${perRequest(cpu1.postgres - cpu0.postgres, r.requests.total)}, ` +
        `load generator ${perRequest(cpu1.bench - cpu0.bench, r.requests.total)}; floor per operation: PostgreSQL ${perRequest(floorCpu1.postgres - floorCpu0.postgres, floorAll.length)}, ` +
        `pg client ${perRequest(floorCpu1.bench - floorCpu0.bench, floorAll.length)}`,
      `service RSS: ${rssBefore.toFixed(0)} MB before → peak ${rssPeak.toFixed(0)} MB → ${rssAfter.toFixed(0)} MB after (${(((rssAfter - rssBefore) / rssBefore) * 100).toFixed(1)} %)`,
      `load average after: ${loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')}`,
      '',
      `targets: account page p99 ≤ 50 ms: ${stats(load.lat.account).p99 <= 50 ? 'met' : 'NOT met'}; ≥ 1,000 req/s: ${reqPerSec >= 1000 ? 'met' : 'NOT met'}; ` +
        `0 errors: ${totalErrors === 0 ? 'met' : 'NOT met'}; RSS growth ≤ 10 %: ${rssAfter <= rssBefore * 1.1 ? 'met' : 'NOT met'}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } catch (err) {
    process.stderr.write(`service log (tail; whole log kept in ${logFile}):\n${serviceLog()}\n`);
    failed = true;
    throw err;
  } finally {
    await pool.end();
    if (child && child.exitCode === null) child.kill('SIGTERM');
    await exited;
    await pg.stop();
    if (!KEEP_DIR) rmSync(dataDir, { recursive: true, force: true });
    if (!failed) rmSync(logFile, { force: true });
  }
}

const TASKS_FROM = `tasks t JOIN accounts a ON a.id = t.account_id LEFT JOIN playbook_runs r ON r.account_id = t.account_id AND r.id = t.playbook_run_id`;

/** FeedbackService.npsSummary's statements (src/modules/feedback/feedback.service.ts): whole book, and by segment. */
const NPS_COUNTS = `SELECT count(*) FILTER (WHERE r.category = 'PROMOTER')::int AS promoters,
        count(*) FILTER (WHERE r.category = 'PASSIVE')::int AS passives,
        count(*) FILTER (WHERE r.category = 'DETRACTOR')::int AS detractors`;
const NPS_SUMMARY_BOOK_SQL = `${NPS_COUNTS} FROM nps_responses r WHERE TRUE`;

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
