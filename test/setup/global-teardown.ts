import { rmSync } from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const handle = (globalThis as any).__VITALS_PG__;
  if (handle) await handle.stop();
  const dir = process.env.VITALS_TEST_PG_DATA_DIR;
  if (dir) rmSync(dir, { recursive: true, force: true });
}
