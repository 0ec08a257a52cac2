import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './graphql-client';

/** Client errors (bad input, forbidden, not found) are answers, not glitches: never retried. */
function retry(failureCount: number, error: unknown): boolean {
  if (
    error instanceof ApiError &&
    !['NETWORK_ERROR', 'SERVICE_UNAVAILABLE', 'HTTP_502', 'HTTP_504'].includes(error.code)
  )
    return false;
  return failureCount < 2;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: 30_000, retry, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
}
