import { createHash } from 'node:crypto';
import { parseInstant } from '../signals/validate';

/**
 * The Segment HTTP Tracking API's messages (https://segment.com/docs/connections/sources/catalog/libraries/server/http-api/),
 * validated as Segment does: what makes a request fail as a whole (answered 400, nothing written) is here.
 */

export const SEGMENT_CALLS = ['track', 'identify', 'group', 'page', 'screen', 'alias'] as const;
export type SegmentCall = (typeof SEGMENT_CALLS)[number];

/** Segment's limits: one message ≤ 32 KB, one request ≤ 500 KB, a batch ≤ 2,500 messages. */
export const MAX_MESSAGE_BYTES = 32 * 1024;
export const MAX_BATCH_BYTES = 500 * 1024;
export const MAX_BATCH_MESSAGES = 2500;
export const MAX_ID_LENGTH = 256;

/** A request refused as a whole: answered with this HTTP status (400) and message. */
export class SegmentRequestError extends Error {
  constructor(
    message: string,
    /** Position of the offending message in a batch, when one. */
    readonly index: number | null = null,
    readonly messageId: string | null = null,
  ) {
    super(message);
  }
}

/** One message, normalised: ids as strings, the moment it happened already corrected for clock skew. */
export interface SegmentMessage {
  type: SegmentCall;
  messageId: string;
  userId: string | null;
  anonymousId: string | null;
  /** track: the event name. */
  event: string | null;
  /** page/screen: the name. */
  name: string | null;
  category: string | null;
  /** group: the account's external id. */
  groupId: string | null;
  /** alias: the previous id. */
  previousId: string | null;
  /** context.groupId: the account a track/page/screen belongs to. */
  contextGroupId: string | null;
  traits: Record<string, unknown>;
  properties: Record<string, unknown>;
  occurredAt: Date;
}

/** Deepest nesting a message may have (Segment's own payloads use a handful of levels). */
export const MAX_MESSAGE_DEPTH = 64;

/** Whether a parsed JSON value nests deeper than `limit` (iterative: a hostile body must not overflow the stack). */
export function nestedDeeperThan(root: unknown, limit: number): boolean {
  return walkMessage(root, limit, Infinity) === 'deep';
}

/**
 * One iterative walk of a parsed message (a hostile body must not overflow the stack): `deep` when it nests
 * deeper than `depthLimit`; `large` when its JSON could exceed `sizeLimit` bytes (an upper bound: strings
 * counted at 6 bytes a character, the worst of a \uXXXX escape; the caller measures those exactly); else `ok`.
 * Most messages are far below both limits, so JSON.stringify per message is only needed for the rare large one.
 */
export function walkMessage(root: unknown, depthLimit: number, sizeLimit: number): 'deep' | 'large' | 'ok' {
  const values: unknown[] = [root];
  const depths: number[] = [1];
  let bound = 0;
  while (values.length) {
    const v = values.pop();
    const d = depths.pop()!;
    if (typeof v === 'string') {
      bound += 2 + v.length * 6;
      continue;
    }
    if (typeof v !== 'object' || v === null) {
      bound += 25; // a number's or literal's text, and the comma after it
      continue;
    }
    if (d > depthLimit) return 'deep';
    if (Array.isArray(v)) {
      bound += 2 + v.length;
      for (let i = 0; i < v.length; i++) {
        values.push(v[i]);
        depths.push(d + 1);
      }
    } else {
      bound += 2;
      for (const k in v) {
        bound += 4 + k.length * 6;
        values.push((v as Record<string, unknown>)[k]);
        depths.push(d + 1);
      }
    }
  }
  return bound > sizeLimit ? 'large' : 'ok';
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Ids may be strings or numbers (Segment accepts both); numbers become their decimal text. */
function readId(raw: Record<string, unknown>, key: string, where: string, index: number | null): string | null {
  const v = raw[key];
  if (v === undefined || v === null || v === '') return null;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') throw new SegmentRequestError(`${where}${key} must be a string`, index);
  if (v.length > MAX_ID_LENGTH)
    throw new SegmentRequestError(`${where}${key} is longer than ${MAX_ID_LENGTH} characters`, index);
  if (v.includes('\u0000')) throw new SegmentRequestError(`${where}${key} must not contain NUL characters`, index);
  if (!v.isWellFormed()) throw new SegmentRequestError(`${where}${key} must be well-formed Unicode`, index);
  return v;
}

function readInstant(raw: Record<string, unknown>, key: string, where: string, index: number | null): Date | null {
  const v = raw[key];
  if (v === undefined || v === null || v === '') return null;
  const d = parseInstant(v);
  if (!d) throw new SegmentRequestError(`${where}${key} must be an ISO-8601 date-time`, index);
  return d;
}

/**
 * When the event happened, as Segment computes `timestamp`: the client's moment (`originalTimestamp`, else the
 * `timestamp` it sent) corrected for its clock skew when it says when it sent the request:
 * receivedAt − (sentAt − originalTimestamp). Without sentAt the client's moment as given; without any,
 * receivedAt. Never after receivedAt (a client claiming it sent an event before it happened has a bug; the
 * event is placed at its arrival).
 */
export function correctedTimestamp(original: Date | null, sentAt: Date | null, receivedAt: Date): Date {
  if (!original) return receivedAt;
  const t = sentAt ? receivedAt.getTime() - (sentAt.getTime() - original.getTime()) : original.getTime();
  return new Date(Math.min(t, receivedAt.getTime()));
}

/** A messageId for a message sent without one: a hash of its content, so a retry of the same message dedupes. */
export function contentMessageId(raw: Record<string, unknown>): string {
  const { sentAt: _sentAt, writeKey: _writeKey, ...rest } = raw;
  return `content-${createHash('sha256').update(JSON.stringify(rest)).digest('hex').slice(0, 40)}`;
}

/**
 * Validates one message of a request (a single call's body, or one item of a batch, whose `type` then says
 * the call). Throws SegmentRequestError for what Segment answers 400.
 */
export function parseSegmentMessage(
  raw: unknown,
  opts: {
    call: SegmentCall | null;
    index: number | null;
    batchSentAt: Date | null;
    receivedAt: Date;
    /** The caller has checked the nesting already (a batch walks each message once). */
    depthChecked?: boolean;
  },
): SegmentMessage {
  const { index } = opts;
  const where = index === null ? '' : `batch[${index}].`;
  if (!isObject(raw)) throw new SegmentRequestError(`${where.slice(0, -1) || 'body'} must be a JSON object`, index);
  if (!opts.depthChecked && nestedDeeperThan(raw, MAX_MESSAGE_DEPTH))
    throw new SegmentRequestError(
      `${where.slice(0, -1) || 'the message'} is nested more than ${MAX_MESSAGE_DEPTH} levels deep`,
      index,
    );
  const typeValue = opts.call ?? raw.type;
  if (typeof typeValue !== 'string' || !(SEGMENT_CALLS as readonly string[]).includes(typeValue))
    throw new SegmentRequestError(`${where}type must be one of ${SEGMENT_CALLS.join(', ')}`, index);
  const type = typeValue as SegmentCall;
  const messageId = readId(raw, 'messageId', where, index) ?? contentMessageId(raw);
  const fail = (message: string): never => {
    throw new SegmentRequestError(message, index, messageId);
  };
  const userId = readId(raw, 'userId', where, index);
  const anonymousId = readId(raw, 'anonymousId', where, index);
  if (userId === null && anonymousId === null) fail(`${where}userId or anonymousId is required`);
  const context = raw.context ?? null;
  if (context !== null && !isObject(context)) fail(`${where}context must be an object`);
  const properties = raw.properties ?? {};
  if (!isObject(properties)) fail(`${where}properties must be an object`);
  const traits = raw.traits ?? (isObject(context) && isObject(context.traits) ? context.traits : {});
  if (!isObject(traits)) fail(`${where}traits must be an object`);
  let event: string | null = null;
  if (type === 'track') {
    if (typeof raw.event !== 'string' || raw.event.trim() === '') fail(`${where}event is required for track`);
    event = (raw.event as string).trim();
    if (event.length > 200) fail(`${where}event is longer than 200 characters`);
  }
  const groupId = type === 'group' ? readId(raw, 'groupId', where, index) : null;
  if (type === 'group' && groupId === null) fail(`${where}groupId is required for group`);
  const previousId = type === 'alias' ? readId(raw, 'previousId', where, index) : null;
  if (type === 'alias' && (previousId === null || userId === null))
    fail(`${where}previousId and userId are required for alias`);
  const contextGroupId = isObject(context) ? readId(context, 'groupId', `${where}context.`, index) : null;
  const name = typeof raw.name === 'string' && raw.name !== '' ? raw.name : null;
  const category = typeof raw.category === 'string' && raw.category !== '' ? raw.category : null;

  const original = readInstant(raw, 'originalTimestamp', where, index) ?? readInstant(raw, 'timestamp', where, index);
  const sentAt = readInstant(raw, 'sentAt', where, index) ?? opts.batchSentAt;
  return {
    type,
    messageId,
    userId,
    anonymousId,
    event,
    name,
    category,
    groupId,
    previousId,
    contextGroupId,
    traits: traits as Record<string, unknown>,
    properties: properties as Record<string, unknown>,
    occurredAt: correctedTimestamp(original, sentAt, opts.receivedAt),
  };
}

/**
 * A whole request body: a single call (`call` given by the path) or `/v1/batch` (`call` null). Checks the size
 * limits (the body's and each message's) and returns the messages in order, a repeated messageId kept once
 * (its first occurrence) with the number of repeats.
 */
export function parseSegmentRequest(
  body: unknown,
  bodyBytes: number,
  call: SegmentCall | null,
  receivedAt: Date,
): { messages: SegmentMessage[]; repeats: number; writeKey: string | null } {
  if (!isObject(body)) throw new SegmentRequestError('the body must be a JSON object');
  const writeKey = typeof body.writeKey === 'string' ? body.writeKey : null;
  if (call !== null) {
    if (bodyBytes > MAX_MESSAGE_BYTES)
      throw new SegmentRequestError(`a message is larger than 32 KB (${bodyBytes} bytes)`);
    return {
      messages: [parseSegmentMessage(body, { call, index: null, batchSentAt: null, receivedAt })],
      repeats: 0,
      writeKey,
    };
  }
  if (bodyBytes > MAX_BATCH_BYTES) throw new SegmentRequestError(`a batch is larger than 500 KB (${bodyBytes} bytes)`);
  const batch = body.batch;
  if (!Array.isArray(batch)) throw new SegmentRequestError('batch must be an array of messages');
  if (batch.length > MAX_BATCH_MESSAGES)
    throw new SegmentRequestError(`a batch holds at most ${MAX_BATCH_MESSAGES} messages (got ${batch.length})`);
  const batchSentAt = readInstant(body, 'sentAt', '', null);
  // No message can exceed 32 KB when the whole body does not.
  const checkEach = bodyBytes > MAX_MESSAGE_BYTES;
  const seen = new Set<string>();
  const messages: SegmentMessage[] = [];
  let repeats = 0;
  for (let i = 0; i < batch.length; i++) {
    const walk = walkMessage(batch[i], MAX_MESSAGE_DEPTH, checkEach ? MAX_MESSAGE_BYTES : Infinity);
    if (walk === 'deep')
      throw new SegmentRequestError(`batch[${i}] is nested more than ${MAX_MESSAGE_DEPTH} levels deep`, i);
    if (walk === 'large') {
      const size = Buffer.byteLength(JSON.stringify(batch[i]) ?? '', 'utf8');
      if (size > MAX_MESSAGE_BYTES)
        throw new SegmentRequestError(`batch[${i}] is larger than 32 KB (${size} bytes)`, i);
    }
    const m = parseSegmentMessage(batch[i], { call: null, index: i, batchSentAt, receivedAt, depthChecked: true });
    if (seen.has(m.messageId)) {
      repeats++;
      continue;
    }
    seen.add(m.messageId);
    messages.push(m);
  }
  return { messages, repeats, writeKey };
}
