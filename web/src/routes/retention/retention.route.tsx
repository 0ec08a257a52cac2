import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { appRoute } from '../_app/app.route';
import { MANAGERS } from '../_app/navigation';
import { requireRole } from '../_app/require-role';
import { validateRetentionSearch } from './retention-search';

/** Retention analytics (issue 19, screen 2): managers only; the page (charts) is a lazy chunk. */
export const retentionRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/retention',
  beforeLoad: requireRole(MANAGERS),
  validateSearch: validateRetentionSearch,
  component: lazyRouteComponent(() => import('./retention-page'), 'RetentionPage'),
});
