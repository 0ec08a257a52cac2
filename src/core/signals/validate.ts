import { UUID_RE } from '../ids';

/**
 * Validation of usage signals (pure: shared by GraphQL `ingestSignals`, `POST /ingest/signals`, the CLI
 * import and the demo generator). A valid signal comes out normalised, ready to be staged for the merge.
 */

export const SIGNAL_TYPE_RE = /^[a-z][a-z0-9_.]{0,63}$/;
export const MAX_PROPERTIES_BYTES = 4096;
export const MAX_FUTURE_MS = 5 * 60 * 1000;
export const MAX_SIGNAL_ID_LENGTH = 256;
export const MAX_FEATURE_LENGTH = 200;
export const MAX_SIGNALS_PER_BATCH = 5000;
/** Nesting depth of `properties` (the object itself is level 1). Deeper values overflow serialisers' stacks. */
export const MAX_PROPERTIES_DEPTH = 32;

/** Types whose meaning later stages rely on; any other type is stored and counted as generic activity. */
export const KNOWN_SIGNAL_TYPES = [
  'login',
  'feature_used',
  'support_ticket',
  'email_opened',
  'email_ignored',
  'payment_failed',
  'seats',
] as const;

export const TICKET_SENTIMENTS = ['positive', 'neutral', 'negative'] as const;
export type TicketSentiment = (typeof TICKET_SENTIMENTS)[number];

const DATETIME_RE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** A signal that passed validation. `properties` is the serialised JSON object (or null). */
export interface ValidSignal {
  id: string;
  accountId: string | null;
  accountExternalId: string | null;
  type: string;
  occurredAt: Date;
  quantity: number;
  properties: string | null;
  /** `properties.feature` of a `feature_used` signal. */
  feature: string | null;
  /** `properties.sentiment` of a `support_ticket` signal. */
  sentiment: TicketSentiment | null;
}

export interface SignalRejection {
  reason: string;
  id: string | null;
}

export interface ValidationWindow {
  /** Now, in ms since the epoch. */
  now: number;
  /** Oldest accepted instant (the retention horizon): older raw data would be dropped at once. */
  oldest: Date;
}

export function isRejection(v: ValidSignal | SignalRejection): v is SignalRejection {
  return (v as SignalRejection).reason !== undefined;
}

/** Start of the oldest month kept: the first day of (current UTC month − retentionMonths). */
export function retentionCutoff(now: Date, retentionMonths: number): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - retentionMonths, 1));
}

/** Parses an ISO-8601 instant like the DateTime scalar does (no offset = UTC); null when invalid. */
export function parseInstant(value: unknown): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value !== 'string' || !DATETIME_RE.test(value)) return null;
  const normalized =
    value.length === 10 ? `${value}T00:00:00Z` : /(Z|[+-]\d{2}:?\d{2})$/.test(value) ? value : `${value}Z`;
  const d = new Date(normalized);
  if (Number.isNaN(d.getTime())) return null;
  const y = d.getUTCFullYear();
  return y < 1900 || y > 2200 ? null : d;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

/** Text PostgreSQL cannot store: NUL characters (text and jsonb) and unpaired UTF-16 surrogates (jsonb). */
// eslint-disable-next-line no-control-regex -- NUL is exactly what this rejects
const UNSTORABLE_RE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a JSON value cannot be stored as properties (too deep, or keys/strings PostgreSQL refuses); null if fine. Iterative. */
function propertiesProblem(root: Record<string, unknown>): string | null {
  const stack: Array<{ value: unknown; depth: number }> = [{ value: root, depth: 1 }];
  while (stack.length) {
    const { value, depth } = stack.pop()!;
    if (typeof value === 'string') {
      if (UNSTORABLE_RE.test(value)) return 'must not contain NUL characters or unpaired surrogates';
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth > MAX_PROPERTIES_DEPTH) return `nested more than ${MAX_PROPERTIES_DEPTH} levels deep`;
    if (Array.isArray(value)) {
      for (const item of value) stack.push({ value: item, depth: depth + 1 });
      continue;
    }
    for (const [k, v] of Object.entries(value)) {
      if (UNSTORABLE_RE.test(k)) return 'keys must not contain NUL characters or unpaired surrogates';
      stack.push({ value: v, depth: depth + 1 });
    }
  }
  return null;
}

/**
 * Validates one signal (an object from GraphQL, a parsed NDJSON line or a CSV row mapped to the same
 * field names). Returns the normalised signal or the reason it is rejected (with its id when readable).
 */
export function validateSignal(raw: unknown, window: ValidationWindow): ValidSignal | SignalRejection {
  if (!isPlainObject(raw)) return { reason: 'must be a JSON object', id: null };
  const idValue = raw.id;
  const id = typeof idValue === 'string' ? idValue : null;
  const reject = (reason: string): SignalRejection => ({
    reason,
    id: id !== null ? id.slice(0, MAX_SIGNAL_ID_LENGTH) : null,
  });
  if (id === null || id.length === 0) return reject('id: must be a non-empty string');
  if (id.length > MAX_SIGNAL_ID_LENGTH) return reject(`id: at most ${MAX_SIGNAL_ID_LENGTH} characters`);
  if (id.includes('\u0000')) return reject('id: must not contain NUL characters');

  const accountId = raw.accountId ?? null;
  const accountExternalId = raw.accountExternalId ?? null;
  if (accountId !== null && typeof accountId !== 'string') return reject('accountId: must be a string');
  if (accountExternalId !== null && typeof accountExternalId !== 'string')
    return reject('accountExternalId: must be a string');
  if ((accountId === null || accountId === '') && (accountExternalId === null || accountExternalId === '')) {
    return reject('give accountId or accountExternalId');
  }
  if (accountId && accountExternalId) return reject('give only one of accountId and accountExternalId');
  if (accountId && !UUID_RE.test(accountId)) return reject(`unknown account ${accountId}`);
  if (accountExternalId?.includes('\u0000')) return reject('accountExternalId: must not contain NUL characters');

  const type = raw.type;
  if (typeof type !== 'string' || !SIGNAL_TYPE_RE.test(type)) {
    return reject(`bad type ${JSON.stringify(type ?? null)}: must match ^[a-z][a-z0-9_.]{0,63}$`);
  }

  const occurredAt = parseInstant(raw.occurredAt);
  if (!occurredAt) return reject('bad occurredAt: must be an ISO-8601 instant');
  if (occurredAt.getTime() > window.now + MAX_FUTURE_MS)
    return reject('bad occurredAt: more than 5 minutes in the future');
  if (occurredAt.getTime() < window.oldest.getTime()) {
    return reject(`bad occurredAt: older than the retention window (${window.oldest.toISOString().slice(0, 10)})`);
  }

  let quantity = 1;
  if (raw.quantity !== undefined && raw.quantity !== null) {
    if (typeof raw.quantity !== 'number' || !Number.isFinite(raw.quantity))
      return reject('quantity: must be a finite number');
    quantity = raw.quantity;
    if (Math.abs(quantity) > 1e15) return reject('quantity: out of range');
  }
  if (type === 'seats' && (quantity < 0 || !Number.isInteger(quantity)))
    return reject('quantity: a seat count must be a non-negative integer');

  let properties: string | null = null;
  const props = raw.properties ?? null;
  if (props !== null) {
    if (!isPlainObject(props)) return reject('properties: must be a JSON object');
    const problem = propertiesProblem(props);
    if (problem) return reject(`properties: ${problem}`);
    properties = JSON.stringify(props);
    if (Buffer.byteLength(properties, 'utf8') > MAX_PROPERTIES_BYTES)
      return reject(`properties: larger than ${MAX_PROPERTIES_BYTES} bytes`);
  }

  let feature: string | null = null;
  let sentiment: TicketSentiment | null = null;
  if (type === 'feature_used') {
    const f = props?.feature;
    if (typeof f !== 'string' || f.length === 0 || f.length > MAX_FEATURE_LENGTH) {
      return reject(
        `properties.feature: a feature_used signal needs a feature name (1–${MAX_FEATURE_LENGTH} characters)`,
      );
    }
    feature = f;
  }
  if (type === 'support_ticket') {
    const s = props?.sentiment;
    if (s !== undefined && s !== null) {
      if (typeof s !== 'string' || !(TICKET_SENTIMENTS as readonly string[]).includes(s.toLowerCase())) {
        return reject('properties.sentiment: must be positive, neutral or negative');
      }
      sentiment = s.toLowerCase() as TicketSentiment;
    }
  }

  return {
    id,
    accountId: accountId || null,
    accountExternalId: accountId ? null : accountExternalId,
    type,
    // Millisecond precision everywhere (cursors round-trip through JS dates).
    occurredAt: new Date(occurredAt.getTime()),
    quantity,
    properties,
    feature,
    sentiment,
  };
}

/** The UTC month (first day, `YYYY-MM-01`) an instant falls in: the raw-event partition it belongs to. */
export function monthKey(d: Date): string {
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + 1;
  // Same text as toISOString().slice(0, 7) for years 0–9999, without building the whole ISO string per event.
  return y >= 0 && y <= 9999
    ? `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-01`
    : d.toISOString().slice(0, 7) + '-01';
}

/**
 * Which of `parts` merge streams a signal goes to: by its account reference, so every event of one account
 * (as referenced) is merged by one stream, in input order. FNV-1a over the reference's UTF-16 code units.
 */
export function mergePartitionOf(v: Pick<ValidSignal, 'accountId' | 'accountExternalId'>, parts: number): number {
  if (parts <= 1) return 0;
  const ref = v.accountId ?? v.accountExternalId ?? '';
  let h = 0x811c9dc5;
  for (let i = 0; i < ref.length; i++) {
    h ^= ref.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % parts;
}
