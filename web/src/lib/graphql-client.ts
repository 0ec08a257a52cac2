import type { TypedDocumentString } from '@/gql/graphql';

/** One field the API refused, as listed in `extensions.fields` of a BAD_USER_INPUT error. */
export interface FieldError {
  field: string;
  message: string;
}

interface GraphqlErrorBody {
  message: string;
  extensions?: { code?: string; fields?: FieldError[]; requestId?: string };
}

/** A failed request: the API's error code and message, its field errors, and the request id to quote. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly requestId: string | null,
    readonly fields: FieldError[] = [],
    readonly status = 200,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Field errors keyed by the input field (without an `input.` prefix), first message per field. */
  fieldMap(): Record<string, string> {
    const map: Record<string, string> = {};
    for (const f of this.fields) {
      const key = f.field.replace(/^input\./, '');
      map[key] ??= f.message;
    }
    return map;
  }
}

/** Called on UNAUTHENTICATED so the app can send the user to sign-in (set by the router). */
let onUnauthenticated: (() => void) | null = null;
export function setUnauthenticatedHandler(handler: () => void): void {
  onUnauthenticated = handler;
}

/** Counts requests per page load (read by the benchmark through window.__vitalsGraphqlRequests). */
function countRequest(): void {
  const w = window as unknown as { __vitalsGraphqlRequests?: number };
  w.__vitalsGraphqlRequests = (w.__vitalsGraphqlRequests ?? 0) + 1;
}

/**
 * Posts a typed document to /graphql with the session cookie (same origin). Resolves to `data`; rejects with an
 * ApiError carrying the code, the field errors and the x-request-id of the response.
 */
export async function gqlRequest<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  ...[variables]: TVariables extends Record<string, never> ? [] : [TVariables]
): Promise<TResult> {
  countRequest();
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: document.toString(), variables: variables ?? {} }),
    });
  } catch {
    throw new ApiError('The service cannot be reached. Check your connection and retry.', 'NETWORK_ERROR', null);
  }
  const requestId = response.headers.get('x-request-id');
  const body = (await response.json().catch(() => null)) as {
    data?: TResult | null;
    errors?: GraphqlErrorBody[];
  } | null;
  const first = body?.errors?.[0];
  if (first) {
    const code = first.extensions?.code ?? 'ERROR';
    if (code === 'UNAUTHENTICATED') onUnauthenticated?.();
    throw new ApiError(
      first.message,
      code,
      first.extensions?.requestId ?? requestId,
      first.extensions?.fields ?? [],
      response.status,
    );
  }
  if (!response.ok || !body?.data) {
    throw new ApiError(
      `The service answered HTTP ${response.status}`,
      `HTTP_${response.status}`,
      requestId,
      [],
      response.status,
    );
  }
  return body.data;
}
