import type { NextFunction, Request, Response } from 'express';
import { ErrorCode } from '../errors/app-error';
import { bearerToken } from './api-key.util';
import { hasSessionCookie } from './session-cookie';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const CROSS_ORIGIN_MESSAGE =
  'Cross-origin request refused: a request signed in with the session cookie must come from this site';

/** This service's origin as the client sees it: protocol and Host (X-Forwarded-* with TRUST_PROXY). */
export function ownOrigin(req: Request): string | null {
  const host = req.host;
  if (!host) return null;
  return normalizeOrigin(`${req.protocol}://${host}`);
}

function normalizeOrigin(value: string): string | null {
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : null;
  } catch {
    return null;
  }
}

/**
 * CSRF defence for cookie-authenticated requests: a non-GET request that carries the session cookie (and no API
 * key, which is not ambient) must carry an Origin header equal to this service's origin, or to PUBLIC_URL's.
 * A foreign, `null` or missing Origin is refused with HTTP 403 before anything runs. Requests with an API key
 * or without the cookie are not affected (they carry no ambient authority).
 */
export function sameOriginForCookies(publicUrl: string | undefined) {
  const published = publicUrl ? normalizeOrigin(publicUrl) : null;
  return (req: Request, res: Response, next: NextFunction): void => {
    if (SAFE_METHODS.has(req.method) || !hasSessionCookie(req) || bearerToken(req.headers.authorization)) {
      next();
      return;
    }
    const given = req.headers.origin;
    const origin = typeof given === 'string' ? normalizeOrigin(given) : null;
    if (origin && (origin === ownOrigin(req) || origin === published)) {
      next();
      return;
    }
    const why = given ? `Origin ${JSON.stringify(given)} is not this site` : 'the Origin header is missing';
    res.status(403).json({
      errors: [
        {
          message: `${CROSS_ORIGIN_MESSAGE} (${why})`,
          extensions: { code: ErrorCode.FORBIDDEN, reason: 'CROSS_ORIGIN' },
        },
      ],
    });
  };
}
