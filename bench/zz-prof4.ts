import { startEmbeddedPostgres } from '../src/database/embedded-postgres.launcher';
import { Pool } from 'pg';
import { buildRawMeasuresQuery } from '../src/modules/health/health-raw.sql';
async function main() {
  const pg = await startEmbeddedPostgres({ dataDir: '/work/bench-data/health', database: 'bench', persistent: true });
  const pool = new Pool({ connectionString: pg.url });
  try {
    const rows = (await pool.query(`SELECT measures FROM scorecard_versions LIMIT 1`)).rows;
    const { sql } = buildRawMeasuresQuery(rows[0].measures);
    const day = new Date().toISOString().slice(0, 10);
    for (const setting of ['', 'SET enable_indexscan = off', 'SET enable_indexscan = off; SET enable_sort = on; SET work_mem = \'256MB\'']) {
      const c = await pool.connect();
      if (setting) await c.query(setting);
      const t = Date.now();
      const r = await c.query('EXPLAIN (ANALYZE) ' + sql, [day, null, null, '80000000-0000-0000-0000-000000000000']);
      console.log(setting, Date.now() - t);
      console.log(r.rows.map((x) => x['QUERY PLAN']).filter((l) => /Scan on signal_daily|Aggregate|Sort  |Hash/.test(l)).slice(0, 8).join('\n'));
      c.release();
    }
  } finally { await pool.end(); await pg.stop(); }
}
main();
