import { createRoute, Link, useNavigate } from '@tanstack/react-router';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { gqlRequest } from '@/lib/graphql-client';
import { useApiMutation } from '@/lib/use-api-mutation';
import { formatDelta, formatInt, formatPercent } from '@/lib/format';
import { PageHeader, Section } from '@/components/page-header';
import { EmptyState, QueryState } from '@/components/states';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { DataTable, type DataColumn } from '@/components/cockpit/data-table';
import type { PlaybooksPageQuery as PlaybooksPageData } from '@/gql/graphql';
import { appRoute } from '../_app/app.route';
import { MANAGERS } from '../_app/navigation';
import { requireRole } from '../_app/require-role';
import { CreatePlaybookMutation, PlaybooksPageQuery } from './playbooks.graphql';
import { describeTrigger } from './playbook-vocabulary';
import { PlaybookForm } from './playbook-form';
import { emptyDraft, inputOf, type PlaybookDraft } from './playbook-form-state';
import { DEFAULT_PERIOD_DAYS, type PeriodDays, pct, periodOf, readPeriodDays } from './playbooks-period';
import { PeriodSelect } from './period-select';

export const playbooksRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/playbooks',
  beforeLoad: requireRole(MANAGERS),
  validateSearch: (search: Record<string, unknown>): { days?: PeriodDays } => ({ days: readPeriodDays(search.days) }),
  component: PlaybooksPage,
});

type Playbook = PlaybooksPageData['playbooks'][number];
type Stats = PlaybooksPageData['playbookEffectiveness'][number];
interface Row {
  p: Playbook;
  s: Stats | undefined;
}

const columns: DataColumn<Row>[] = [
  {
    key: 'name',
    label: 'Playbook',
    value: (r) => r.p.name,
    render: (r) => (
      <Link
        to="/playbooks/$playbookId"
        params={{ playbookId: r.p.id }}
        className="font-medium text-blue-800 hover:underline"
      >
        {r.p.name}
      </Link>
    ),
  },
  { key: 'trigger', label: 'Trigger', value: (r) => describeTrigger(r.p.trigger) },
  { key: 'segment', label: 'Segment', value: (r) => r.p.segment ?? 'All' },
  {
    key: 'enabled',
    label: 'Enabled',
    value: (r) => (r.p.enabled ? 'Enabled' : 'Disabled'),
    render: (r) => <Badge tone={r.p.enabled ? 'green' : 'grey'}>{r.p.enabled ? 'Enabled' : 'Disabled'}</Badge>,
  },
  { key: 'runs', label: 'Runs', numeric: true, value: (r) => r.s?.runs ?? 0, render: (r) => formatInt(r.s?.runs ?? 0) },
  {
    key: 'suppressed',
    label: 'Suppressed',
    numeric: true,
    value: (r) => r.s?.suppressedTotal ?? 0,
    render: (r) => formatInt(r.s?.suppressedTotal ?? 0),
  },
  {
    key: 'completion',
    label: 'Task completion',
    numeric: true,
    value: (r) => r.s?.taskCompletionPct,
    render: (r) => formatPercent(pct(r.s?.taskCompletionPct)),
  },
  {
    key: 'onTime',
    label: 'On time',
    numeric: true,
    value: (r) => r.s?.onTimePct,
    render: (r) => formatPercent(pct(r.s?.onTimePct)),
  },
  {
    key: 'save',
    label: 'Save rate',
    numeric: true,
    value: (r) => r.s?.saveRatePct,
    render: (r) => formatPercent(pct(r.s?.saveRatePct)),
  },
  {
    key: 'health',
    label: 'Health change (30 d)',
    numeric: true,
    value: (r) => r.s?.avgHealthChange30d,
    render: (r) => formatDelta(r.s?.avgHealthChange30d),
  },
];

function PlaybooksPage() {
  const { days = DEFAULT_PERIOD_DAYS } = playbooksRoute.useSearch();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const period = periodOf(days);
  const query = useQuery({
    queryKey: ['playbooks', 'page', period],
    queryFn: () => gqlRequest(PlaybooksPageQuery, { period }),
  });
  const create = useApiMutation((d: PlaybookDraft) => gqlRequest(CreatePlaybookMutation, { input: inputOf(d) }), {
    invalidate: [['playbooks']],
    onSuccess: (r) => void navigate({ to: '/playbooks/$playbookId', params: { playbookId: r.createPlaybook.id } }),
  });

  return (
    <>
      <PageHeader title="Playbooks" subtitle="What each playbook does and how well it works">
        <PeriodSelect days={days} onChange={(d) => void navigate({ to: '/playbooks', search: { days: d } })} />
        {!creating && <Button onClick={() => setCreating(true)}>New playbook</Button>}
      </PageHeader>
      <div className="space-y-4">
        {creating && (
          <Section title="New playbook">
            <PlaybookForm
              initial={emptyDraft()}
              submitLabel="Create playbook"
              busy={create.isPending}
              fieldErrors={create.fieldErrors}
              formError={create.formError}
              onSubmit={(d) => create.mutate(d)}
              onCancel={() => setCreating(false)}
            />
          </Section>
        )}
        <QueryState
          query={query}
          loadingRows={6}
          isEmpty={(d) => d.playbooks.length === 0}
          empty={
            <EmptyState title="No playbooks yet">
              A playbook creates tasks when an account meets its trigger. Start with “New playbook”.
            </EmptyState>
          }
        >
          {(d) => {
            const stats = new Map(d.playbookEffectiveness.map((s) => [s.playbook.id, s]));
            const rows = d.playbooks.map((p) => ({ p, s: stats.get(p.id) }));
            return (
              <div data-testid="playbooks-content">
                <DataTable
                  caption={`Playbooks and their effectiveness, runs started ${period.from} to ${period.to} (exclusive)`}
                  columns={columns}
                  rows={rows}
                  rowKey={(r) => r.p.id}
                  csvName={`playbooks-${period.from}-${period.to}.csv`}
                />
              </div>
            );
          }}
        </QueryState>
      </div>
    </>
  );
}
