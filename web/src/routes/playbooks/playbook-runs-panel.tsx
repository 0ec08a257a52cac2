import { Link } from '@tanstack/react-router';
import type { PlaybookPageQuery } from '@/gql/graphql';
import { formatDateTime, formatScore, humanize } from '@/lib/format';
import { DataTable, type DataColumn } from '@/components/cockpit/data-table';
import { EmptyState } from '@/components/states';
import { Badge } from '@/components/ui/badge';
import { Section } from '@/components/page-header';

type Run = PlaybookPageQuery['runs']['edges'][number]['node'];
type Suppression = PlaybookPageQuery['suppressions']['edges'][number]['node'];

const accountLink = (a: { id: string; name: string }) => (
  <Link to="/accounts/$accountId" params={{ accountId: a.id }} className="text-blue-800 hover:underline">
    {a.name}
  </Link>
);

const runColumns: DataColumn<Run>[] = [
  { key: 'startedAt', label: 'Started', value: (r) => r.startedAt, render: (r) => formatDateTime(r.startedAt) },
  { key: 'account', label: 'Account', value: (r) => r.account.name, render: (r) => accountLink(r.account) },
  {
    key: 'how',
    label: 'Started by',
    value: (r) => r.triggeredBy?.name ?? `Automatic (${humanize(r.triggerKind).toLowerCase()})`,
  },
  {
    key: 'status',
    label: 'Status',
    value: (r) => r.status,
    render: (r) => <Badge tone={r.status === 'OPEN' ? 'blue' : 'grey'}>{humanize(r.status)}</Badge>,
  },
  { key: 'outcome', label: 'Outcome', value: (r) => (r.outcome ? humanize(r.outcome) : null) },
  {
    key: 'startScore',
    label: 'Score at start',
    numeric: true,
    value: (r) => r.startScore,
    render: (r) => formatScore(r.startScore),
  },
  {
    key: 'tasks',
    label: 'Tasks',
    sortable: false,
    value: (r) => r.tasks.map((t) => `${t.title} (${humanize(t.status)})`).join('; '),
    render: (r) => (
      <ul className="space-y-0.5">
        {r.tasks.map((t) => (
          <li key={t.id}>
            {t.title}{' '}
            <span className="text-slate-600">
              — {humanize(t.type)}, {humanize(t.status)}, due {formatDateTime(t.dueAt)}
            </span>
          </li>
        ))}
      </ul>
    ),
  },
];

const suppressionColumns: DataColumn<Suppression>[] = [
  { key: 'at', label: 'When', value: (r) => r.startedAt, render: (r) => formatDateTime(r.startedAt) },
  { key: 'account', label: 'Account', value: (r) => r.account.name, render: (r) => accountLink(r.account) },
  { key: 'reason', label: 'Why not started', value: (r) => (r.suppressed ? humanize(r.suppressed) : null) },
  { key: 'trigger', label: 'Trigger', value: (r) => humanize(r.triggerKind) },
];

/** The playbook's latest runs with their tasks, and the attempts that were suppressed (and why). */
export function PlaybookRunsPanel({ data }: { data: PlaybookPageQuery }) {
  const runs = data.runs.edges.map((e) => e.node);
  const suppressions = data.suppressions.edges.map((e) => e.node);
  return (
    <>
      <Section title={`Recent runs (${data.runs.totalCount} in all, latest ${runs.length})`}>
        {runs.length === 0 ? (
          <EmptyState title="No runs yet">Runs appear here when an account meets the trigger.</EmptyState>
        ) : (
          <DataTable
            caption="Recent runs and their tasks"
            columns={runColumns}
            rows={runs}
            rowKey={(r) => r.id}
            csvName="playbook-runs.csv"
          />
        )}
      </Section>
      <Section title={`Suppressed attempts (${data.suppressions.totalCount} in all)`}>
        {suppressions.length === 0 ? (
          <EmptyState title="No suppressed attempts">
            An attempt is suppressed when the playbook is already running on the account, in its cooldown, over the
            contact cap, disabled, or for another segment.
          </EmptyState>
        ) : (
          <DataTable
            caption="Suppressed attempts and why"
            columns={suppressionColumns}
            rows={suppressions}
            rowKey={(r) => r.id}
            csvName="playbook-suppressions.csv"
          />
        )}
      </Section>
    </>
  );
}
