import type { ApolloServerPlugin } from '@apollo/server';
import { ErrorCode } from '../errors/app-error';
import { graphqlDuration, graphqlErrors } from './metrics.registry';

/** Client-chosen operation names become labels: valid names only, and at most this many distinct ones. */
const MAX_OPERATION_NAMES = 200;
const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const CLIENT_CODES = new Set<string>([
  ErrorCode.BAD_USER_INPUT,
  ErrorCode.NOT_FOUND,
  ErrorCode.CONFLICT,
  ErrorCode.FORBIDDEN,
  ErrorCode.UNAUTHENTICATED,
  ErrorCode.GRAPHQL_VALIDATION_FAILED,
  'GRAPHQL_PARSE_FAILED',
  ErrorCode.BAD_REQUEST,
  ErrorCode.QUERY_TOO_COMPLEX,
  ErrorCode.RATE_LIMITED,
  'PERSISTED_QUERY_NOT_FOUND',
]);

/**
 * Observes each GraphQL operation's duration by operation name and outcome (success; client_error when every
 * error has a client's code; server_error otherwise: INTERNAL_SERVER_ERROR, SERVICE_UNAVAILABLE…), and counts
 * errors by code.
 */
export function graphqlMetricsPlugin(): ApolloServerPlugin {
  const seen = new Set<string>();
  const label = (name: string | null | undefined): string => {
    if (!name) return 'anonymous';
    if (!NAME_RE.test(name)) return 'invalid';
    if (seen.has(name)) return name;
    if (seen.size >= MAX_OPERATION_NAMES) return 'other';
    seen.add(name);
    return name;
  };
  return {
    async requestDidStart() {
      const end = graphqlDuration.startTimer();
      return {
        async willSendResponse(ctx) {
          // The errors as sent (formatted: AppErrors carry their code only after the formatter).
          const body = ctx.response.body;
          const errors = (body.kind === 'single' ? body.singleResult.errors : ctx.errors) ?? [];
          let outcome = 'success';
          for (const e of errors) {
            const code = typeof e.extensions?.code === 'string' ? e.extensions.code : ErrorCode.INTERNAL_SERVER_ERROR;
            graphqlErrors.inc({ code });
            if (!CLIENT_CODES.has(code)) outcome = 'server_error';
            else if (outcome === 'success') outcome = 'client_error';
          }
          end({ operation: label(ctx.operationName ?? ctx.request.operationName), outcome });
        },
      };
    },
  };
}
