import { createHash, randomBytes } from 'node:crypto';
import type { CookieOptions, Request } from 'express';

/** The session cookie. HttpOnly: the web app never reads it; the browser sends it with same-site requests. */
export const SESSION_COOKIE = 'vitals_session';

export const SESSION_ENDED = 'Your session has expired or was signed out; sign in again';

/** A new session or set-password token: 32 random bytes, base64url. */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Tokens are stored only as SHA-256 hashes (random 256-bit values need no slow hash). */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The value of one cookie in a `Cookie` header; null when absent or not a plausible token. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    return /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : null;
  }
  return null;
}

export function sessionToken(req: Pick<Request, 'headers'>): string | null {
  return readCookie(req.headers.cookie, SESSION_COOKIE);
}

/** Whether the request carries a session cookie at all (valid or not): then it is cookie-authenticated. */
export function hasSessionCookie(req: Pick<Request, 'headers'>): boolean {
  const header = req.headers.cookie;
  return !!header && header.split(';').some((p) => p.trim().startsWith(`${SESSION_COOKIE}=`));
}

/**
 * HttpOnly, SameSite=Lax, Path=/; Secure when the request came over https (`req.secure`, which honours
 * X-Forwarded-Proto with TRUST_PROXY) or the service is published on an https PUBLIC_URL.
 */
export function sessionCookieOptions(req: Request, publicUrl: string | undefined, expiresAt?: Date): CookieOptions {
  return {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: req.secure || (publicUrl?.startsWith('https:') ?? false),
    ...(expiresAt ? { expires: expiresAt } : {}),
  };
}
