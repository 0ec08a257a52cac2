import { createRoute } from '@tanstack/react-router';
import { useQuery } from '@tanstack/react-query';
import { gqlRequest } from '@/lib/graphql-client';
import { PageHeader } from '@/components/page-header';
import { EmptyState, QueryState } from '@/components/states';
import { appRoute } from '../_app/app.route';
import { isManager } from '../_app/navigation';
import { CsmPicker } from '../my-day/csm-picker';
import { TasksQuery } from './tasks.graphql';
import { TaskGroups } from './task-groups';

export const tasksRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/tasks',
  validateSearch: (search: Record<string, unknown>): { assignee?: string } => ({
    assignee: typeof search.assignee === 'string' && search.assignee ? search.assignee : undefined,
  }),
  component: TasksPage,
});

function TasksPage() {
  const { me } = tasksRoute.useRouteContext();
  const { assignee } = tasksRoute.useSearch();
  const navigate = tasksRoute.useNavigate();
  const manager = isManager(me.role);
  // A CSM: tasks assigned to them. A manager: the whole team's, or one person's.
  const filter = { status: 'OPEN' as const, assigneeId: manager ? assignee : me.id };
  const query = useQuery({ queryKey: ['tasks', filter], queryFn: () => gqlRequest(TasksQuery, { filter }) });
  return (
    <>
      <PageHeader
        title="Tasks"
        subtitle={
          query.data ? `${query.data.tasks.totalCount} open` : manager ? 'Open tasks of the team' : 'Your open tasks'
        }
      >
        {manager && (
          <CsmPicker label="Assignee" value={assignee} onChange={(v) => void navigate({ search: { assignee: v } })} />
        )}
      </PageHeader>
      <QueryState
        query={query}
        loadingRows={6}
        isEmpty={(d) => d.tasks.edges.length === 0}
        empty={
          <EmptyState title="No open tasks">
            Nothing to do right now. Playbooks add tasks when an account needs attention; you can also add one from an
            account’s page.
          </EmptyState>
        }
      >
        {(d) => <TaskGroups tasks={d.tasks.edges.map((e) => e.node)} compact={!manager} />}
      </QueryState>
    </>
  );
}
