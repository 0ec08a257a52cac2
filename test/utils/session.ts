import type { GqlError } from './test-app';

/** What a browser-like client sends and gets back, over plain fetch (the tests look at headers themselves). */
export interface RawResponse<T = any> {
  status: number;
  headers: Headers;
  setCookies: string[];
  data: T;
  errors?: GqlError[];
}

export interface PostOptions {
  /** `vitals_session=<token>` or null. */
  cookie?: string | null;
  /** The Origin header; `undefined` leaves it out. */
  origin?: string;
  bearer?: string;
  headers?: Record<string, string>;
}

/** POST /graphql as a browser would (JSON), with an optional cookie and Origin. */
export async function post<T = any>(
  baseUrl: string,
  query: string,
  variables: Record<string, unknown> = {},
  opts: PostOptions = {},
): Promise<RawResponse<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...opts.headers };
  if (opts.cookie) headers.cookie = opts.cookie;
  if (opts.origin !== undefined) headers.origin = opts.origin;
  if (opts.bearer) headers.authorization = `Bearer ${opts.bearer}`;
  const res = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  let body: { data?: T; errors?: GqlError[] };
  try {
    body = JSON.parse(text) as { data?: T; errors?: GqlError[] };
  } catch {
    throw new Error(`non-JSON answer ${res.status}: ${text.slice(0, 300)}`);
  }
  return {
    status: res.status,
    headers: res.headers,
    setCookies: res.headers.getSetCookie(),
    data: body.data as T,
    errors: body.errors,
  };
}

/** The `name=value` part of the session cookie a response set, or null. */
export function sessionCookieOf(res: RawResponse): string | null {
  const c = res.setCookies.find((s) => s.startsWith('vitals_session='));
  return c ? c.split(';')[0] : null;
}

export const SIGN_IN = `mutation($e: String!, $p: String!) {
  signIn(email: $e, password: $p) { expiresAt idleExpiresAt user { id email role } }
}`;

export const SET_PASSWORD = `mutation($t: String!, $p: String!) {
  setPassword(token: $t, password: $p) { expiresAt user { id email } }
}`;

/** The token in a set-password url. */
export function tokenOf(url: string): string {
  const token = new URL(url).searchParams.get('token');
  if (!token) throw new Error(`no token in ${url}`);
  return token;
}
