import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { appRoute } from '../_app/app.route';
import { MANAGERS } from '../_app/navigation';
import { requireRole } from '../_app/require-role';
import { validateRenewalsSearch } from './renewals-window';

/** Renewals (issue 19, screen 4): managers only. */
export const renewalsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/renewals',
  beforeLoad: requireRole(MANAGERS),
  validateSearch: validateRenewalsSearch,
  component: lazyRouteComponent(() => import('./renewals-page'), 'RenewalsPage'),
});
