import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { MetricsFilter, RenewalsQuery as RenewalsData } from '@/gql/graphql';
import { PageHeader, Section } from '@/components/page-header';
import { EmptyState, QueryState } from '@/components/states';
import { DataTable, type DataColumn } from '@/components/cockpit/data-table';
import { MetricTile } from '@/components/cockpit/metric-tile';
import { BandBadge, RiskBadge } from '@/components/band-badge';
import { Select } from '@/components/ui/select';
import { gqlRequest } from '@/lib/graphql-client';
import { formatDay, formatInt, formatMoney, formatPercent } from '@/lib/format';
import { CsmPicker } from '../my-day/csm-picker';
import { SegmentFilter } from '../retention/period-picker';
import { RenewalsQuery } from './renewals.graphql';
import { renewalsRoute } from './renewals.route';
import { bucketLabel, renewalsWindow, type RenewalUnit, type RenewalsSearch } from './renewals-window';

type Period = RenewalsData['renewals']['periods'][number];
type Upcoming = RenewalsData['renewals']['upcoming'][number];

const PRIORITY_TEXT: Record<Upcoming['priority'], string> = { AT_RISK: 'At risk', WATCH: 'Watch', OK: 'On track' };

const DEFINITIONS = {
  upcoming:
    'Accounts not churned whose stored renewal date falls from today to the end of the window; their current MRR.',
  atRisk: 'Upcoming renewals with RED health or HIGH churn risk (the band people see, overrides included).',
  past: 'The data keeps only the next renewal date, so past renewals are inferred: annual anniversaries of the renewal date (the sign-up date when none). Due when paying 30 days before; churned when paying nothing 30 days after; renewed otherwise, expanded or contracted against the MRR before (docs/metrics.md, "Renewals").',
};

export function RenewalsPage() {
  const search = renewalsRoute.useSearch();
  const navigate = renewalsRoute.useNavigate();
  const unit: RenewalUnit = search.by ?? 'month';
  const window = renewalsWindow(unit, new Date());
  const filter: MetricsFilter = { segment: search.segment, ownerId: search.owner };
  const update = (patch: Partial<RenewalsSearch>) =>
    void navigate({ search: (s: RenewalsSearch) => ({ ...s, ...patch }) });
  const query = useQuery({
    queryKey: ['renewals', window, unit, filter],
    queryFn: () => gqlRequest(RenewalsQuery, { ...window, interval: unit === 'quarter' ? 'QUARTER' : 'MONTH', filter }),
  });
  const today = new Date().toISOString().slice(0, 10);

  const periodColumns: DataColumn<Period>[] = [
    {
      key: 'period',
      label: unit === 'quarter' ? 'Quarter' : 'Month',
      value: (p) => p.periodStart.slice(0, 10),
      render: (p) => bucketLabel(unit, p.periodStart),
    },
    {
      key: 'up',
      label: 'Up for renewal',
      numeric: true,
      value: (p) => p.upcomingCount,
      render: (p) => (p.periodEnd.slice(0, 10) <= today ? '—' : formatInt(p.upcomingCount)),
    },
    {
      key: 'upMrr',
      label: 'MRR up',
      numeric: true,
      value: (p) => p.upcomingMrrCents,
      render: (p) => (p.periodEnd.slice(0, 10) <= today ? '—' : formatMoney(p.upcomingMrrCents)),
    },
    {
      key: 'risk',
      label: 'At risk MRR',
      numeric: true,
      value: (p) => p.atRiskMrrCents,
      render: (p) =>
        p.periodEnd.slice(0, 10) <= today ? '—' : `${formatMoney(p.atRiskMrrCents)} (${formatInt(p.atRiskCount)})`,
    },
    {
      key: 'due',
      label: 'Due (past)',
      numeric: true,
      value: (p) => p.dueCount,
      render: (p) => (p.periodStart.slice(0, 10) >= today ? '—' : formatInt(p.dueCount)),
    },
    {
      key: 'renewed',
      label: 'Renewed',
      numeric: true,
      value: (p) => p.renewedMrrCents,
      render: (p) =>
        p.periodStart.slice(0, 10) >= today ? '—' : `${formatInt(p.renewedCount)} · ${formatMoney(p.renewedMrrCents)}`,
    },
    {
      key: 'churned',
      label: 'Churned',
      numeric: true,
      value: (p) => p.churnedMrrCents,
      render: (p) =>
        p.periodStart.slice(0, 10) >= today ? '—' : `${formatInt(p.churnedCount)} · ${formatMoney(p.churnedMrrCents)}`,
    },
    {
      key: 'expanded',
      label: 'Expanded',
      numeric: true,
      value: (p) => p.expansionMrrCents,
      render: (p) =>
        p.periodStart.slice(0, 10) >= today
          ? '—'
          : `${formatInt(p.expandedCount)} · +${formatMoney(p.expansionMrrCents)}`,
    },
    {
      key: 'contracted',
      label: 'Contracted',
      numeric: true,
      value: (p) => p.contractionMrrCents,
      render: (p) =>
        p.periodStart.slice(0, 10) >= today
          ? '—'
          : `${formatInt(p.contractedCount)} · −${formatMoney(p.contractionMrrCents)}`,
    },
  ];
  const upcomingColumns: DataColumn<Upcoming>[] = [
    { key: 'priority', label: 'Priority', value: (u) => PRIORITY_TEXT[u.priority] },
    {
      key: 'name',
      label: 'Account',
      value: (u) => u.name,
      render: (u) => (
        <Link to="/accounts/$accountId" params={{ accountId: u.accountId }} className="text-blue-800 underline">
          {u.name}
        </Link>
      ),
    },
    { key: 'date', label: 'Renewal', value: (u) => u.renewalDate, render: (u) => formatDay(u.renewalDate) },
    { key: 'mrr', label: 'MRR', numeric: true, value: (u) => u.mrrCents, render: (u) => formatMoney(u.mrrCents) },
    { key: 'band', label: 'Health', value: (u) => u.band, render: (u) => <BandBadge band={u.band} /> },
    {
      key: 'risk',
      label: 'Churn risk',
      value: (u) => u.riskProbability,
      render: (u) => (
        <span className="inline-flex items-center gap-1">
          <RiskBadge band={u.riskBand} />
          {u.riskProbability !== null && u.riskProbability !== undefined && (
            <span className="text-xs text-slate-600">{formatPercent(u.riskProbability)}</span>
          )}
        </span>
      ),
    },
    { key: 'owner', label: 'CSM', value: (u) => u.ownerName ?? '' },
    { key: 'segment', label: 'Segment', value: (u) => u.segment ?? '' },
  ];

  return (
    <>
      <PageHeader
        title="Renewals"
        subtitle={`${formatDay(window.from)} to ${formatDay(new Date(Date.parse(`${window.to}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10))}: past outcomes and what is coming up`}
      >
        <label className="flex flex-col gap-1 text-sm font-medium text-slate-800">
          By
          <Select
            aria-label="By"
            value={unit}
            options={[
              { value: 'month', label: 'Month' },
              { value: 'quarter', label: 'Quarter' },
            ]}
            onChange={(v) => update({ by: v === 'quarter' ? 'quarter' : undefined })}
          />
        </label>
        <SegmentFilter value={search.segment} onChange={(segment) => update({ segment })} />
        <CsmPicker value={search.owner} onChange={(owner) => update({ owner })} />
      </PageHeader>
      <QueryState query={query} loadingRows={6}>
        {(d) => {
          const sum = (k: keyof Period) => d.renewals.periods.reduce((s, p) => s + (p[k] as number), 0);
          return (
            <div className="space-y-6" data-testid="renewals-content">
              <div className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-5">
                <MetricTile
                  label="MRR up for renewal"
                  value={formatMoney(sum('upcomingMrrCents'))}
                  previous={null}
                  definition={<p>{DEFINITIONS.upcoming}</p>}
                />
                <MetricTile
                  label="At-risk MRR up for renewal"
                  value={formatMoney(sum('atRiskMrrCents'))}
                  definition={<p>{DEFINITIONS.atRisk}</p>}
                />
                <MetricTile
                  label="Renewed (past)"
                  value={`${formatInt(sum('renewedCount'))} · ${formatMoney(sum('renewedMrrCents'))}`}
                  definition={<p>{DEFINITIONS.past}</p>}
                />
                <MetricTile
                  label="Churned at renewal (past)"
                  value={`${formatInt(sum('churnedCount'))} · ${formatMoney(sum('churnedMrrCents'))}`}
                  definition={<p>{DEFINITIONS.past}</p>}
                />
                <MetricTile
                  label="Expanded at renewal (past)"
                  value={`${formatInt(sum('expandedCount'))} · +${formatMoney(sum('expansionMrrCents'))}`}
                  definition={<p>{DEFINITIONS.past}</p>}
                />
              </div>
              <Section title={`By ${unit}`}>
                <DataTable
                  caption={`Renewals by ${unit}`}
                  columns={periodColumns}
                  rows={d.renewals.periods}
                  rowKey={(p) => p.periodStart}
                  csvName={`renewals-by-${unit}.csv`}
                />
              </Section>
              <Section title={`Upcoming renewals, at risk first (${formatInt(d.renewals.upcomingCount)})`}>
                {d.renewals.upcomingCount === 0 ? (
                  <EmptyState title="No renewal coming up">
                    No account in this view has a renewal date before the window ends.
                  </EmptyState>
                ) : (
                  <>
                    {d.renewals.upcomingCount > d.renewals.upcoming.length && (
                      <p className="mb-2 text-sm text-slate-600">
                        The first {formatInt(d.renewals.upcoming.length)} by priority; narrow by segment or CSM for the
                        rest.
                      </p>
                    )}
                    <DataTable
                      caption="Upcoming renewals"
                      columns={upcomingColumns}
                      rows={d.renewals.upcoming}
                      rowKey={(u) => u.accountId}
                      csvName="upcoming-renewals.csv"
                    />
                  </>
                )}
              </Section>
            </div>
          );
        }}
      </QueryState>
    </>
  );
}
