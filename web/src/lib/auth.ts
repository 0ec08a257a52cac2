/**
 * Sign-in, sign-out and set-password against the service's /auth endpoints (cookie session, same origin).
 * Each answers JSON; a refusal carries { error: { code, message, fields? } } and the x-request-id header.
 */
import { ApiError, type FieldError } from './graphql-client';

async function post(path: string, body: unknown): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    });
  } catch {
    throw new ApiError('The service cannot be reached. Check your connection and retry.', 'NETWORK_ERROR', null);
  }
  const requestId = response.headers.get('x-request-id');
  const json = (await response.json().catch(() => null)) as {
    error?: { code?: string; message?: string; fields?: FieldError[] } | string;
    code?: string;
    message?: string;
    fields?: FieldError[];
  } | null;
  if (response.ok) return json;
  const err = typeof json?.error === 'object' ? json.error : (json ?? {});
  const message =
    (typeof err === 'object' && 'message' in err && typeof err.message === 'string' ? err.message : null) ??
    (response.status === 429
      ? `Too many attempts. Try again in ${response.headers.get('retry-after') ?? 'a few'} seconds.`
      : `The service answered HTTP ${response.status}`);
  const code =
    (typeof err === 'object' && 'code' in err && typeof err.code === 'string' ? err.code : null) ??
    `HTTP_${response.status}`;
  const fields = typeof err === 'object' && 'fields' in err && Array.isArray(err.fields) ? err.fields : [];
  throw new ApiError(message, code, requestId, fields, response.status);
}

export async function signIn(email: string, password: string): Promise<void> {
  await post('/auth/sign-in', { email, password });
}

export async function signOut(): Promise<void> {
  await post('/auth/sign-out', {});
}

export async function setPassword(token: string, password: string): Promise<void> {
  await post('/auth/set-password', { token, password });
}
