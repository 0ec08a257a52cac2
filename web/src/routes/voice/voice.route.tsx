import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { appRoute } from '../_app/app.route';
import { MANAGERS } from '../_app/navigation';
import { requireRole } from '../_app/require-role';
import { validateVoiceSearch } from './voice-search';

/** Voice of the customer (managers). The page with its charts is a separate chunk, loaded when first opened. */
export const voiceRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/voice',
  validateSearch: validateVoiceSearch,
  beforeLoad: requireRole(MANAGERS),
  component: lazyRouteComponent(() => import('./voice-page'), 'VoicePage'),
});
