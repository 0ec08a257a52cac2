import 'reflect-metadata';
import { writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppConfig, ConfigError, loadConfig } from './config/config';
import { PasswordLinksService } from './modules/auth/password-links.service';
import { closeApp, createApp, DatabaseHandle, openDatabase } from './bootstrap';
import { UsersService } from './modules/users/users.service';
import { DemoService } from './modules/demo/demo.service';
import { HealthRecomputer } from './modules/health/health-recompute.service';
import { HealthBackfill } from './modules/health/health-backfill.service';
import { RiskTrainingService } from './modules/risk/risk-training.service';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }

  let db: DatabaseHandle | null = null;
  let app: Awaited<ReturnType<typeof createApp>> | null = null;
  let stopping = false;
  const shutdown = async (signal: string, code = 0) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal}: shutting down\n`);
    try {
      if (app) await closeApp(app);
    } catch (err) {
      process.stderr.write(`error while closing: ${String(err)}\n`);
    }
    try {
      if (db?.embedded) await db.embedded.stop();
    } catch (err) {
      process.stderr.write(`error while stopping PostgreSQL: ${String(err)}\n`);
    }
    process.exit(code);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  // A crash must not leave the embedded PostgreSQL running.
  process.on('uncaughtException', (err) => {
    process.stderr.write(`Uncaught exception: ${err.stack ?? err.message}\n`);
    void shutdown('uncaught exception', 1);
  });
  // A non-zero exit always leaves a line, also when a library (not this file) ends the process.
  process.on('exit', (code) => {
    if (code !== 0) process.stderr.write(`Vitals exits with code ${code}\n`);
  });
  process.on('unhandledRejection', (err) => {
    process.stderr.write(`Unhandled rejection: ${err instanceof Error ? err.stack : String(err)}\n`);
  });

  try {
    db = await openDatabase(config);
    app = await createApp(config, db.url);
    // Run the modules' bootstrap hooks (migrations, default scorecard, …) before seeding and serving.
    await app.init();
    const users = app.get(UsersService);
    const { generatedKey, adminId } = await users.ensureAdmin(config.ADMIN_API_KEY);
    let keyNote = config.ADMIN_API_KEY
      ? 'Admin API key: the value of ADMIN_API_KEY'
      : 'Admin API key: created earlier (see DATA_DIR/admin-api-key)';
    if (generatedKey) {
      const dir = resolve(config.DATA_DIR);
      mkdirSync(dir, { recursive: true });
      const file = join(dir, 'admin-api-key');
      writeFileSync(file, `${generatedKey}\n`, { mode: 0o600 });
      keyNote = `Admin API key (shown once): ${generatedKey}\n  also written to ${file} (mode 0600)`;
    }
    if (config.DEMO_DATA) {
      const loaded = await app.get(DemoService).loadIfEmpty();
      if (loaded) {
        process.stdout.write(`Loaded the demo book of business: ${loaded} accounts\n`);
        // Scores now; 60 days of history in the background so trends and charts have data.
        await app.get(HealthRecomputer).recompute(null);
        void app.get(HealthBackfill).backfillDemoHistory(60);
        // A first churn model so the demo book has risk scores (training runs in the background).
        await app.get(RiskTrainingService).requestTraining(90, null);
      }
    }
    await app.listen(config.PORT, '0.0.0.0');
    const url = await app.getUrl();
    const port = new URL(url).port;
    const origin = config.PUBLIC_URL ?? `http://localhost:${port}`;
    const setupNote = await adminSetupNote(app, config, adminId, origin);
    process.stdout.write(
      `Vitals is ready: GraphQL at http://localhost:${port}/graphql, the web app at ${origin}/app\n${keyNote}\n${setupNote}\n`,
    );
  } catch (err) {
    process.stderr.write(`Start-up failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    await shutdown('start-up failure', 1);
  }
}

/**
 * The admin's one-time setup link, printed beside the key while the admin has no password. It is written to
 * DATA_DIR/admin-setup-link (0600) when Vitals generated the admin key (and wrote it there too); with
 * ADMIN_API_KEY the operator manages the secrets, and the link is only printed. Once a password is set, the
 * file is removed and the note says where to sign in.
 */
async function adminSetupNote(
  app: NestExpressApplication,
  config: AppConfig,
  adminId: string,
  origin: string,
): Promise<string> {
  const links = app.get(PasswordLinksService);
  const file = join(resolve(config.DATA_DIR), 'admin-setup-link');
  const writeFile = !config.ADMIN_API_KEY;
  const link = await links.setupLinkForAdmin(adminId, origin);
  if (link) {
    let note = `Admin sign-in: set a password at ${link.url}\n  (one-time link, valid 7 days; then sign in as ${link.user.email})`;
    if (writeFile) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, `${link.url}\n`, { mode: 0o600 });
      note += `\n  also written to ${file} (mode 0600)`;
    }
    return note;
  }
  const admin = await app.get(UsersService).findById(adminId);
  if (await links.hasPassword(adminId)) {
    rmSync(file, { force: true });
    return `Sign in at ${origin}/app as ${admin?.email ?? 'the admin'}`;
  }
  return (
    `Admin sign-in: a setup link was issued earlier${writeFile ? ` (see ${file})` : ''}; ` +
    `\`npm run cli -- password-link --email ${admin?.email ?? '<admin email>'}\` issues a new one`
  );
}

void main();
