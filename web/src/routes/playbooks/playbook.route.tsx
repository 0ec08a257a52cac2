import { createRoute, Link } from '@tanstack/react-router';
import { useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { gqlRequest } from '@/lib/graphql-client';
import { useApiMutation } from '@/lib/use-api-mutation';
import { formatDateTime, humanize } from '@/lib/format';
import { PageHeader, Section } from '@/components/page-header';
import { QueryState } from '@/components/states';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { FormError } from '@/components/form-error';
import { DataTable } from '@/components/cockpit/data-table';
import type { PlaybookPageQuery as PlaybookPageData } from '@/gql/graphql';
import { NotFoundPage } from '../errors/not-found';
import { appRoute } from '../_app/app.route';
import { MANAGERS } from '../_app/navigation';
import { requireRole } from '../_app/require-role';
import { PlaybookPageQuery, UpdatePlaybookMutation } from './playbooks.graphql';
import { describeTrigger } from './playbook-vocabulary';
import { PlaybookForm } from './playbook-form';
import { draftOf, inputOf, type PlaybookDraft } from './playbook-form-state';
import { DEFAULT_PERIOD_DAYS, type PeriodDays, periodOf, readPeriodDays } from './playbooks-period';
import { PeriodSelect } from './period-select';
import { PlaybookRunsPanel } from './playbook-runs-panel';
import { PlaybookEffectivenessPanel } from './playbook-effectiveness-panel';

export const playbookRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/playbooks/$playbookId',
  beforeLoad: requireRole(MANAGERS),
  validateSearch: (search: Record<string, unknown>): { days?: PeriodDays } => ({ days: readPeriodDays(search.days) }),
  component: PlaybookPage,
});

type Playbook = NonNullable<PlaybookPageData['playbook']>;
type Step = Playbook['steps'][number];

function PlaybookPage() {
  const { playbookId } = playbookRoute.useParams();
  const { days = DEFAULT_PERIOD_DAYS } = playbookRoute.useSearch();
  const navigate = playbookRoute.useNavigate();
  const period = periodOf(days);
  const query = useQuery({
    queryKey: ['playbooks', 'one', playbookId, period],
    queryFn: () => gqlRequest(PlaybookPageQuery, { id: playbookId, period }),
  });
  return (
    <QueryState query={query} loadingRows={8}>
      {(d) =>
        d.playbook ? (
          <PlaybookView
            data={d}
            playbook={d.playbook}
            period={period}
            periodSelect={<PeriodSelect days={days} onChange={(v) => void navigate({ search: { days: v } })} />}
          />
        ) : (
          <NotFoundPage />
        )
      }
    </QueryState>
  );
}

function PlaybookView({
  data,
  playbook: p,
  period,
  periodSelect,
}: {
  data: PlaybookPageData;
  playbook: Playbook;
  period: { from: string; to: string };
  periodSelect: ReactNode;
}) {
  const [editing, setEditing] = useState(false);
  const update = useApiMutation(
    (input: Parameters<typeof inputOf>[0] | { enabled: boolean }) =>
      gqlRequest(UpdatePlaybookMutation, { id: p.id, input: 'kind' in input ? inputOf(input) : input }),
    { invalidate: [['playbooks']], onSuccess: () => setEditing(false) },
  );
  const stats = data.playbookEffectiveness.find((s) => s.playbook.id === p.id);
  return (
    <div className="space-y-4" data-testid="playbook-content">
      <PageHeader
        title={p.name}
        subtitle={
          <>
            <Link to="/playbooks" className="text-blue-800 underline">
              All playbooks
            </Link>{' '}
            · {describeTrigger(p.trigger)} · {p.segment ? `Segment ${p.segment}` : 'All segments'} · cooldown{' '}
            {p.cooldownDays} days · changed {formatDateTime(p.updatedAt)}
          </>
        }
      >
        {periodSelect}
        <Badge tone={p.enabled ? 'green' : 'grey'}>{p.enabled ? 'Enabled' : 'Disabled'}</Badge>
        <Button variant="secondary" disabled={update.isPending} onClick={() => update.mutate({ enabled: !p.enabled })}>
          {p.enabled ? 'Disable' : 'Enable'}
        </Button>
        {!editing && <Button onClick={() => setEditing(true)}>Edit</Button>}
      </PageHeader>
      {!editing && <FormError error={update.formError} />}
      {editing ? (
        <Section title="Edit playbook">
          <PlaybookForm
            initial={draftOf(p)}
            submitLabel="Save playbook"
            busy={update.isPending}
            fieldErrors={update.fieldErrors}
            formError={update.formError}
            onSubmit={(d: PlaybookDraft) => update.mutate(d)}
            onCancel={() => setEditing(false)}
          />
        </Section>
      ) : (
        <Section title="Steps">
          {p.description && <p className="mb-2 text-sm text-slate-700">{p.description}</p>}
          <DataTable<Step>
            caption="Steps: the tasks each run creates"
            rows={p.steps}
            rowKey={(s) => String(p.steps.indexOf(s))}
            columns={[
              { key: 'title', label: 'Task', value: (s) => s.title },
              { key: 'type', label: 'Type', value: (s) => humanize(s.type) },
              { key: 'due', label: 'Due after (days)', numeric: true, value: (s) => s.dueInDays },
              {
                key: 'assignee',
                label: 'Assignee',
                value: (s) => (s.assignee === 'OWNER' ? 'Account owner' : 'A named user'),
              },
              { key: 'touches', label: 'Contacts the customer', value: (s) => (s.touchesCustomer ? 'Yes' : 'No') },
            ]}
          />
        </Section>
      )}
      <PlaybookEffectivenessPanel stats={stats} period={period} />
      <PlaybookRunsPanel data={data} />
    </div>
  );
}
