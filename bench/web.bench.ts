/**
 * `npm run bench:web [-- --accounts 50000 --loads 20]`: the web app's time to content in headless Chromium.
 *
 * Starts an embedded PostgreSQL in a temporary directory, loads the deterministic demo book (as bench:api: no raw
 * signals, daily rollups generated set-based, a full health recompute), builds the web app when stale, spawns the
 * real service, signs a MANAGER in (invite link → setPassword → session cookie), then loads Account 360 (the worst
 * account) and the Accounts list (default sort) `--loads` times each in Chromium: time to content (the page's
 * `performance.now()` when the content is in the DOM, i.e. from navigation start), GraphQL requests per load. The
 * same GraphQL requests the page sent (captured on the first load) are then replayed alone, in the same order, from
 * Node with the same cookie: the baseline. Prints median/p95 and the ratio; and the initial JS of the first route
 * (the entry chunk and its module preloads, gzip -9). Everything it started is stopped at the end.
 */
import 'reflect-metadata';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DataSource } from 'typeorm';
import { chromium, Page } from 'playwright-core';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres.launcher';
import { buildDataSourceOptions } from '../src/database/data-source';
import { generateDemoBook } from '../src/core/demo/demo-book.generator';
import { DemoService } from '../src/modules/demo/demo.service';
import { SERVICE_NODE_FLAGS } from '../src/config/node-flags';
import { healthEngine } from './health-engine';
import { rollupsInsertSql } from './rollups.generator';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/utils/web-browser';

const ROOT = join(__dirname, '..');
function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} must be a positive integer`);
  return v;
}
const ACCOUNTS = flag('accounts', 50_000);
const LOADS = flag('loads', 20);
const DAYS = Number(process.env.BENCH_DAYS ?? 90);
const PASSWORD = 'Bench-orbit-lantern-42';

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const ms = (x: number) => `${x.toFixed(0)} ms`;

async function seed(url: string): Promise<void> {
  const db = new DataSource(
    buildDataSourceOptions(url, { entities: [], extra: { max: 4, options: '-c TimeZone=UTC -c statement_timeout=0' } }),
  );
  await db.initialize();
  try {
    await db.runMigrations();
    const t0 = Date.now();
    await new DemoService(db).load(generateDemoBook({ accounts: ACCOUNTS, seed: 7 }), undefined, { signals: false });
    await db.query(rollupsInsertSql(DAYS));
    await db.query('ANALYZE');
    const health = healthEngine(db);
    await health.scorecards.ensureDefaultScorecard();
    await health.recomputer.recompute(null);
    process.stdout.write(`book loaded and scored in ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
  } finally {
    await db.destroy();
  }
}

/** The entry script of index.html and its module preloads, gzip -9 (what the first route downloads). */
function initialJsGzip(): { files: string[]; bytes: number } {
  const dist = join(ROOT, 'web', 'dist');
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\/app\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
  const bytes = files.reduce((sum, f) => sum + gzipSync(readFileSync(join(dist, f)), { level: 9 }).length, 0);
  return { files, bytes };
}

interface Captured {
  body: string;
}

/**
 * Where a load's time went, from the page's Performance API (ms from navigation start): the HTML's response end,
 * the first GraphQL request's start (what ran before it: the entry JS, the router), the last GraphQL response's
 * end, time to content, and the main thread's long tasks (> 50 ms: script evaluation, React's render) before it.
 */
interface Breakdown {
  html: number;
  gqlStart: number;
  gqlEnd: number;
  content: number;
  longTasks: number;
}

/** Runs in the page before its scripts: keeps the long tasks (the observer only sees those after it starts). */
const LONG_TASKS_INIT = `window.__longTasks = [];
try {
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longTasks.push([e.startTime, e.duration]); })
    .observe({ type: 'longtask', buffered: true });
} catch {}`;

const BREAKDOWN = `(() => {
  const now = performance.now();
  const nav = performance.getEntriesByType('navigation')[0];
  const gql = performance.getEntriesByType('resource').filter((r) => r.name.endsWith('/graphql') && r.startTime < now);
  const long = (window.__longTasks || []).filter(([start]) => start < now);
  return {
    html: nav ? nav.responseEnd : NaN,
    gqlStart: gql.length ? Math.min(...gql.map((r) => r.startTime)) : NaN,
    gqlEnd: gql.length ? Math.max(...gql.map((r) => r.responseEnd)) : NaN,
    content: now,
    longTasks: long.reduce((sum, [start, d]) => sum + Math.min(d, now - start), 0),
  };
})()`;

/** One load: time to content from navigation start, and the GraphQL requests the page made. */
async function load(
  page: Page,
  url: string,
  content: string,
): Promise<{ ms: number; requests: Captured[]; breakdown: Breakdown }> {
  const requests: Captured[] = [];
  const onRequest = (r: { url(): string; method(): string; postData(): string | null }) => {
    if (r.url().endsWith('/graphql') && r.method() === 'POST') requests.push({ body: r.postData() ?? '' });
  };
  page.on('request', onRequest);
  await page.goto(url, { waitUntil: 'commit' });
  await page.locator(content).first().waitFor({ timeout: 60_000 });
  const breakdown = await page.evaluate<Breakdown>(BREAKDOWN);
  page.off('request', onRequest);
  return { ms: breakdown.content, requests, breakdown };
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vitals-bench-web-'));
  const pg = await startEmbeddedPostgres({ dataDir, database: 'vitals_bench' });
  const dbUrl = pg.socketUrl ?? pg.url;
  const logFile = join(tmpdir(), `vitals-bench-web-service-${process.pid}.log`);
  let child: ReturnType<typeof spawn> | null = null;
  let exited: Promise<unknown> = Promise.resolve();
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    process.stdout.write(
      `machine: ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; load average ${loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')}\n${ACCOUNTS} accounts, ${DAYS} days of rollups, ${LOADS} loads per page\n`,
    );
    await seed(dbUrl);
    const build = spawnSync(process.execPath, ['scripts/ensure-web-build.js'], { cwd: ROOT, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`web build failed:\n${build.stdout}${build.stderr}`);

    const adminKey = `vk_${randomBytes(32).toString('base64url')}`;
    const fd = openSync(logFile, 'a');
    child = spawn(
      process.execPath,
      [...SERVICE_NODE_FLAGS, '-r', 'ts-node/register/transpile-only', 'bench/api-service.ts'],
      {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '/tmp',
          NODE_ENV: 'production',
          LOG_LEVEL: 'warn',
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
      else if (proc.exitCode !== null || Date.now() > deadline) throw new Error(readFileSync(logFile, 'utf8'));
      else await new Promise((r) => setTimeout(r, 200));
    }
    const gql = async (query: string, variables: Record<string, unknown>, headers: Record<string, string>) => {
      const res = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: base, ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return res;
    };
    const invite = (await (
      await gql(
        `mutation($i: InviteUserInput!) { inviteUser(input: $i) { url } }`,
        {
          i: { name: 'Bench Manager', email: `bench-${randomBytes(3).toString('hex')}@vitals.local`, role: 'MANAGER' },
        },
        { authorization: `Bearer ${adminKey}` },
      )
    ).json()) as { data: { inviteUser: { url: string } } };
    const token = new URL(invite.data.inviteUser.url).searchParams.get('token');
    const signed = await gql(
      `mutation($t: String!, $p: String!) { setPassword(token: $t, password: $p) { expiresAt } }`,
      { t: token, p: PASSWORD },
      {},
    );
    const cookie = (signed.headers.get('set-cookie') ?? '').split(';')[0];
    if (!cookie.includes('=')) throw new Error(`no session cookie: ${await signed.text()}`);
    const worst = (await (
      await gql(
        `{ accounts(orderBy: HEALTH_ASC, first: 1, filter: { status: ACTIVE }) { edges { node { id } } } }`,
        {},
        { cookie },
      )
    ).json()) as { data: { accounts: { edges: { node: { id: string } }[] } } };
    const accountId = worst.data.accounts.edges[0].node.id;

    const ctx = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const [name, value] = cookie.split('=');
    await ctx.addCookies([{ name, value, url: base }]);
    await ctx.addInitScript(LONG_TASKS_INIT);
    const page = await ctx.newPage();
    const pages = [
      { label: 'Account 360', url: `${base}/app/accounts/${accountId}`, content: 'text=Why this score: components' },
      { label: 'Accounts list', url: `${base}/app/accounts`, content: 'table tbody tr a' },
    ];
    const js = initialJsGzip();
    process.stdout.write(
      `\ninitial JS of the first route: ${(js.bytes / 1024).toFixed(1)} KB gzip (${js.files.join(', ')})\n\n`,
    );
    process.stdout.write(
      '| page | time to content median | p95 | GraphQL requests per load | its queries alone median | p95 | page / queries |\n|---|---|---|---|---|---|---|\n',
    );
    const breakdownRows: { label: string; breakdowns: Breakdown[] }[] = [];
    for (const p of pages) {
      await load(page, p.url, p.content); // warm-up: assets into the HTTP cache, plans into PostgreSQL's
      const times: number[] = [];
      const counts: number[] = [];
      const breakdowns: Breakdown[] = [];
      let captured: Captured[] = [];
      for (let i = 0; i < LOADS; i++) {
        const r = await load(page, p.url, p.content);
        times.push(r.ms);
        counts.push(r.requests.length);
        breakdowns.push(r.breakdown);
        if (i === 0) captured = r.requests;
      }
      breakdownRows.push({ label: p.label, breakdowns });
      const alone: number[] = [];
      for (let i = 0; i < LOADS; i++) {
        const t0 = performance.now();
        for (const c of captured) {
          const res = await fetch(`${base}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', origin: base, cookie },
            body: c.body,
          });
          await res.text();
        }
        alone.push(performance.now() - t0);
      }
      const ratio = pct(times, 50) / pct(alone, 50);
      process.stdout.write(
        `| ${p.label} | ${ms(pct(times, 50))} | ${ms(pct(times, 95))} | ${Math.max(...counts)} | ${ms(pct(alone, 50))} | ${ms(pct(alone, 95))} | ${ratio.toFixed(2)} × |\n`,
      );
    }
    process.stdout.write(
      '\nWhere the time goes (medians over the loads, ms from navigation start; Performance API):\n\n' +
        '| page | HTML received | first GraphQL request sent | last GraphQL response | content | long tasks before content |\n|---|---|---|---|---|---|\n',
    );
    for (const { label, breakdowns: b } of breakdownRows) {
      const med = (f: (x: Breakdown) => number) => ms(pct(b.map(f), 50));
      process.stdout.write(
        `| ${label} | ${med((x) => x.html)} | ${med((x) => x.gqlStart)} | ${med((x) => x.gqlEnd)} | ${med((x) => x.content)} | ${med((x) => x.longTasks)} |\n`,
      );
    }
    process.stdout.write(`\nload average at the end: ${loadavg().map((x) => x.toFixed(1)).join(' ')}\n`);
  } finally {
    await browser.close();
    if (child && child.exitCode === null) child.kill('SIGTERM');
    await exited;
    await pg.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
