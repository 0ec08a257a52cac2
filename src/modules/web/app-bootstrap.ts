import type { Request } from 'express';

/** The signed-in user as the app's `me` query returns it (id, name, email, role). */
export interface BootstrapUser {
  id: string;
  name: string;
  email: string;
  role: string;
}

/** Who the request's session cookie belongs to; null when there is none or it is not live. */
export type SignedInUser = (req: Request) => Promise<BootstrapUser | null>;

/** The element id the app reads (web/src/lib/bootstrap.ts). */
export const BOOTSTRAP_ELEMENT_ID = 'vitals-bootstrap';

/**
 * JSON that is safe inside an HTML `<script>` data block: `<`, `>` and `&` become \u escapes (no `</script>` or
 * `<!--` can end or change the block, whatever a user's name holds), and U+2028/2029 are escaped too.
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * index.html with the signed-in user inlined as a JSON data block, so the app starts without asking for `me`
 * (a round trip before the page's own query could start). A data block (`type="application/json"`) is never
 * run, so the Content-Security-Policy (`script-src 'self'`, no inline script) stays as it is.
 */
export function withBootstrap(html: string, me: BootstrapUser): string {
  const block = `<script type="application/json" id="${BOOTSTRAP_ELEMENT_ID}">${scriptSafeJson({ me })}</script>`;
  const at = html.indexOf('</head>');
  return at < 0 ? `${block}${html}` : `${html.slice(0, at)}${block}${html.slice(at)}`;
}
