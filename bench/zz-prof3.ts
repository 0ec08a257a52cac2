import { startEmbeddedPostgres } from '../src/database/embedded-postgres.launcher';
import { Pool } from 'pg';
async function main() {
  const pg = await startEmbeddedPostgres({ dataDir: '/work/bench-data/health', database: 'bench', persistent: true });
  const pool = new Pool({ connectionString: pg.url });
  try {
    const ids = (await pool.query(`SELECT id FROM accounts WHERE status <> 'CHURNED' LIMIT 10000`)).rows.map((r) => r.id);
    const [{ id: card }] = (await pool.query(`SELECT id FROM scorecards LIMIT 1`)).rows;
    const compObj = Array.from({ length: 8 }, (_, i) => ({ key: 'measure_' + i, raw: 12.5, score: 50, weight: 0.125, contribution: 6.25, missing: false }));
    const comp = JSON.stringify(compObj);
    const now = new Date();
    const args = [ids, ids.map(() => 50), ids.map(() => 'GREEN'), ids.map(() => card), ids.map(() => 1), ids.map(() => comp), ids.map(() => '[]'), ids.map(() => null), ids.map(() => null), ids.map(() => 'FLAT'), now];
    const sqlA = `INSERT INTO health_current (account_id, score, band, computed_at, scorecard_id, scorecard_version, components, flags, delta7d, delta30d, direction)
       SELECT a, s, b, $11, c, v, comp::jsonb, fl::jsonb, d7, d30, dir
         FROM unnest($1::uuid[], $2::float8[], $3::text[], $4::uuid[], $5::int[], $6::text[], $7::text[], $8::float8[], $9::float8[], $10::text[])
           AS t(a, s, b, c, v, comp, fl, d7, d30, dir)
       ON CONFLICT (account_id) DO UPDATE SET score = EXCLUDED.score`;
    const sqlB = `INSERT INTO health_current (account_id, score, band, computed_at, scorecard_id, scorecard_version, components, flags, delta7d, delta30d, direction)
       SELECT a, s, b, $2, c, v, comp, fl, d7, d30, dir
         FROM jsonb_to_recordset($1::jsonb) AS t(a uuid, s float8, b text, c uuid, v int, comp jsonb, fl jsonb, d7 float8, d30 float8, dir text)
       ON CONFLICT (account_id) DO UPDATE SET score = EXCLUDED.score`;
    for (let round = 0; round < 1; round++) {
      await pool.query('TRUNCATE health_current, health_history, health_flags');
      let t = Date.now();
      await pool.query(sqlA, args);
      console.log('A unnest text[] insert', Date.now() - t, 'ms');
      t = Date.now();
      await pool.query(sqlA, args);
      console.log('A unnest text[] upsert', Date.now() - t, 'ms');
      await pool.query('TRUNCATE health_current, health_history, health_flags');
      t = Date.now();
      const doc = JSON.stringify(ids.map((a) => ({ a, s: 50, b: 'GREEN', c: card, v: 1, comp: compObj, fl: [], d7: null, d30: null, dir: 'FLAT' })));
      const ser = Date.now() - t;
      await pool.query(sqlB, [doc, now]);
      console.log('B jsonb_to_recordset insert', Date.now() - t, 'ms (stringify', ser, 'ms,', (doc.length / 1e6).toFixed(1), 'MB)');
      t = Date.now();
      await pool.query(sqlB, [doc, now]);
      console.log('B upsert', Date.now() - t);
      await pool.query('TRUNCATE health_current, health_history, health_flags');
      const r = await pool.query('EXPLAIN (ANALYZE, BUFFERS, WAL) ' + sqlB, [doc, now]);
      console.log(r.rows.map((x) => x['QUERY PLAN']).join('\n'));
      await pool.query('TRUNCATE health_current, health_history, health_flags');
      await pool.query('ALTER TABLE health_current SET (toast_tuple_target = 128)');
      t = Date.now();
      await pool.query(sqlB, [doc, now]);
      console.log('B toast128 insert', Date.now() - t);
      await pool.query('ALTER TABLE health_current RESET (toast_tuple_target)');
      await pool.query('TRUNCATE health_current, health_history, health_flags');
      await pool.query('DROP INDEX IF EXISTS health_current_score_idx');
      t = Date.now();
      await pool.query(sqlB, [doc, now]);
      console.log('B no score idx insert', Date.now() - t);
      await pool.query('CREATE INDEX health_current_score_idx ON health_current (score, account_id)');
    }
  } finally { await pool.end(); await pg.stop(); }
}
main();
