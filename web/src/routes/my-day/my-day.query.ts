import { gqlRequest } from '@/lib/graphql-client';
import { MyDayQuery, TeamQuery } from './my-day.graphql';

/**
 * A CSM's day is their book (the API enforces it); a manager sees the team, or one CSM when picked. No router or
 * React import here: it runs before the rest of the app's code (routes/early-queries.ts).
 */
export function myDayQueryOptions(ownerId: string | undefined) {
  const variables = { ownerId, timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone };
  return { queryKey: ['myDay', variables], queryFn: () => gqlRequest(MyDayQuery, variables) };
}

/** The team (users), for a manager's pickers. */
export const teamQueryOptions = { queryKey: ['team'], queryFn: () => gqlRequest(TeamQuery), staleTime: 5 * 60_000 };
