/** The error codes a client can see; each maps to `extensions.code` in GraphQL. */
export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  RATE_LIMITED = 'RATE_LIMITED',
  BAD_REQUEST = 'BAD_REQUEST',
  UNSUPPORTED_ENCODING = 'UNSUPPORTED_ENCODING',
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX',
  GRAPHQL_VALIDATION_FAILED = 'GRAPHQL_VALIDATION_FAILED',
  /** Stripe webhook answers (HTTP, not GraphQL): the connector has no secret, or the delivery is refused. */
  NOT_CONFIGURED = 'NOT_CONFIGURED',
  SIGNATURE_INVALID = 'SIGNATURE_INVALID',
  MALFORMED_JSON = 'MALFORMED_JSON',
  EVENT_REJECTED = 'EVENT_REJECTED',
  /** Server side, retryable by the sender (Stripe retries any non-2xx): processing a verified event failed. */
  PROCESSING_FAILED = 'PROCESSING_FAILED',
  /** Server side, retryable: the database is unreachable. */
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  /** Server side: a fault whose details are logged, never sent. */
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

export interface FieldError {
  field: string;
  message: string;
}

/** A client-facing error. Services throw these; the GraphQL layer maps them in one place. */
export class AppError extends Error {
  /** Seconds the client should wait before retrying (RATE_LIMITED); sent as `retryAfter` and `retry-after`. */
  readonly retryAfterSeconds?: number;
  /**
   * Read by graphql-js when it wraps this error, and so by Apollo: the HTTP status and headers of the answer.
   * Set only where the answer is not 200 (rate limits); other AppErrors keep GraphQL's usual 200.
   */
  readonly extensions?: { http: { status: number; headers: Map<string, string> } };
  /** HTTP routes only: members sent beside `error` in the JSON answer (e.g. the ingestion `summary`). */
  readonly attachments: Record<string, unknown> = {};

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields: FieldError[] = [],
  ) {
    super(message);
  }

  /** HTTP 429 with retry-after: a client error, never logged as a fault. */
  static rateLimited(message: string, retryAfterSeconds: number): AppError {
    const err = new AppError(ErrorCode.RATE_LIMITED, message);
    Object.assign(err, {
      retryAfterSeconds,
      extensions: { http: { status: 429, headers: new Map([['retry-after', String(retryAfterSeconds)]]) } },
    });
    return err;
  }

  static badInput(fields: FieldError[] | string, message?: string): AppError {
    const list = typeof fields === 'string' ? [{ field: fields, message: message ?? 'is invalid' }] : fields;
    return new AppError(
      ErrorCode.BAD_USER_INPUT,
      message && typeof fields === 'string'
        ? `${fields}: ${message}`
        : list.map((f) => `${f.field}: ${f.message}`).join('; '),
      list,
    );
  }
  /** `field`: the input that named it (the error then lists it, "no such <what>"). */
  static notFound(what: string, id?: string, field?: string): AppError {
    return new AppError(
      ErrorCode.NOT_FOUND,
      id ? `${what} ${id} not found` : `${what} not found`,
      field ? [{ field, message: `no such ${what.toLowerCase()}` }] : [],
    );
  }
  static conflict(message: string, field?: string): AppError {
    return new AppError(ErrorCode.CONFLICT, message, field ? [{ field, message }] : []);
  }
  static unauthenticated(message = 'Sign in, or send a valid API key (Authorization: Bearer <key>)'): AppError {
    return new AppError(ErrorCode.UNAUTHENTICATED, message);
  }
  static forbidden(message = 'Your role does not allow this operation'): AppError {
    return new AppError(ErrorCode.FORBIDDEN, message);
  }
  /** The database is unreachable: HTTP 503 with retry-after. */
  static serviceUnavailable(message: string, retryAfterSeconds: number): AppError {
    const err = new AppError(ErrorCode.SERVICE_UNAVAILABLE, message);
    Object.assign(err, { retryAfterSeconds });
    return err;
  }
  /** Adds members beside `error` in an HTTP answer; returns this error. */
  attach(members: Record<string, unknown>): this {
    Object.assign(this.attachments, members);
    return this;
  }
}

/** PostgreSQL error codes that mean the client sent something the database refused. */
export function isUniqueViolation(err: unknown): boolean {
  return (
    (err as { code?: string })?.code === '23505' ||
    (err as { driverError?: { code?: string } })?.driverError?.code === '23505'
  );
}
