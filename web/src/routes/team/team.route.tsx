import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { appRoute } from '../_app/app.route';
import { requireRole } from '../_app/require-role';
import { MANAGERS } from '../_app/navigation';
import { validateTeamSearch } from './team-search';

/** The CSM scorecard (issue 19, screen 3) and one CSM's page: managers only; the pages are lazy chunks. */
export const teamRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/team',
  validateSearch: validateTeamSearch,
  beforeLoad: requireRole(MANAGERS),
  component: lazyRouteComponent(() => import('./team-page'), 'TeamPage'),
});

export const csmRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/team/$userId',
  beforeLoad: requireRole(MANAGERS),
  component: lazyRouteComponent(() => import('./csm-page'), 'CsmPage'),
});
