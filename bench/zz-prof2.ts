import { startEmbeddedPostgres } from '../src/database/embedded-postgres.launcher';
import { Pool } from 'pg';
async function main() {
  const pg = await startEmbeddedPostgres({ dataDir: '/work/bench-data/health', database: 'bench', persistent: true });
  const pool = new Pool({ connectionString: pg.url });
  try {
    await pool.query(`TRUNCATE health_current, health_history, health_flags`);
    const ids = (await pool.query(`SELECT id FROM accounts WHERE status <> 'CHURNED' LIMIT 10000`)).rows.map((r) => r.id);
    const [{ id: card }] = (await pool.query(`SELECT id FROM scorecards LIMIT 1`)).rows;
    const comp = JSON.stringify(Array.from({ length: 8 }, (_, i) => ({ key: 'measure_' + i, raw: 12.5, score: 50, weight: 0.125, contribution: 6.25, missing: false })));
    const n = ids.length;
    const args = [ids, ids.map(() => 50), ids.map(() => 'GREEN'), ids.map(() => card), ids.map(() => 1), ids.map(() => comp), ids.map(() => '[]'), ids.map(() => null), ids.map(() => null), ids.map(() => 'FLAT'), new Date()];
    const sql = (cast: string) => `INSERT INTO health_current (account_id, score, band, computed_at, scorecard_id, scorecard_version, components, flags, delta7d, delta30d, direction)
       SELECT a, s, b, $11, c, v, comp::jsonb, fl::jsonb, d7, d30, dir
         FROM unnest($1::uuid[], $2::float8[], $3::text[], $4::uuid[], $5::int[], $6::${cast}[], $7::text[], $8::float8[], $9::float8[], $10::text[])
           AS t(a, s, b, c, v, comp, fl, d7, d30, dir)
       ON CONFLICT (account_id) DO UPDATE SET score = EXCLUDED.score`;
    for (const cast of ['text', 'text', 'jsonb']) {
      await pool.query('TRUNCATE health_current');
      let t = Date.now();
      await pool.query(sql(cast), args);
      console.log(cast, n, 'rows', Date.now() - t, 'ms');
    }
    let t = Date.now();
    const r = await pool.query(`EXPLAIN (ANALYZE, BUFFERS) ` + sql('text'), args);
    console.log(r.rows.map((x) => x['QUERY PLAN']).join('\n'), Date.now() - t);
  } finally { await pool.end(); await pg.stop(); }
}
main();
