import type { ApiError } from '@/lib/graphql-client';

/** A refusal that belongs to no single field: the API's message and the request id to quote. */
export function FormError({ error }: { error: ApiError | null }) {
  if (!error) return null;
  return (
    <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-800">
      {error.message}
      {error.requestId && <span className="block text-xs">Request id: {error.requestId}</span>}
    </p>
  );
}
