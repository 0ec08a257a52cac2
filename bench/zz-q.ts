import { startEmbeddedPostgres } from '../src/database/embedded-postgres.launcher';
import { Pool } from 'pg';
async function main() {
  const pg = await startEmbeddedPostgres({ dataDir: '/work/bench-data/health', database: 'bench', persistent: true });
  const pool = new Pool({ connectionString: pg.url });
  try {
    for (const q of process.argv.slice(2)) console.log(JSON.stringify((await pool.query(q)).rows, null, 1).slice(0, 3000));
  } finally { await pool.end(); await pg.stop(); }
}
main();
