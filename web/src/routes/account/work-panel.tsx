import type { AccountPageQuery } from '@/gql/graphql';
import { humanize } from '@/lib/format';
import { DateTime } from '@/components/date-time';
import { Section } from '@/components/page-header';
import { EmptyState } from '@/components/states';
import { Badge } from '@/components/ui/badge';
import { TaskGroups } from '../tasks/task-groups';

export function OpenTasksPanel({ data }: { data: AccountPageQuery }) {
  const tasks = data.tasks.edges.map((e) => e.node);
  return (
    <Section title={`Open tasks (${tasks.length})`}>
      <TaskGroups
        tasks={tasks}
        empty={<EmptyState title="No open tasks">Create one with “Create task”, or trigger a playbook.</EmptyState>}
      />
    </Section>
  );
}

export function RunsPanel({ data }: { data: AccountPageQuery }) {
  const runs = data.playbookRuns.edges.map((e) => e.node);
  return (
    <Section title="Playbook runs">
      {runs.length === 0 ? (
        <EmptyState title="No playbook has run here">
          Trigger one with “Trigger playbook” when the account needs a save plan.
        </EmptyState>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm">
          {runs.map((r) => {
            const done = r.tasks.filter((t) => t.status === 'DONE').length;
            return (
              <li key={r.id} className="py-2">
                <p className="flex flex-wrap items-center gap-2">
                  <strong>{r.playbook.name}</strong>
                  <Badge tone={r.status === 'OPEN' ? 'blue' : r.status === 'SUPPRESSED' ? 'grey' : 'green'}>
                    {humanize(r.status)}
                  </Badge>
                  {r.outcome && <Badge tone={r.outcome === 'SAVED' ? 'green' : 'red'}>{humanize(r.outcome)}</Badge>}
                </p>
                <p className="text-slate-600">
                  <DateTime value={r.startedAt} /> ·{' '}
                  {r.triggeredBy ? `by ${r.triggeredBy.name}` : `automatic (${humanize(r.triggerKind)})`}
                  {r.suppressed
                    ? ` · not started: ${humanize(r.suppressed)}`
                    : ` · ${done} of ${r.tasks.length} tasks done`}
                </p>
              </li>
            );
          })}
        </ul>
      )}
    </Section>
  );
}
