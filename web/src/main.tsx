import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { createQueryClient } from './lib/query-client';
import { setUnauthenticatedHandler } from './lib/graphql-client';
import { createAppRouter } from './router';
import './styles.css';

const queryClient = createQueryClient();
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
