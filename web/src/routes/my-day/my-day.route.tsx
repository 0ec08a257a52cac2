import { createRoute } from '@tanstack/react-router';
import { useQuery } from '@tanstack/react-query';
import { PageHeader } from '@/components/page-header';
import { QueryState } from '@/components/states';
import { appRoute } from '../_app/app.route';
import { isManager } from '../_app/navigation';
import { myDayQueryOptions } from './my-day.query';
import { CsmPicker } from './csm-picker';
import { BookTotals, RenewalsSection, TasksDueSection, WhatChangedSection } from './my-day-sections';

export const myDayRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/',
  validateSearch: (search: Record<string, unknown>): { owner?: string } => ({
    owner: typeof search.owner === 'string' && search.owner ? search.owner : undefined,
  }),
  loaderDeps: ({ search }) => search,
  // Asked for at navigation start, before the page renders (the page's useQuery joins it).
  loader: ({ context, deps }) => {
    void context.queryClient.prefetchQuery(myDayQueryOptions(isManager(context.me.role) ? deps.owner : undefined));
  },
  component: MyDayPage,
});

function MyDayPage() {
  const { me } = myDayRoute.useRouteContext();
  const { owner } = myDayRoute.useSearch();
  const navigate = myDayRoute.useNavigate();
  const manager = isManager(me.role);
  const ownerId = manager ? owner : undefined;
  const query = useQuery(myDayQueryOptions(ownerId));

  return (
    <>
      <PageHeader
        title="My Day"
        subtitle={manager ? (owner ? 'One CSM’s book' : 'The whole team') : 'Your book of business'}
      >
        {manager && <CsmPicker value={owner} onChange={(v) => void navigate({ search: { owner: v } })} />}
      </PageHeader>
      <QueryState query={query} loadingRows={8}>
        {({ myDay }) => (
          <div className="grid gap-4 lg:grid-cols-2">
            <div className="lg:col-span-2">
              <BookTotals day={myDay} ownerId={ownerId} />
            </div>
            <WhatChangedSection day={myDay} showOwner={manager && !owner} />
            <TasksDueSection day={myDay} />
            <div className="lg:col-span-2">
              <RenewalsSection day={myDay} ownerId={ownerId} showOwner={manager && !owner} />
            </div>
          </div>
        )}
      </QueryState>
    </>
  );
}
