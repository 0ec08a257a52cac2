import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { appRoute } from '../_app/app.route';
import { requireRole } from '../_app/require-role';
import { MANAGERS } from '../_app/navigation';
import { validatePortfolioSearch } from './portfolio-search';

/** Portfolio health (issue 19, screen 1): managers only; its page (with the chart) is a lazy chunk. */
export const portfolioRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/portfolio',
  validateSearch: validatePortfolioSearch,
  beforeLoad: requireRole(MANAGERS),
  component: lazyRouteComponent(() => import('./portfolio-page'), 'PortfolioPage'),
});
