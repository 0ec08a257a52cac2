import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { gqlRequest } from '@/lib/graphql-client';
import { formatDay } from '@/lib/format';
import { PageHeader } from '@/components/page-header';
import { EmptyState, QueryState } from '@/components/states';
import { Select } from '@/components/ui/select';
import { DataTable } from '@/components/cockpit/data-table';
import { teamRoute } from './team.route';
import { CsmScorecardQuery } from './team.graphql';
import { SCORECARD_COLUMNS } from './scorecard-columns';
import { MAX_BACK, PERIOD_UNITS, periodLabel, periodRange, type PeriodUnit, type TeamSearch } from './team-search';

/** The CSM scorecard: one row per CSM for a calendar month, quarter or year (definitions in docs/metrics.md). */
export function TeamPage() {
  const search = teamRoute.useSearch();
  const navigate = useNavigate();
  const unit = search.period ?? 'quarter';
  const back = search.back ?? 0;
  const period = periodRange(unit, back);
  const query = useQuery({
    queryKey: ['csmScorecard', period],
    queryFn: () => gqlRequest(CsmScorecardQuery, { period }),
    placeholderData: keepPreviousData,
  });
  const update = (patch: Partial<TeamSearch>) =>
    void navigate({ to: '/team', search: { ...search, ...patch } });
  const lastDay = formatDay(new Date(Date.parse(`${period.to}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10));

  return (
    <>
      <PageHeader title="CSM scorecard" subtitle={`${formatDay(period.from)} – ${lastDay} (UTC)`}>
        <label className="flex flex-col gap-1 text-sm font-medium text-slate-800">
          Period
          <Select
            aria-label="Period"
            value={unit}
            onChange={(v) => update({ period: v as PeriodUnit, back: undefined })}
            options={PERIOD_UNITS.map((u) => ({ value: u, label: u.charAt(0).toUpperCase() + u.slice(1) }))}
          />
        </label>
        <label className="flex flex-col gap-1 text-sm font-medium text-slate-800">
          Which
          <Select
            aria-label="Which period"
            value={String(back)}
            onChange={(v) => update({ back: Number(v) || undefined })}
            options={Array.from({ length: MAX_BACK + 1 }, (_, i) => ({
              value: String(i),
              label: periodLabel(unit, i),
            }))}
          />
        </label>
      </PageHeader>
      <QueryState
        query={query}
        loadingRows={6}
        isEmpty={(d) => d.csmScorecard.length === 0}
        empty={
          <EmptyState title="No CSM owns accounts yet">Assign accounts to CSMs to see their scorecards.</EmptyState>
        }
      >
        {(d) => (
          <div data-testid="team-content" className="space-y-3">
            <DataTable
              caption="CSM scorecard, one row per CSM"
              columns={SCORECARD_COLUMNS}
              rows={d.csmScorecard}
              rowKey={(r) => r.owner.id}
              csvName={`csm-scorecard-${period.from}.csv`}
              initialSort={{ key: 'mrr', dir: 'desc' }}
            />
            <p className="text-xs text-slate-600">
              NRR, GRR and churned MRR over the period for each CSM&apos;s book (accounts by their current owner);
              health mix now (Green / Yellow / Red / Unknown, overrides included); tasks by assignee — done in the
              period, the share done by the due time, and overdue at the period&apos;s end; CRC = CS costs allocated by
              the book&apos;s share of customers served / its customers served (docs/metrics.md).
            </p>
          </div>
        )}
      </QueryState>
    </>
  );
}
