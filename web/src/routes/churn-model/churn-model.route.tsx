import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { appRoute } from '../_app/app.route';
import { MANAGERS } from '../_app/navigation';
import { requireRole } from '../_app/require-role';

export interface ChurnModelSearch {
  /** The model shown (its version); the active one when absent. */
  version?: number;
}

/** Churn model (managers): models with their evaluation, calibration and coefficients; train a new one. */
export const churnModelRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/churn-model',
  validateSearch: (s: Record<string, unknown>): ChurnModelSearch => {
    const v = Number(s.version);
    return { version: Number.isInteger(v) && v > 0 ? v : undefined };
  },
  beforeLoad: requireRole(MANAGERS),
  component: lazyRouteComponent(() => import('./churn-model-page'), 'ChurnModelPage'),
});
