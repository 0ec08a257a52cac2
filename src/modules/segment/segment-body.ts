import type { Request } from 'express';
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { MAX_BATCH_BYTES } from '../../core/segment/segment-message';

const gunzipAsync = promisify(gunzip);

/** Bytes read from the wire before giving up on a body (compressed or not): 4 × the batch limit. */
const MAX_WIRE_BYTES = 4 * MAX_BATCH_BYTES;

export class BodyError extends Error {}

/**
 * Reads a request body (gzip accepted) up to `limit` decompressed bytes. Returns the text and its size, or
 * `{ tooLarge }` with what was read past the limit; throws BodyError for a corrupt gzip stream or an encoding
 * other than gzip/identity.
 */
export async function readBody(
  req: Request,
  limit: number,
): Promise<{ text: string; bytes: number } | { tooLarge: number }> {
  const encoding = String(req.headers['content-encoding'] ?? 'identity')
    .trim()
    .toLowerCase();
  if (!['identity', '', 'gzip', 'x-gzip'].includes(encoding))
    throw new BodyError('Content-Encoding must be gzip or absent');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_WIRE_BYTES) return { tooLarge: size };
    chunks.push(chunk);
  }
  let raw = Buffer.concat(chunks, size);
  if (encoding === 'gzip' || encoding === 'x-gzip') {
    try {
      raw = await gunzipAsync(raw, { maxOutputLength: limit + 1 });
    } catch (err) {
      if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') return { tooLarge: limit + 1 };
      throw new BodyError(`could not decompress the gzip body: ${(err as Error).message}`);
    }
  }
  if (raw.length > limit) return { tooLarge: raw.length };
  return { text: raw.toString('utf8'), bytes: raw.length };
}

/** The write key of `Authorization: Basic base64(writeKey:)`; null when absent or not Basic. */
export function basicAuthUser(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  const m = value ? /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(value) : null;
  if (!m) return null;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const user = colon >= 0 ? decoded.slice(0, colon) : decoded;
  return user || null;
}
