import { createHash, randomBytes } from 'node:crypto';

/** A new API key: `vk_` + 32 random bytes in base64url. */
export function generateApiKey(): string {
  return `vk_${randomBytes(32).toString('base64url')}`;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Parses `Authorization: Bearer <key>`; returns null when absent or malformed. */
export function bearerToken(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(value);
  return m ? m[1] : null;
}
