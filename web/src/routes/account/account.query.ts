import { gqlRequest } from '@/lib/graphql-client';
import { AccountPageQuery } from './account.graphql';

/**
 * The one request of Account 360 (shared by the early start in main.tsx, the route's prefetch and the page).
 * No router or React import here: it runs before the rest of the app's code (routes/early-queries.ts).
 */
export function accountQueryOptions(accountId: string) {
  const variables = { id: accountId };
  return { queryKey: ['account', accountId, variables], queryFn: () => gqlRequest(AccountPageQuery, variables) };
}
