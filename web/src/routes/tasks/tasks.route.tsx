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
  validateSearch: (search: Record<string, unknown>): { assignee?: string; snoozed?: true } => ({
    assignee: typeof search.assignee === 'string' && search.assignee ? search.assignee : undefined,
    // Snoozed tasks are listed too (in their own group, with their wake-up time).
    snoozed: search.snoozed === true || search.snoozed === 'true' ? true : undefined,
  }),
  component: TasksPage,
});

function TasksPage() {
  const { me } = tasksRoute.useRouteContext();
  const { assignee, snoozed } = tasksRoute.useSearch();
  const navigate = tasksRoute.useNavigate();
  const manager = isManager(me.role);
  // A CSM: tasks assigned to them. A manager: the whole team's, or one person's.
  const filter = { status: 'OPEN' as const, assigneeId: manager ? assignee : me.id, includeSnoozed: snoozed };
  const query = useQuery({ queryKey: ['tasks', filter], queryFn: () => gqlRequest(TasksQuery, { filter }) });
  return (
    <>
      <PageHeader
        title="Tasks"
        subtitle={
          query.data
            ? `${query.data.tasks.totalCount} open${snoozed ? ', snoozed ones included' : ''}`
            : manager
              ? 'Open tasks of the team'
              : 'Your open tasks'
        }
      >
        <label className="flex h-9 items-center gap-2 text-sm font-medium text-slate-800">
          <input
            type="checkbox"
            className="h-4 w-4 accent-blue-700"
            checked={!!snoozed}
            onChange={(e) =>
              void navigate({ search: (prev) => ({ ...prev, snoozed: e.target.checked ? true : undefined }) })
            }
          />
          Show snoozed tasks
        </label>
        {manager && (
          <CsmPicker
            label="Assignee"
            value={assignee}
            onChange={(v) => void navigate({ search: (prev) => ({ ...prev, assignee: v }) })}
          />
        )}
      </PageHeader>
      <QueryState query={query} loadingRows={6}>
        {(d) => (
          <TaskGroups
            tasks={d.tasks.edges.map((e) => e.node)}
            compact={!manager}
            empty={
              <EmptyState title={snoozed ? 'No open tasks' : 'No open tasks due'}>
                Nothing to do right now
                {snoozed ? '' : ' (snoozed tasks are hidden: “Show snoozed tasks” lists them)'}. Playbooks add tasks
                when an account needs attention; you can also add one from an account’s page.
              </EmptyState>
            }
          />
        )}
      </QueryState>
    </>
  );
}
