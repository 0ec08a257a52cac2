import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { appRoute } from '../_app/app.route';
import { accountQueryOptions } from './account.query';

export type AccountTab = 'overview' | 'revenue' | 'usage' | 'feedback' | 'timeline';
const TABS: AccountTab[] = ['overview', 'revenue', 'usage', 'feedback', 'timeline'];

export interface AccountSearch {
  tab?: AccountTab;
  /** Timeline filter: one kind of event. */
  kind?: string;
  /** Usage window in days. */
  days?: 30 | 90 | 180;
}

/** Account 360. Its page (with the charts) is a separate chunk, loaded when first opened. */
export const accountRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/accounts/$accountId',
  validateSearch: (search: Record<string, unknown>): AccountSearch => ({
    tab: TABS.includes(search.tab as AccountTab) ? (search.tab as AccountTab) : undefined,
    kind: typeof search.kind === 'string' && search.kind ? search.kind : undefined,
    days: [30, 90, 180].includes(Number(search.days)) ? (Number(search.days) as 30 | 90 | 180) : undefined,
  }),
  // The account's data is asked for while the page's chunk loads (not after): the page's useQuery joins it.
  loader: ({ context, params }) => {
    void context.queryClient.prefetchQuery(accountQueryOptions(params.accountId));
  },
  component: lazyRouteComponent(() => import('./account-page'), 'AccountPage'),
});
