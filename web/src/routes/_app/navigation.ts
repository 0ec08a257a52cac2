import type { Role } from '@/gql/graphql';

export interface NavItem {
  to: string;
  label: string;
  /** Roles that see the entry (and may open the screen). */
  roles: Role[];
  /** `work`: the CSM's daily screens (first row); `manage`: the manager's cockpit (second row). */
  group: NavGroup;
}

export type NavGroup = 'work' | 'manage';

const EVERYONE: Role[] = ['ADMIN', 'MANAGER', 'CSM'];
export const MANAGERS: Role[] = ['ADMIN', 'MANAGER'];
export const ADMINS: Role[] = ['ADMIN'];

/**
 * The main navigation. A screen for managers only lists MANAGERS here and guards its route with
 * `requireRole(MANAGERS)` (see docs/web.md): a CSM never sees a control they cannot use.
 */
export const NAV_ITEMS: NavItem[] = [
  { to: '/', label: 'My Day', roles: EVERYONE, group: 'work' },
  { to: '/accounts', label: 'Accounts', roles: EVERYONE, group: 'work' },
  { to: '/tasks', label: 'Tasks', roles: EVERYONE, group: 'work' },
  // The manager's cockpit (issue 19): each screen appends its entry here, in this order —
  // portfolio, retention, team, renewals, voice, playbooks, webhooks, scorecards, churn-model, settings.
  { to: '/portfolio', label: 'Portfolio', roles: MANAGERS, group: 'manage' },
  { to: '/retention', label: 'Retention', roles: MANAGERS, group: 'manage' },
  { to: '/team', label: 'Team', roles: MANAGERS, group: 'manage' },
  { to: '/renewals', label: 'Renewals', roles: MANAGERS, group: 'manage' },
  { to: '/voice', label: 'Voice', roles: MANAGERS, group: 'manage' },
  { to: '/playbooks', label: 'Playbooks', roles: MANAGERS, group: 'manage' },
  // The webhooks API is ADMIN only, so is its screen.
  { to: '/webhooks', label: 'Webhooks', roles: ADMINS, group: 'manage' },
  { to: '/scorecards', label: 'Scorecards', roles: MANAGERS, group: 'manage' },
  { to: '/churn-model', label: 'Churn model', roles: MANAGERS, group: 'manage' },
  { to: '/settings', label: 'Settings', roles: ADMINS, group: 'manage' },
];

export function navFor(role: Role, group?: NavGroup): NavItem[] {
  return NAV_ITEMS.filter((item) => item.roles.includes(role) && (!group || item.group === group));
}

export function isManager(role: Role): boolean {
  return MANAGERS.includes(role);
}
