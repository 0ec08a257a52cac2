import { createRoute } from '@tanstack/react-router';
import { useQuery } from '@tanstack/react-query';
import { gqlRequest } from '@/lib/graphql-client';
import { PageHeader } from '@/components/page-header';
import { QueryState } from '@/components/states';
import { appRoute } from '../_app/app.route';
import { isManager } from '../_app/navigation';
import { MyDayQuery } from './my-day.graphql';
import { CsmPicker } from './csm-picker';
import { BookTotals, RenewalsSection, TasksDueSection, WhatChangedSection } from './my-day-sections';

export const myDayRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/',
  validateSearch: (search: Record<string, unknown>): { owner?: string } => ({
    owner: typeof search.owner === 'string' && search.owner ? search.owner : undefined,
  }),
  component: MyDayPage,
});

function MyDayPage() {
  const { me } = myDayRoute.useRouteContext();
  const { owner } = myDayRoute.useSearch();
  const navigate = myDayRoute.useNavigate();
  const manager = isManager(me.role);
  // A CSM's day is their book (the API enforces it); a manager sees the team, or one CSM when picked.
  const variables = {
    ownerId: manager ? owner : undefined,
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  };
  const query = useQuery({ queryKey: ['myDay', variables], queryFn: () => gqlRequest(MyDayQuery, variables) });

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
              <BookTotals day={myDay} ownerId={variables.ownerId} />
            </div>
            <WhatChangedSection day={myDay} showOwner={manager && !owner} />
            <TasksDueSection day={myDay} />
            <div className="lg:col-span-2">
              <RenewalsSection day={myDay} ownerId={variables.ownerId} showOwner={manager && !owner} />
            </div>
          </div>
        )}
      </QueryState>
    </>
  );
}
