import { createRoute, redirect } from '@tanstack/react-router';
import { gqlRequest, ApiError } from '@/lib/graphql-client';
import { rootRoute } from '../__root';
import { MeQuery } from './me.graphql';
import { AppLayout } from './app-layout';

export const meQueryOptions = { queryKey: ['me'], queryFn: () => gqlRequest(MeQuery), staleTime: 5 * 60_000 };

/** Every signed-in screen: loads `me` once (role drives navigation and access), else goes to sign-in. */
export const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  beforeLoad: async ({ context, location }) => {
    try {
      const { me } = await context.queryClient.ensureQueryData(meQueryOptions);
      return { me };
    } catch (err) {
      if (err instanceof ApiError && err.code === 'UNAUTHENTICATED') {
        // TanStack Router's redirect is thrown by design (it is a Response, not an Error).
        // eslint-disable-next-line @typescript-eslint/only-throw-error
        throw redirect({ to: '/sign-in', search: { redirect: location.href } });
      }
      throw err;
    }
  },
  component: AppLayout,
});
