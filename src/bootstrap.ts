import { ErrorCode } from './common/errors/app-error';
import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import { json, NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AppConfig } from './config/config';
import { AppModule } from './app.module';
import { createLogging } from './common/logging/logging';
import { EmbeddedPostgresHandle, startEmbeddedPostgres } from './database/embedded-postgres.launcher';
import { sameOriginForCookies } from './common/auth/same-origin.middleware';
import { webAppRouter } from './modules/web/web-app.router';
import { SessionsService } from './modules/auth/sessions.service';
import { sessionToken } from './common/auth/session-cookie';
import { DataSource } from 'typeorm';
import { httpMetrics, metricsRoute, startMetricsServer } from './common/metrics/metrics.http';
import { PoolCounts, setDatabasePool } from './common/metrics/metrics.registry';

/** The repository root, from src/ or from the compiled dist/src/ (relative WEB_DIST_DIR starts here). */
const PROJECT_ROOT =
  [join(__dirname, '..'), join(__dirname, '..', '..')].find((dir) => existsSync(join(dir, 'package.json'))) ??
  process.cwd();

export interface DatabaseHandle {
  url: string;
  embedded: EmbeddedPostgresHandle | null;
}

/** DATABASE_URL when given; otherwise an embedded PostgreSQL with its data in DATA_DIR. */
export async function openDatabase(
  config: AppConfig,
  log: (line: string) => void = () => undefined,
): Promise<DatabaseHandle> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, embedded: null };
  // main.ts stops it on SIGINT/SIGTERM once the app has closed.
  const embedded = await startEmbeddedPostgres({
    dataDir: config.DATA_DIR,
    database: 'vitals',
    onLog: log,
    callerHandlesSignals: true,
  });
  return { url: embedded.socketUrl ?? embedded.url, embedded };
}

/** Builds the Nest application (not listening yet). Migrations run during init. */
export async function createApp(config: AppConfig, databaseUrl: string): Promise<NestExpressApplication> {
  const logging = createLogging(config.LOG_LEVEL);
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot({ config, databaseUrl, logger: logging.root }),
    {
      bufferLogs: true,
      bodyParser: false,
    },
  );
  app.useLogger(app.get(PinoNestLogger));
  // First of all middleware: every request gets its id and an access-log line, whatever answers it.
  app.use(logging.http);
  app.use(httpMetrics);
  const pool = (app.get(DataSource).driver as unknown as { master?: PoolCounts }).master;
  setDatabasePool(() => pool ?? null);
  if (config.METRICS_TOKEN) app.use('/metrics', metricsRoute(config.METRICS_TOKEN));
  if (config.METRICS_PORT) {
    const metricsServer = startMetricsServer(config.METRICS_PORT);
    app.getHttpServer().once('close', () => metricsServer.close());
  }
  // A GraphQL answer is generated per request: an ETag (a hash of every body) would never be reused.
  app.set('etag', false);
  app.disable('x-powered-by');
  // Behind a reverse proxy: X-Forwarded-Proto decides https (Secure cookies, the origin CSRF checks compare
  // against) and X-Forwarded-For the client address (sign-in limits). Off unless configured.
  app.set('trust proxy', config.TRUST_PROXY);
  // CSRF: a non-GET request authenticated by the session cookie must come from this origin.
  app.use(sameOriginForCookies(config.PUBLIC_URL));
  // The web app at /app (and / → /app/); a signed-in browser's page carries its user (no `me` round trip).
  const sessions = app.get(SessionsService);
  app.use(
    webAppRouter(resolve(PROJECT_ROOT, config.WEB_DIST_DIR), async (req) => {
      const token = sessionToken(req);
      const p = token ? await sessions.authenticate(token) : null;
      return p && { id: p.userId, name: p.name, email: p.email, role: p.role };
    }),
  );
  // 5 MB for /graphql; the NDJSON ingestion endpoint streams its body and is not parsed here.
  app.use('/graphql', json({ limit: '5mb' }), rejectLargeBatches, bodyErrors);
  // Keep idle keep-alive sockets open longer than clients and load balancers (usually 60 s) reuse them,
  // so a client never sends a request on a socket the server is closing (a spurious connection reset).
  const server = app.getHttpServer();
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return app;
}

/** At most 10 operations in one batched request. */
export const MAX_BATCH = 10;

function rejectLargeBatches(req: Request, res: Response, next: NextFunction): void {
  if (Array.isArray(req.body) && req.body.length > MAX_BATCH) {
    res.status(400).json({
      errors: [
        { message: `At most ${MAX_BATCH} operations per batched request`, extensions: { code: ErrorCode.BAD_REQUEST } },
      ],
    });
    return;
  }
  next();
}

/** Body-parser failures (too large, malformed JSON) answer as GraphQL-shaped client errors. */
function bodyErrors(
  err: { status?: number; type?: string; message?: string },
  _req: Request,
  res: Response,
  next: NextFunction,
): void {
  if (!err) return next();
  const status = err.status && err.status >= 400 && err.status < 500 ? err.status : 400;
  const message = err.type === 'entity.too.large' ? 'Request body exceeds 5 MB' : 'Malformed JSON body';
  res.status(status).json({ errors: [{ message, extensions: { code: ErrorCode.BAD_REQUEST } }] });
}

/** Stops accepting connections, lets in-flight requests finish, then closes the pool (app.close). */
export async function closeApp(app: INestApplication): Promise<void> {
  const server = app.getHttpServer();
  server.closeIdleConnections?.();
  await app.close();
}
