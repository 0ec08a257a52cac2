/**
 * Fuzzing helpers, running side: the error codes a client may get, a bounded-concurrency runner, one way to
 * send an operation and judge its answer. Shared by the mutation, query and NDJSON fuzz suites.
 */

/** The codes of a client's fault (or a limit); anything else (INTERNAL_SERVER_ERROR, none) is a defect. */
export const CLIENT_CODES = new Set([
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'BAD_REQUEST',
  'QUERY_TOO_COMPLEX',
  'RATE_LIMITED',
]);

export type Caller = 'admin' | 'manager' | 'csmA' | 'csmB' | 'ingest' | 'anonymous';

export const short = (v: unknown, max = 600): string => {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s && s.length > max ? `${s.slice(0, max)}… (${s.length} chars)` : s;
};

/** Runs tasks with at most `limit` in flight; `exclusive(i)` tasks run alone (nothing else in flight). */
export async function runPool(
  n: number,
  limit: number,
  exclusive: (i: number) => boolean,
  task: (i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  let inFlight = 0;
  let error = null as Error | null; // set in callbacks
  await new Promise<void>((resolve) => {
    const pump = () => {
      if (error || (next >= n && inFlight === 0)) return resolve();
      while (next < n && inFlight < limit) {
        const i = next;
        if (exclusive(i) && inFlight > 0) return; // drain first
        next++;
        inFlight++;
        const solo = exclusive(i);
        task(i)
          .catch((e) => (error ??= e))
          .finally(() => {
            inFlight--;
            pump();
          });
        if (solo) return;
      }
    };
    pump();
  });
  if (error) throw error;
}

export interface GraphqlAnswer {
  status: number;
  body: {
    data?: Record<string, unknown> | null;
    errors?: Array<{ message: string; extensions?: { code?: string } }>;
  } | null;
  text: string;
}

/** POSTs one operation; the body is parsed when it is JSON (null otherwise, with the text kept). */
export async function postGraphql(
  baseUrl: string,
  key: string | null,
  query: string,
  variables: Record<string, unknown>,
): Promise<GraphqlAnswer> {
  const res = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text), text };
  } catch {
    return { status: res.status, body: null, text };
  }
}

/**
 * What is wrong with an answer, by the fuzz rule (a success, or typed client errors only; never HTTP 5xx or a
 * body that is not JSON), or null when nothing is. `field` is the top-level field a success must carry.
 */
export function answerProblem(a: GraphqlAnswer, field: string): string | null {
  if (!a.body) return `HTTP ${a.status} with a body that is not JSON`;
  if (a.status >= 500) return `HTTP ${a.status}`;
  const errors = a.body.errors ?? [];
  for (const e of errors) {
    const code = e.extensions?.code ?? '(none)';
    if (!CLIENT_CODES.has(code)) return `error code ${code}`;
  }
  if (!errors.length && a.body.data?.[field] === undefined) return 'no errors but no data';
  return null;
}

/** Counts each error code of an answer into `codes`. */
export function countCodes(a: GraphqlAnswer, codes: Map<string, number>): void {
  for (const e of a.body?.errors ?? []) {
    const code = e.extensions?.code ?? '(none)';
    codes.set(code, (codes.get(code) ?? 0) + 1);
  }
}
