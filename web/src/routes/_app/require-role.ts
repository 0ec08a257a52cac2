import { redirect } from '@tanstack/react-router';
import type { Role } from '@/gql/graphql';

/** For a route's beforeLoad: refuses (before any data loads) a role that may not open the screen. */
export function requireRole(roles: Role[]) {
  return ({ context }: { context: { me: { role: Role } } }) => {
    // TanStack Router's redirect is thrown by design (it is a Response, not an Error).
    // eslint-disable-next-line @typescript-eslint/only-throw-error
    if (!roles.includes(context.me.role)) throw redirect({ to: '/not-allowed' });
  };
}
