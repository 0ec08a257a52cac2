import { ArgumentsHost, Catch } from '@nestjs/common';
import type { GqlContextType, GqlExceptionFilter } from '@nestjs/graphql';
import type { Response } from 'express';
import { AppError, ErrorCode } from './app-error';

const HTTP_STATUS: Record<ErrorCode, number> = {
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.CONFLICT]: 409,
  [ErrorCode.RATE_LIMITED]: 429,
  [ErrorCode.BAD_REQUEST]: 400,
  [ErrorCode.UNSUPPORTED_ENCODING]: 415,
  [ErrorCode.PAYLOAD_TOO_LARGE]: 413,
  [ErrorCode.QUERY_TOO_COMPLEX]: 400,
  [ErrorCode.GRAPHQL_VALIDATION_FAILED]: 400,
  [ErrorCode.NOT_CONFIGURED]: 503,
  [ErrorCode.SIGNATURE_INVALID]: 400,
  [ErrorCode.MALFORMED_JSON]: 400,
  [ErrorCode.EVENT_REJECTED]: 400,
  [ErrorCode.PROCESSING_FAILED]: 503,
  [ErrorCode.SERVICE_UNAVAILABLE]: 503,
  [ErrorCode.INTERNAL_SERVER_ERROR]: 500,
};

/**
 * Client errors (AppError) pass to GraphQL's error formatting untouched. Without this filter Nest's default one
 * logs every exception from a resolver at error level with its stack, so each rejected input, missing id or
 * forbidden access became an error line: noise that buries real faults and trips alerts. Internal errors are
 * not caught here; they are logged once, with the request id, where they become INTERNAL_SERVER_ERROR.
 */
@Catch(AppError)
export class AppErrorFilter implements GqlExceptionFilter {
  catch(exception: AppError, host: ArgumentsHost): AppError | void {
    if (host.getType<GqlContextType>() === 'graphql') return exception;
    // HTTP routes (NDJSON ingestion) throw AppErrors too: one shape, `{ error: { code, message, fields? }, …attachments }`.
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    if (exception.retryAfterSeconds !== undefined) res.setHeader('retry-after', String(exception.retryAfterSeconds));
    res.status(HTTP_STATUS[exception.code] ?? 400).json({
      error: {
        code: exception.code,
        message: exception.message,
        ...(exception.fields.length ? { fields: exception.fields } : {}),
      },
      ...exception.attachments,
    });
  }
}
