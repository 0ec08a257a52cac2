import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres.launcher';

/** One real PostgreSQL for the whole run: TEST_DATABASE_URL when given, else an embedded one on a free port. */
export default async function globalSetup(): Promise<void> {
  if (process.env.TEST_DATABASE_URL) {
    process.env.VITALS_TEST_DB_URL = process.env.TEST_DATABASE_URL;
    return;
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'vitals-test-'));
  const handle = await startEmbeddedPostgres({ dataDir, database: 'vitals_test', persistent: false });
  (globalThis as any).__VITALS_PG__ = handle;
  process.env.VITALS_TEST_DB_URL = handle.url;
  process.env.VITALS_TEST_PG_DATA_DIR = dataDir;
}
