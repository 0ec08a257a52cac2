import type { Role } from '@/gql/graphql';

export interface NavItem {
  to: string;
  label: string;
  /** Roles that see the entry (and may open the screen). */
  roles: Role[];
}

const EVERYONE: Role[] = ['ADMIN', 'MANAGER', 'CSM'];
export const MANAGERS: Role[] = ['ADMIN', 'MANAGER'];

/**
 * The main navigation. A screen for managers only lists MANAGERS here and guards its route with
 * `requireRole(MANAGERS)` (see docs/web.md): a CSM never sees a control they cannot use.
 */
export const NAV_ITEMS: NavItem[] = [
  { to: '/', label: 'My Day', roles: EVERYONE },
  { to: '/accounts', label: 'Accounts', roles: EVERYONE },
  { to: '/tasks', label: 'Tasks', roles: EVERYONE },
];

export function navFor(role: Role): NavItem[] {
  return NAV_ITEMS.filter((item) => item.roles.includes(role));
}

export function isManager(role: Role): boolean {
  return MANAGERS.includes(role);
}
