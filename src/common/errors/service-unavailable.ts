import { GraphQLError } from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import { ErrorCode } from './app-error';

export const SERVICE_UNAVAILABLE = ErrorCode.SERVICE_UNAVAILABLE;
export const SERVICE_UNAVAILABLE_MESSAGE = 'The database is unavailable; retry shortly';
/** Seconds a client is told to wait before retrying. */
export const RETRY_AFTER_SECONDS = 5;

const CONNECTION_CODES = new Set([
  '57P01',
  '57P02',
  '57P03',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
]);
const CONNECTION_MESSAGE =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable|the database system is (starting up|shutting down|in recovery mode)|terminating connection due to administrator command|Connection is not established|read ECONNRESET|connect ECONNREFUSED/i;

/**
 * Is this error the database being unreachable (down, restarting, connection lost) rather than a fault of the
 * request or a bug? PostgreSQL admin/crash shutdown and cannot-connect-now (57P01/57P02/57P03), the whole
 * connection-exception class 08xxx, socket errors, node-postgres' connection messages, and TypeORM's released
 * query runner (see below). Looks through
 * TypeORM's `driverError`, `cause` and GraphQL's `originalError`.
 */
export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 4) return false;
  const e = err as {
    name?: unknown;
    code?: unknown;
    message?: unknown;
    driverError?: unknown;
    cause?: unknown;
    originalError?: unknown;
    errors?: unknown;
  };
  // TypeORM releases a query runner when its connection emits 'error' (the server went away between two
  // statements of a transaction); the next statement or BEGIN then fails with one of these, not a socket error.
  if (e.name === 'QueryRunnerProviderAlreadyReleasedError' || e.name === 'QueryRunnerAlreadyReleasedError') return true;
  const code = typeof e.code === 'string' ? e.code : '';
  if (CONNECTION_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
  if (typeof e.message === 'string' && CONNECTION_MESSAGE.test(e.message)) return true;
  // AggregateError (a connect to several addresses that all failed).
  if (Array.isArray(e.errors) && e.errors.some((x) => isDatabaseUnavailable(x, depth + 1))) return true;
  return [e.driverError, e.cause, e.originalError].some((x) => x !== err && isDatabaseUnavailable(x, depth + 1));
}

/** The typed error of an outage: code SERVICE_UNAVAILABLE, HTTP 503 with Retry-After, no internals. */
export function serviceUnavailableError(): GraphQLError {
  return new GraphQLError(SERVICE_UNAVAILABLE_MESSAGE, {
    extensions: {
      code: SERVICE_UNAVAILABLE,
      retryAfter: RETRY_AFTER_SECONDS,
      http: { status: 503, headers: new Map([['retry-after', String(RETRY_AFTER_SECONDS)]]) },
    },
  });
}

/**
 * Resolver errors are mapped to SERVICE_UNAVAILABLE by the error formatter; this sets the HTTP status of such a
 * response to 503 (with Retry-After) when nothing was answered, so load balancers and clients see the outage.
 */
export function serviceUnavailablePlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const { data, errors } = response.body.singleResult;
          if (!errors?.some((e) => e.extensions?.code === SERVICE_UNAVAILABLE)) return;
          if (data && Object.values(data).some((v) => v !== null)) return;
          response.http.status = 503;
          response.http.headers.set('retry-after', String(RETRY_AFTER_SECONDS));
        },
      };
    },
  };
}
