import { gqlRequest } from '@/lib/graphql-client';
import { AccountsQuery } from './accounts.graphql';
import { toAccountFilter, type AccountsSearch } from './accounts-search';

export const PAGE_SIZE = 50;

export function accountsVariables(search: AccountsSearch) {
  return {
    filter: toAccountFilter(search),
    orderBy: search.sort ?? 'HEALTH_ASC',
    after: search.after,
    first: PAGE_SIZE,
  };
}

/**
 * The list's one request (shared by the early start in main.tsx, the route's prefetch and the page). No router or
 * React import here: it runs before the rest of the app's code (routes/early-queries.ts).
 */
export function accountsQueryOptions(search: AccountsSearch) {
  const variables = accountsVariables(search);
  return { queryKey: ['accounts', variables], queryFn: () => gqlRequest(AccountsQuery, variables) };
}
