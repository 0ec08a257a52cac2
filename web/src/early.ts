/**
 * Imported first by main.tsx, so it runs before React, the router and the screens are evaluated: reads the
 * signed-in user the service inlined into the page and, for the screens that can, sends the page's own GraphQL
 * request right away. main.tsx hands the requests in flight to the QueryClient; the route's loader then joins them
 * instead of asking again. Signed out (no inlined user): nothing starts here.
 */
import { readBootstrap } from './lib/bootstrap';
import { earlyQueries } from './routes/early-queries';

export const bootstrap = readBootstrap();

export const started = bootstrap
  ? earlyQueries(window.location.pathname, window.location.search, bootstrap.me.role).map((q) => ({
      queryKey: q.queryKey,
      promise: q.queryFn(),
    }))
  : [];
