import { redirect } from '@tanstack/react-router';
import type { Role } from '@/gql/graphql';

/** For a route's beforeLoad: refuses (before any data loads) a role that may not open the screen. */
export function requireRole(roles: Role[]) {
  return ({ context }: { context: { me: { role: Role } } }) => {
    if (!roles.includes(context.me.role)) throw redirect({ to: '/not-allowed' });
  };
}
