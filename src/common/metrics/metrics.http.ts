import { createServer, Server } from 'node:http';
import { ErrorCode } from '../errors/app-error';
import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { httpDuration, metricsRegistry } from './metrics.registry';

/** The routes measured by name; anything else (web app assets, unknown paths) is `other`, so labels stay few. */
const ROUTES = ['/graphql', '/ingest/signals', '/v1', '/healthz', '/metrics', '/connectors/stripe/webhook'];

function routeOf(path: string): string {
  for (const r of ROUTES) if (path === r || path.startsWith(`${r}/`)) return r;
  if (path === '/app' || path.startsWith('/app/')) return '/app';
  return 'other';
}

/** Observes every HTTP request's duration when its response finishes. */
export function httpMetrics(req: Request, res: Response, next: NextFunction): void {
  const end = httpDuration.startTimer();
  // Read now: mounted routers rewrite req.url while they handle the request.
  const route = routeOf(req.originalUrl.split('?')[0]);
  res.once('finish', () => end({ method: req.method, route, status: `${Math.floor(res.statusCode / 100)}xx` }));
  next();
}

async function answer(res: Response | import('node:http').ServerResponse): Promise<void> {
  const body = await metricsRegistry.metrics();
  res.statusCode = 200;
  res.setHeader('content-type', metricsRegistry.contentType);
  res.end(body);
}

const sameSecret = (given: string, token: string) => {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
};

/** GET /metrics on the service's port, for `Authorization: Bearer <METRICS_TOKEN>` only (401 otherwise). */
export function metricsRoute(token: string) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method !== 'GET' || (req.path !== '/' && req.path !== '')) return next();
    const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (!m || !sameSecret(m[1], token)) {
      res
        .status(401)
        .json({ error: { code: ErrorCode.UNAUTHENTICATED, message: 'GET /metrics needs the metrics token' } });
      return;
    }
    answer(res).catch(next);
  };
}

/** GET /metrics on a port of its own (METRICS_PORT), for a scraper on the private network; anything else is 404. */
export function startMetricsServer(port: number): Server {
  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url?.split('?')[0] === '/metrics') {
      answer(res).catch(() => {
        res.statusCode = 500;
        res.end();
      });
      return;
    }
    res.statusCode = 404;
    res.end();
  });
  server.listen(port);
  return server;
}
