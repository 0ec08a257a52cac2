import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pino, type Logger } from 'pino';
import { pinoHttp, type HttpLogger } from 'pino-http';

export interface Logging {
  /** The one pino logger: Nest's logger (nestjs-pino) and the access log write through it. */
  root: Logger;
  /** Access-log middleware: gives each request its id (`x-request-id`) and `req.log`, logs it when it ends. */
  http: HttpLogger;
}

/** A client's `x-request-id` is kept when it is a plain token; otherwise the request gets a new UUID. */
function requestId(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && /^[\w.-]{1,128}$/.test(given) ? given : randomUUID();
  res.setHeader('x-request-id', id);
  return id;
}

/**
 * The service's logging. The access log is mounted as plain express middleware, not through nestjs-pino's
 * per-request binding: that binding keeps each request's logger in an AsyncLocalStorage, and on Node 20 an
 * AsyncLocalStorage in use runs promise hooks on every promise of the process, which cost ≈ a quarter of the
 * service's CPU per request in `npm run bench:api` (docs/benchmarks.md, round 6). Request context reaches log
 * lines explicitly instead: `req.log`, and GraphQL errors logged with their request id.
 */
export function createLogging(level: string): Logging {
  const root = pino({
    level,
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], censor: '[redacted]' },
  });
  const http = pinoHttp({
    logger: root,
    genReqId: requestId,
    autoLogging: { ignore: (req) => req.url === '/healthz' },
  });
  return { root, http };
}
