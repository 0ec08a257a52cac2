import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses a calendar date `YYYY-MM-DD` (UTC) and rejects impossible dates such as 2025-02-30. */
export function parseIsoDate(value: string): string | null {
  const m = DATE_RE.exec(value);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1900 || y > 2200) return null;
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return null;
  return value;
}

/** A calendar date in UTC, `YYYY-MM-DD`, exchanged as a string. */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'A calendar date in UTC, YYYY-MM-DD.',
  serialize(value) {
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    if (typeof value === 'string' && parseIsoDate(value.slice(0, 10))) return value.slice(0, 10);
    throw new GraphQLError(`Date cannot represent ${String(value)}`);
  },
  parseValue(value) {
    if (typeof value !== 'string' || !parseIsoDate(value))
      throw new GraphQLError('Date must be a valid YYYY-MM-DD string');
    return value;
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING || !parseIsoDate(ast.value))
      throw new GraphQLError('Date must be a valid YYYY-MM-DD string');
    return ast.value;
  },
});

/** UTC instants as ISO-8601 strings; the parsed value is a JS Date. Rejects unparseable and out-of-range values. */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'A UTC instant as an ISO-8601 string, e.g. 2026-01-31T12:00:00Z.',
  serialize(value) {
    const d = value instanceof Date ? value : new Date(value as string);
    if (Number.isNaN(d.getTime())) throw new GraphQLError(`DateTime cannot represent ${String(value)}`);
    return d.toISOString();
  },
  parseValue(value) {
    return parseDateTime(value);
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('DateTime must be an ISO-8601 string');
    return parseDateTime(ast.value);
  },
});

const DATETIME_RE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function parseDateTime(value: unknown): Date {
  if (typeof value !== 'string' || !DATETIME_RE.test(value)) {
    throw new GraphQLError('DateTime must be an ISO-8601 string such as 2026-01-31T12:00:00Z');
  }
  // A bare date or a time without offset is read as UTC.
  const normalized =
    value.length === 10 ? `${value}T00:00:00Z` : /(Z|[+-]\d{2}:?\d{2})$/.test(value) ? value : `${value}Z`;
  const d = new Date(normalized);
  const year = d.getUTCFullYear();
  if (Number.isNaN(d.getTime()) || year < 1900 || year > 2200) {
    throw new GraphQLError('DateTime must be a real instant between the years 1900 and 2200');
  }
  return d;
}
