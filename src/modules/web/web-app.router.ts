import { readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import express, { NextFunction, Request, Response, Router } from 'express';
import { SignedInUser, withBootstrap } from './app-bootstrap';

/** Where the web app is served. Its router (TanStack Router) and Vite's `base` use the same prefix. */
export const APP_PATH = '/app';

/**
 * The app's Content-Security-Policy: only this origin's scripts (no inline script, no eval), no plugins, no
 * framing, forms and fetches only to this origin. Inline styles stay allowed: Radix's scroll lock and Recharts
 * set `<style>`/style attributes at run time, and a style cannot run code.
 */
export const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "manifest-src 'self'",
  "worker-src 'self' blob:",
].join('; ');

const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': APP_CSP,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  // Set-password links carry their token in the URL: never send it to another site.
  'referrer-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
};

/** Vite's content-hashed output (`assets/name-<hash>.js`): safe to cache for a year. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Serves the built web app (WEB_DIST_DIR, normally web/dist) at /app: hashed assets cached for a year,
 * index.html never cached and returned for any other /app path a browser navigates to (deep links survive a
 * reload), `/` redirected to /app/. Without a build, /app answers 503 with how to build it. The build is looked
 * for on each request (one stat), so building while the service runs needs no restart. With `signedInUser`, the
 * page of a signed-in browser carries its user (app-bootstrap.ts): the app needs no `me` request to start.
 */
export function webAppRouter(distDir: string, signedInUser?: SignedInUser): Router {
  const router = Router();
  const index = new IndexFile(join(distDir, 'index.html'));

  router.get('/', (_req, res) => res.redirect(302, `${APP_PATH}/`));

  router.use(APP_PATH, (req: Request, res: Response, next: NextFunction) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    next();
  });
  router.use(
    APP_PATH,
    express.static(distDir, {
      index: false,
      redirect: false,
      etag: false,
      setHeaders: (res, path) => {
        res.setHeader('cache-control', relative(distDir, path).startsWith(`assets${sep}`) ? IMMUTABLE : 'no-cache');
      },
    }),
  );
  router.use(APP_PATH, (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    // A missing hashed file is a 404, never the page: a stale tab asking for an old chunk must fail clearly.
    if (req.path.startsWith('/assets/')) {
      res.status(404).type('text/plain').setHeader('cache-control', 'no-store');
      res.send('Not found\n');
      return;
    }
    const html = index.read();
    if (html === null) {
      res.status(503).type('html').setHeader('cache-control', 'no-store');
      res.send(NOT_BUILT_PAGE);
      return;
    }
    // The page may carry who is signed in: never stored by a shared cache, and it varies with the cookie.
    res.status(200).type('html').setHeader('cache-control', 'private, no-cache');
    res.setHeader('vary', 'Cookie');
    if (!signedInUser) {
      res.send(html);
      return;
    }
    signedInUser(req)
      .catch(() => null) // the app then asks for `me` itself and gets the API's answer
      .then((me) => res.send(me ? withBootstrap(html, me) : html), next);
  });
  return router;
}

/** index.html, re-read when its modification time changes (a rebuild), null while there is no build. */
class IndexFile {
  private cached: { mtimeMs: number; size: number; html: string } | null = null;

  constructor(private readonly path: string) {}

  read(): string | null {
    let stat;
    try {
      stat = statSync(this.path);
    } catch {
      this.cached = null;
      return null;
    }
    if (!this.cached || this.cached.mtimeMs !== stat.mtimeMs || this.cached.size !== stat.size) {
      try {
        this.cached = { mtimeMs: stat.mtimeMs, size: stat.size, html: readFileSync(this.path, 'utf8') };
      } catch {
        return null;
      }
    }
    return this.cached.html;
  }
}

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Vitals: the web app is not built</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">
<h1>The web app is not built yet</h1>
<p>The service is running (the GraphQL API is at <a href="/graphql">/graphql</a>), but the web app's files are
missing. Build them from the repository root:</p>
<pre>npm run build -w web</pre>
<p>then reload this page. <code>npm start</code> builds the app by itself when its build is missing or out of date;
with <code>npm ci --omit=dev</code> (no build tools) copy a built <code>web/dist</code> in, or set
<code>WEB_DIST_DIR</code> to where it is.</p>
</body>
</html>
`;
