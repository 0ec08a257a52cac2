import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { appRoute } from '../_app/app.route';
import { MANAGERS } from '../_app/navigation';
import { requireRole } from '../_app/require-role';

export interface ScorecardsSearch {
  /** The scorecard being edited (its id); the default one when absent. */
  card?: string;
}

/** Scorecards (managers): edit, what-if, save a version, backfill. The page is a separate chunk. */
export const scorecardsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/scorecards',
  validateSearch: (s: Record<string, unknown>): ScorecardsSearch => ({
    card: typeof s.card === 'string' && s.card ? s.card : undefined,
  }),
  beforeLoad: requireRole(MANAGERS),
  component: lazyRouteComponent(() => import('./scorecards-page'), 'ScorecardsPage'),
});
