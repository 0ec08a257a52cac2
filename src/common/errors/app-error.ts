/** The error codes a client can see; each maps to `extensions.code` in GraphQL. */
export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
}

export interface FieldError {
  field: string;
  message: string;
}

/** A client-facing error. Services throw these; the GraphQL layer maps them in one place. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields: FieldError[] = [],
  ) {
    super(message);
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
}

/** PostgreSQL error codes that mean the client sent something the database refused. */
export function isUniqueViolation(err: unknown): boolean {
  return (
    (err as { code?: string })?.code === '23505' ||
    (err as { driverError?: { code?: string } })?.driverError?.code === '23505'
  );
}
