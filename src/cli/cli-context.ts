import { INestApplication } from '@nestjs/common';
import { ConfigError, loadConfig, AppConfig } from '../config/config';
import { closeApp, createApp, openDatabase } from '../bootstrap';

/** Parses `--name value` and `--flag` arguments after the positional ones. */
export function parseArgs(args: string[]): { positional: string[]; flags: Record<string, string | true> } {
  const positional: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith('--')) {
      const [name, inline] = a.slice(2).split('=', 2);
      if (inline !== undefined) flags[name] = inline;
      else if (i + 1 < args.length && !args[i + 1].startsWith('--')) flags[name] = args[++i];
      else flags[name] = true;
    } else positional.push(a);
  }
  return { positional, flags };
}

/**
 * Runs an operator command against the same database the service uses (DATABASE_URL, or the embedded
 * PostgreSQL in DATA_DIR), with the whole application wired but not listening. Always shuts down cleanly.
 */
export async function withApp<T>(fn: (app: INestApplication, config: AppConfig) => Promise<T>): Promise<T> {
  let config: AppConfig;
  try {
    config = loadConfig({ LOG_LEVEL: 'warn', ...process.env });
  } catch (err) {
    if (err instanceof ConfigError) throw new Error(err.message, { cause: err });
    throw err;
  }
  const db = await openDatabase(config);
  let app: INestApplication | null = null;
  const onSignal = () => void cleanup().then(() => process.exit(130));
  const cleanup = async () => {
    if (app) await closeApp(app).catch(() => undefined);
    app = null;
    if (db.embedded) await db.embedded.stop().catch(() => undefined);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    app = await createApp(config, db.url);
    await app.init();
    return await fn(app, config);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await cleanup();
  }
}
