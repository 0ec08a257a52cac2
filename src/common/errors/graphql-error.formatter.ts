import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { AppError, ErrorCode } from './app-error';
import {
  isDatabaseUnavailable,
  RETRY_AFTER_SECONDS,
  SERVICE_UNAVAILABLE,
  SERVICE_UNAVAILABLE_MESSAGE,
} from './service-unavailable';

/** Codes passed to the client as they are (everything but INTERNAL_SERVER_ERROR, which is masked). */
const CLIENT_CODES = new Set<string>([
  ...Object.values(ErrorCode).filter((c) => c !== ErrorCode.INTERNAL_SERVER_ERROR),
  'GRAPHQL_PARSE_FAILED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'QUERY_TIMEOUT',
]);

const requestIds = new WeakMap<object, string>();

/**
 * Remembers which request each error of an operation came from: Apollo's `formatError`, where internal errors
 * are logged, is given no context, and the log line should name the request (its `x-request-id`).
 */
export function errorRequestIdPlugin(): ApolloServerPlugin<{ req?: { id?: unknown } }> {
  return {
    async requestDidStart({ contextValue }) {
      const id = contextValue?.req?.id;
      return {
        async didEncounterErrors({ errors }) {
          if (typeof id === 'string' || typeof id === 'number')
            for (const err of errors) requestIds.set(err, String(id));
        },
      };
    },
  };
}

/** The id of the request an error came from, when errorRequestIdPlugin saw it. */
export function requestIdOfError(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null ? requestIds.get(error) : undefined;
}

export const QUERY_TIMEOUT = 'QUERY_TIMEOUT';
export const QUERY_TIMEOUT_MESSAGE = 'The request took too long in the database and was cancelled; narrow it or retry';

/** PostgreSQL 57014 (query_canceled), raised by statement_timeout; looked for through TypeORM's driverError. */
export function isStatementTimeout(err: unknown): boolean {
  const e = err as { code?: unknown; driverError?: { code?: unknown } } | null;
  return !!e && (e.code === '57014' || e.driverError?.code === '57014');
}

/**
 * The one place where errors become GraphQL errors. AppErrors keep their code and offending fields;
 * GraphQL's own parse/validation/coercion errors keep theirs; the database being unreachable (down, restarting,
 * connection lost) is SERVICE_UNAVAILABLE with a generic message (HTTP 503, see service-unavailable.ts); anything
 * else is an internal error whose details are logged, never sent.
 */
export function formatGraphqlError(
  formatted: GraphQLFormattedError,
  error: unknown,
  log: (err: unknown) => void = () => undefined,
): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  if (original instanceof AppError) {
    return {
      message: original.message,
      path: formatted.path,
      locations: formatted.locations,
      extensions: {
        code: original.code,
        ...(original.retryAfterSeconds !== undefined ? { retryAfter: original.retryAfterSeconds } : {}),
        ...(original.fields.length ? { fields: original.fields, field: original.fields[0].field } : {}),
      },
    };
  }
  const code = formatted.extensions?.code as string | undefined;
  if (code && CLIENT_CODES.has(code)) {
    // Variable coercion errors (bad Cents, bad DateTime) arrive here as BAD_USER_INPUT from Apollo.
    const field = guessField(formatted.message);
    const extra: Record<string, unknown> = {};
    for (const k of ['retryAfter', 'complexity', 'maxComplexity'])
      if (formatted.extensions?.[k] !== undefined) extra[k] = formatted.extensions[k];
    return {
      message: formatted.message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code, ...(field ? { field } : {}), ...extra },
    };
  }
  // Argument literal errors thrown by our scalars surface as GraphQLErrors without a code.
  if (!formatted.path && original instanceof GraphQLError && !original.originalError) {
    return {
      message: formatted.message,
      locations: formatted.locations,
      extensions: { code: ErrorCode.GRAPHQL_VALIDATION_FAILED },
    };
  }
  if (isStatementTimeout(original)) {
    // The database's statement_timeout cancelled a slow query: a typed, retryable answer, not a hung request.
    return { message: QUERY_TIMEOUT_MESSAGE, path: formatted.path, extensions: { code: QUERY_TIMEOUT } };
  }
  if (isDatabaseUnavailable(original)) {
    return {
      message: SERVICE_UNAVAILABLE_MESSAGE,
      path: formatted.path,
      extensions: { code: SERVICE_UNAVAILABLE, retryAfter: RETRY_AFTER_SECONDS },
    };
  }
  log(original);
  return {
    message: 'Internal server error',
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}

function guessField(message: string): string | undefined {
  const m = /at "([^"]+)"/.exec(message) ?? /Variable "\$([^"]+)"/.exec(message);
  return m?.[1];
}
