import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/**
 * Runs `npm run cli -- <args>` the way an operator does (its own process, only PATH, HOME and the database in its
 * environment) and returns its exit code and output.
 */
export function runCli(
  args: string[],
  databaseUrl: string,
  opts: { env?: Record<string, string>; timeoutMs?: number } = {},
) {
  const r = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/cli/main.ts', ...args], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: 'warn',
      ...opts.env,
    },
    encoding: 'utf8',
    timeout: opts.timeoutMs ?? 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
