/**
 * `npm run bench:metrics [-- --accounts 50000 --runs 5]`: retention metrics over a large demo book.
 *
 * Starts an embedded PostgreSQL in a temporary directory, spawns the real service on it (migrations run at
 * start-up), bulk-loads the deterministic demo book (accounts, MRR statements → movements by the ledger's set-based
 * re-derivation, NPS/CSAT/verbatims) straight through SQL, ANALYZEs, then times — median of N runs after a
 * warm-up — the GraphQL operations over HTTP and, as the baseline, the bare SQL they are built on through `pg`.
 * Everything it started is stopped at the end. Not part of `npm test`.
 */
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool, PoolClient } from 'pg';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres.launcher';
import { generateDemoBook } from '../src/core/demo/demo-book.generator';
import { generateDemoFeedback } from '../src/core/demo/demo-feedback.generator';
import { insertDemoFeedback } from '../src/modules/demo/demo-feedback.writer';
import { rederiveAccountsSql } from '../src/modules/ledger/ledger.service';
import { FACTS_SQL, TOTAL_MRR_BEFORE_SQL, WATERFALL_SQL } from '../src/modules/metrics/metrics.sql';
import { SERVICE_NODE_FLAGS } from '../src/config/node-flags';

const ROOT = join(__dirname, '..');

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} must be a positive integer`);
  return v;
}

const ACCOUNTS = flag('accounts', 50_000);
const RUNS = flag('runs', 5);
const CHUNK = 5000;

async function timeIt(fn: () => Promise<unknown>): Promise<{ median: number; min: number }> {
  await fn(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], min: times[0] };
}

/** The subset of TypeORM's EntityManager the bulk loaders use. */
function managerFor(client: PoolClient): any {
  return { query: async (sql: string, params?: unknown[]) => (await client.query(sql, params)).rows };
}

async function loadBook(
  pool: Pool,
): Promise<{ accounts: number; changes: number; movements: number; seconds: number }> {
  const started = Date.now();
  const book = generateDemoBook({ accounts: ACCOUNTS, seed: 42, months: 18 });
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO users (id, name, email, role) SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[])`,
      [
        book.users.map((u) => u.id),
        book.users.map((u) => u.name),
        book.users.map((u) => u.email),
        book.users.map((u) => u.role),
      ],
    );
    for (let i = 0; i < book.accounts.length; i += CHUNK) {
      const part = book.accounts.slice(i, i + CHUNK);
      await client.query(
        `INSERT INTO accounts (id, external_id, name, segment, owner_id, industry, renewal_date)
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::text[], $7::date[])`,
        [
          part.map((a) => a.id),
          part.map((a) => a.externalId),
          part.map((a) => a.name),
          part.map((a) => a.segment),
          part.map((a) => a.ownerId),
          part.map((a) => a.industry),
          part.map((a) => a.renewalDate),
        ],
      );
    }
    const ordered = [...book.changes].sort((a, b) => a.effectiveAt.getTime() - b.effectiveAt.getTime());
    for (let i = 0; i < ordered.length; i += CHUNK) {
      const part = ordered.slice(i, i + CHUNK);
      await client.query(
        `INSERT INTO mrr_changes (account_id, id, effective_at, mrr_cents, note)
         SELECT a, i, e, m, 'demo' FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[], $4::bigint[]) AS t(a, i, e, m)`,
        [
          part.map((c) => c.accountId),
          part.map((c) => c.id),
          part.map((c) => c.effectiveAt),
          part.map((c) => c.mrrCents),
        ],
      );
    }
    await rederiveAccountsSql(managerFor(client), null);
    await insertDemoFeedback(managerFor(client), generateDemoFeedback(book));
    // A year of company-wide CS costs, so CRC has something to prorate.
    await client.query(
      `INSERT INTO cs_costs (period_start, period_end, amount_cents, category)
       SELECT d::date, (d + interval '1 month')::date, 2500000, 'STAFF'
         FROM generate_series(date_trunc('month', now()) - interval '18 months', date_trunc('month', now()), interval '1 month') d`,
    );
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
  await pool.query('ANALYZE');
  const [{ n }] = (await pool.query(`SELECT count(*)::int AS n FROM mrr_movements`)).rows;
  return {
    accounts: book.accounts.length,
    changes: book.changes.length,
    movements: n,
    seconds: (Date.now() - started) / 1000,
  };
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vitals-bench-'));
  const pg = await startEmbeddedPostgres({ dataDir, database: 'vitals_bench', persistent: false });
  // The service and the floor reach it the way `npm start` does: over its Unix socket.
  const dbUrl = pg.socketUrl ?? pg.url;
  const adminKey = `vk_${randomBytes(32).toString('base64url')}`;
  let out = '';
  const child = spawn(
    process.execPath,
    [...SERVICE_NODE_FLAGS, '-r', 'ts-node/register/transpile-only', 'src/main.ts'],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        DEMO_DATA: 'false',
        PORT: '0',
        RATE_LIMIT_PER_MINUTE: '0',
        DATABASE_URL: dbUrl,
        ADMIN_API_KEY: adminKey,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout.on('data', (b) => (out += b.toString()));
  child.stderr.on('data', (b) => (out += b.toString()));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const pool = new Pool({ connectionString: dbUrl, max: 2 });
  try {
    let base = '';
    for (const deadline = Date.now() + 120_000; !base;) {
      const m = /GraphQL at (http:\/\/\S+)\/graphql/.exec(out);
      if (m) base = m[1];
      else if (child.exitCode !== null || Date.now() > deadline) throw new Error(`service did not start:\n${out}`);
      else await new Promise((r) => setTimeout(r, 100));
    }
    process.stdout.write(`loading the demo book (${ACCOUNTS} accounts)…\n`);
    const loaded = await loadBook(pool);
    process.stdout.write(`${JSON.stringify(loaded)}\n`);

    // The last 12 complete calendar months.
    const now = new Date();
    const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    const from = new Date(Date.UTC(now.getUTCFullYear() - 1, now.getUTCMonth(), 1));
    const day = (d: Date) => d.toISOString().slice(0, 10);
    const [csm] = (await pool.query(`SELECT id FROM users WHERE role = 'CSM' ORDER BY email LIMIT 1`)).rows;

    const gql = async (query: string, variables: Record<string, unknown>) => {
      const res = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${adminKey}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data?: any; errors?: unknown[] };
      if (body.errors?.length) throw new Error(JSON.stringify(body.errors));
      return body.data;
    };
    const period = { from: day(from), to: day(to) };
    const RET = `query($p: PeriodInput!, $f: MetricsFilter) { retentionMetrics(period: $p, filter: $f) {
      customersAtStart customersAtEnd churnRate nrr grr endMrrCents arpaCents clvCents crcCents nps mrrGrowthYoy } }`;
    const sample = (await gql(RET, { p: period })).retentionMetrics;
    process.stdout.write(`period ${period.from} .. ${period.to}: ${JSON.stringify(sample)}\n`);

    const results: Array<[string, { median: number; min: number }]> = [];
    const run = async (name: string, fn: () => Promise<unknown>) => {
      const r = await timeIt(fn);
      results.push([name, r]);
      process.stdout.write(
        `${name.padEnd(58)} median ${r.median.toFixed(1).padStart(8)} ms   min ${r.min.toFixed(1).padStart(8)} ms\n`,
      );
      return r;
    };
    const noScope = [from, to, null, null];
    if (process.argv.includes('--explain')) {
      for (const [name, sql, params] of [
        ['facts', FACTS_SQL, noScope],
        ['waterfall', WATERFALL_SQL, [...noScope, 'month']],
        ['start MRR', TOTAL_MRR_BEFORE_SQL, [...noScope, [from]]],
      ] as const) {
        const plan = await pool.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params as unknown[]);
        process.stdout.write(`--- ${name}\n${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}\n`);
      }
    }
    const sqlFacts = await run('SQL  facts query, whole book, 12 months (pg)', () => pool.query(FACTS_SQL, noScope));
    const sqlFactsOwner = await run('SQL  facts query, one CSM, 12 months (pg)', () =>
      pool.query(FACTS_SQL, [from, to, null, csm.id]),
    );
    const sqlWaterfall = await run('SQL  waterfall sums + start MRR, monthly (pg)', () =>
      Promise.all([
        pool.query(WATERFALL_SQL, [...noScope, 'month']),
        pool.query(TOTAL_MRR_BEFORE_SQL, [...noScope, [from]]),
      ]),
    );
    const httpRet = await run('HTTP retentionMetrics, whole book', () => gql(RET, { p: period }));
    await run('HTTP retentionMetrics, segment SMB (cost allocation)', () =>
      gql(RET, { p: period, f: { segment: 'SMB' } }),
    );
    const httpRetOwner = await run('HTTP retentionMetrics, ownerId = one CSM', () =>
      gql(RET, { p: period, f: { ownerId: csm.id } }),
    );
    const httpWaterfall = await run('HTTP mrrMovements MONTH, 12 buckets', () =>
      gql(`query($a: Date!, $b: Date!) { mrrMovements(from: $a, to: $b, interval: MONTH) { periodStart start end } }`, {
        a: period.from,
        b: period.to,
      }),
    );
    const httpScorecard = await run('HTTP csmScorecard', () =>
      gql(
        `query($p: PeriodInput!) { csmScorecard(period: $p) { owner { id } accounts mrrCents churnRate nrr grr averageHealth nps } }`,
        { p: period },
      ),
    );
    await run('HTTP cohortRetention MONTH, 12 months', () =>
      gql(
        `query($a: Date!, $b: Date!) { cohortRetention(from: $a, to: $b, interval: MONTH) { cohortStart size periods { mrrCents } } }`,
        {
          a: period.from,
          b: period.to,
        },
      ),
    );
    const ratio = (a: { median: number }, b: { median: number }) => (a.median / b.median).toFixed(2);
    process.stdout.write(
      `ratios (median): retentionMetrics / SQL facts = ${ratio(httpRet, sqlFacts)}; ` +
        `retentionMetrics(CSM) / SQL facts(CSM) = ${ratio(httpRetOwner, sqlFactsOwner)}; ` +
        `mrrMovements / SQL waterfall = ${ratio(httpWaterfall, sqlWaterfall)}; ` +
        `csmScorecard / SQL facts = ${ratio(httpScorecard, sqlFacts)}\n`,
    );
  } catch (err) {
    process.stderr.write(`service output (tail):\n${out.slice(-4000)}\n`);
    throw err;
  } finally {
    await pool.end();
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    await pg.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
