// First: starts the page's own request before the rest of the app's code is evaluated (early.ts).
import { bootstrap, started } from './early';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { createQueryClient } from './lib/query-client';
import { setUnauthenticatedHandler } from './lib/graphql-client';
import { createAppRouter } from './router';
import { meQueryOptions } from './routes/_app/app.route';
import './styles.css';

const queryClient = createQueryClient();
// The signed-in user inlined by the service: the route guard finds `me` in the cache (no `me` round trip).
if (bootstrap) queryClient.setQueryData(meQueryOptions.queryKey, bootstrap);
// The page's requests already in flight: the routes' loaders and the screens join them by their keys.
for (const q of started) void queryClient.prefetchQuery({ queryKey: q.queryKey, queryFn: () => q.promise });
const router = createAppRouter(queryClient);

// A session that ends while the app is open (expiry, sign-out elsewhere): back to sign-in, then to this page.
setUnauthenticatedHandler(() => {
  const here = router.state.location;
  if (here.pathname.includes('/sign-in') || here.pathname.includes('/set-password')) return;
  // Never signed in on this page load: the route guard redirects to sign-in itself (no "session ended" notice).
  if (!queryClient.getQueryData(['me'])) return;
  queryClient.clear();
  void router.navigate({ to: '/sign-in', search: { redirect: here.href, expired: true } });
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
