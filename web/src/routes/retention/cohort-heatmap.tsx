import { useQuery } from '@tanstack/react-query';
import type { MetricsFilter, RetentionCohortsQuery } from '@/gql/graphql';
import { DataTable, type DataColumn } from '@/components/cockpit/data-table';
import { QueryState, EmptyState } from '@/components/states';
import { Section } from '@/components/page-header';
import { Select } from '@/components/ui/select';
import { gqlRequest } from '@/lib/graphql-client';
import { formatInt, formatMoney, formatPercent } from '@/lib/format';
import { CohortsQuery } from './retention.graphql';

type Cohort = RetentionCohortsQuery['cohortRetention'][number];
export type CohortMeasure = 'logo' | 'mrr';

/** 12 monthly cohorts ending with the period: [to − 12 months, to), first days of months. */
export function cohortRange(to: string): { from: string; to: string } {
  const d = new Date(`${to}T00:00:00Z`);
  const end = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + (d.getUTCDate() > 1 ? 1 : 0), 1));
  const from = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - 12, 1));
  return { from: from.toISOString().slice(0, 10), to: end.toISOString().slice(0, 10) };
}

/**
 * A cell's shade: near white at 0 % to mid blue at 100 % (MRR retention above 100 % stays darkest). The number is
 * always written in the cell, so colour is never the only cue; the darkest shade keeps dark text above 4.5:1.
 */
export function heatStyle(pct: number | null | undefined): { backgroundColor: string; color: string } {
  if (pct === null || pct === undefined) return { backgroundColor: 'transparent', color: '#334155' };
  const t = Math.max(0, Math.min(1, pct / 100));
  // From #f8fafc (248,250,252) to rgb(80,140,200) (contrast 5:1 with #0f172a).
  const mix = (a: number, b: number) => Math.round(a + (b - a) * t);
  return { backgroundColor: `rgb(${mix(248, 80)}, ${mix(250, 140)}, ${mix(252, 200)})`, color: '#0f172a' };
}

const monthLabel = (iso: string) =>
  new Date(iso).toLocaleDateString('en-US', { month: 'short', year: 'numeric', timeZone: 'UTC' });

/** The cohorts' one request (held by the page, like the trend's). */
export function useCohortQuery(to: string, filter: MetricsFilter) {
  const range = cohortRange(to);
  return useQuery({
    queryKey: ['retentionCohorts', range, filter],
    queryFn: () => gqlRequest(CohortsQuery, { ...range, filter }),
  });
}

export function CohortHeatmap({
  to,
  query,
  measure,
  onMeasure,
}: {
  to: string;
  query: ReturnType<typeof useCohortQuery>;
  measure: CohortMeasure;
  onMeasure: (m: CohortMeasure) => void;
}) {
  const range = cohortRange(to);
  const value = (c: Cohort, i: number) => {
    const p = c.periods.find((x) => x.index === i);
    return p ? (measure === 'logo' ? p.logoRetention : p.mrrRetention) : undefined;
  };
  const columns: DataColumn<Cohort>[] = [
    {
      key: 'cohort',
      label: 'Cohort',
      value: (c) => c.cohortStart.slice(0, 7),
      render: (c) => monthLabel(c.cohortStart),
    },
    { key: 'size', label: 'Customers', numeric: true, value: (c) => c.size, render: (c) => formatInt(c.size) },
    {
      key: 'base',
      label: 'Base MRR',
      numeric: true,
      value: (c) => c.baseMrrCents,
      render: (c) => formatMoney(c.baseMrrCents),
    },
    ...Array.from({ length: 12 }, (_, i): DataColumn<Cohort> => ({
      key: `m${i}`,
      label: `M${i}`,
      numeric: true,
      value: (c) => value(c, i),
      render: (c) => {
        const v = value(c, i);
        if (v === undefined) return <span className="text-slate-400">·</span>;
        return (
          <span className="block rounded px-1 py-0.5 text-center" style={heatStyle(v)}>
            {formatPercent(v === null ? null : v / 100)}
          </span>
        );
      },
    })),
  ];
  return (
    <Section
      title={`Cohort retention (${measure === 'logo' ? 'customers' : 'MRR'})`}
      actions={
        <Select
          aria-label="Cohort measure"
          value={measure}
          options={[
            { value: 'logo', label: 'Logo retention' },
            { value: 'mrr', label: 'MRR retention' },
          ]}
          onChange={(v) => onMeasure(v === 'mrr' ? 'mrr' : 'logo')}
        />
      }
    >
      <p className="mb-2 text-sm text-slate-600">
        Customers by the month they became customers (customer since), {monthLabel(`${range.from}T00:00:00Z`)} to{' '}
        {monthLabel(new Date(Date.parse(`${range.to}T00:00:00Z`) - 86_400_000).toISOString())}; M<em>k</em> = the share{' '}
        {measure === 'logo' ? 'of the cohort still a customer' : 'of the cohort’s month-0 MRR they pay'} at the end of
        month <em>k</em> (complete months only). Darker = higher; the number is in every cell.
      </p>
      <QueryState
        query={query}
        loadingRows={6}
        isEmpty={(d) => d.cohortRetention.length === 0}
        empty={
          <EmptyState title="No cohort in these months">
            No customer started in the twelve months up to the period’s end.
          </EmptyState>
        }
      >
        {(d) => (
          <div className="overflow-x-auto" data-testid="cohort-heatmap">
            <DataTable
              caption="Cohort retention"
              columns={columns}
              rows={d.cohortRetention}
              rowKey={(c) => c.cohortStart}
              csvName={`cohort-${measure}-retention.csv`}
            />
          </div>
        )}
      </QueryState>
    </Section>
  );
}
