/**
 * `npm run bench:health`: a full health recompute over 50,000 accounts with 180 days of daily rollups,
 * against a plain SQL aggregate over the same rollups (the floor), in one run on one embedded PostgreSQL.
 * Targets: full recompute ≤ 15 s and ≤ 3 × the plain aggregate. Not part of `npm test`.
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres.launcher';
import { buildDataSourceOptions } from '../src/database/data-source';
import { generateDemoBook } from '../src/core/demo/demo-book.generator';
import { DemoService } from '../src/modules/demo/demo.service';
import { healthEngine } from './health-engine';
import { rollupsInsertSql } from './rollups.generator';

const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 50_000);
const DAYS = Number(process.env.BENCH_DAYS ?? 180);
/** Optional: keep the cluster in this directory and reuse the loaded data on the next run (iterating). */
const KEEP_DIR = process.env.BENCH_DATA_DIR;

const seconds = (ms: number) => (ms / 1000).toFixed(2);

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = process.hrtime.bigint();
  const value = await fn();
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, value };
}

async function main(): Promise<void> {
  const dir = KEEP_DIR ?? mkdtempSync(join(tmpdir(), 'vitals-bench-health-'));
  const pg = await startEmbeddedPostgres({ dataDir: dir, database: 'bench', persistent: Boolean(KEEP_DIR) });
  // No statement timeout while loading millions of generated rollup rows.
  const db = new DataSource(
    buildDataSourceOptions(pg.url, {
      entities: [],
      extra: { max: 4, options: '-c TimeZone=UTC -c statement_timeout=0' },
    }),
  );
  try {
    await db.initialize();
    await db.runMigrations();
    process.stdout.write(
      `machine: ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; ${ACCOUNTS} accounts × ${DAYS} days\n`,
    );

    const [{ loaded }] = await db.query(`SELECT count(*)::int AS loaded FROM accounts`);
    const load = await timed(async () => {
      if (loaded) {
        // A kept cluster: start every run from the same state (no stored health yet).
        await db.query(`TRUNCATE health_current, health_history, health_flags`);
        return;
      }
      await new DemoService(db).load(generateDemoBook({ accounts: ACCOUNTS, seed: 7 }), undefined, { signals: false });
      // Rollups generated set-based (bench/rollups.generator.ts).
      await db.query(rollupsInsertSql(DAYS));
      await db.query(`ANALYZE`);
    });
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM signal_daily`);
    process.stdout.write(`loaded ${n} rollup rows in ${seconds(load.ms)} s\n`);

    // Baseline: one plain aggregate over the same rollups (what any report over them costs at least).
    const baselineSql = `SELECT account_id, count(DISTINCT day) AS active_days, sum(count) AS events,
                                sum(count) FILTER (WHERE type = 'login') AS logins, max(day) AS last_day
                           FROM signal_daily WHERE day > current_date - ${DAYS} GROUP BY account_id`;
    await db.query(baselineSql); // warm the cache for both
    const baseline = await timed(() => db.query(baselineSql));

    const health = healthEngine(db);
    await health.scorecards.ensureDefaultScorecard();
    const compute = await timed(() => health.computer.compute(null, new Date().toISOString().slice(0, 10)));
    const full = await timed(() => health.recomputer.recompute(null));
    const ratio = full.ms / baseline.ms;
    const lines = [
      `plain SQL aggregate over the rollups (baseline): ${seconds(baseline.ms)} s (${baseline.value.length} accounts)`,
      `health compute only (SQL + scoring, not stored):  ${seconds(compute.ms)} s`,
      `full recompute (compute + store + flags + history): ${seconds(full.ms)} s for ${full.value} accounts`,
      `ratio full / baseline: ${ratio.toFixed(2)} (target ≤ 3); target ≤ 15 s: ${full.ms <= 15000 ? 'met' : 'NOT met'}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    if (db.isInitialized) await db.destroy();
    await pg.stop();
    if (!KEEP_DIR) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
