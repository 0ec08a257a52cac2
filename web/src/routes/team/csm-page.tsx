import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { gqlRequest } from '@/lib/graphql-client';
import type { CsmTrendsQueryVariables } from '@/gql/graphql';
import { formatMoney, formatPercent } from '@/lib/format';
import { PageHeader } from '@/components/page-header';
import { QueryState } from '@/components/states';
import { Button } from '@/components/ui/button';
import { ChartFrame } from '@/components/cockpit/chart-frame';
import type { DataColumn } from '@/components/cockpit/data-table';
import { SERIES_COLOURS } from '@/components/cockpit/palette';
import { teamQueryOptions } from '../my-day/csm-picker';
import { BandMixChart } from '../portfolio/band-mix-chart';
import { toWeekRows } from '../portfolio/portfolio-search';
import { csmRoute } from './team.route';
import { CsmTrendsQuery } from './team.graphql';
import { lastMonths } from './team-search';

interface MonthRow {
  month: string;
  nrr: number | null;
  grr: number | null;
  mrrCents: number;
}

const monthLabel = (day: string) =>
  new Date(`${day}T00:00:00Z`).toLocaleDateString(undefined, { month: 'short', year: 'numeric', timeZone: 'UTC' });
const pct = (v: number | null) => formatPercent(v === null ? null : v / 100);

/** One CSM: their monthly NRR/GRR and book MRR over 12 months, the weekly health mix of their book, their accounts. */
export function CsmPage() {
  const { userId } = csmRoute.useParams();
  const team = useQuery(teamQueryOptions);
  const name = team.data?.users.find((u) => u.id === userId)?.name;
  const months = lastMonths(12);
  const variables = {
    ownerId: userId,
    ...Object.fromEntries(months.map((m, i) => [`p${i}`, m])),
  } as CsmTrendsQueryVariables;
  const query = useQuery({ queryKey: ['csmTrends', variables], queryFn: () => gqlRequest(CsmTrendsQuery, variables) });

  return (
    <>
      <PageHeader title={name ?? 'CSM'} subtitle="Trends of their book over the last 12 months">
        <Button variant="secondary" asChild>
          <Link to="/accounts" search={{ owner: userId }}>
            Their accounts
          </Link>
        </Button>
        <Button variant="ghost" asChild>
          <Link to="/team">Back to the scorecard</Link>
        </Button>
      </PageHeader>
      <QueryState query={query} loadingRows={8}>
        {(d) => {
          const rows: MonthRow[] = months.map((m, i) => {
            const r = (
              d as unknown as Record<string, { nrr?: number | null; grr?: number | null; endMrrCents: number }>
            )[`m${i}`];
            return { month: m.from, nrr: r.nrr ?? null, grr: r.grr ?? null, mrrCents: r.endMrrCents };
          });
          const columns: DataColumn<MonthRow>[] = [
            { key: 'month', label: 'Month', value: (r) => r.month, render: (r) => monthLabel(r.month), sortable: true },
            { key: 'nrr', label: 'NRR', value: (r) => r.nrr, render: (r) => pct(r.nrr), numeric: true },
            { key: 'grr', label: 'GRR', value: (r) => r.grr, render: (r) => pct(r.grr), numeric: true },
            {
              key: 'mrr',
              label: 'Book MRR (month end)',
              value: (r) => r.mrrCents / 100,
              render: (r) => formatMoney(r.mrrCents),
              numeric: true,
            },
          ];
          return (
            <div data-testid="csm-content" className="space-y-6">
              <div className="grid gap-6 lg:grid-cols-2">
                <ChartFrame
                  title="NRR and GRR by month"
                  description="Each month's net and gross revenue retention of the book (docs/metrics.md)."
                  columns={columns.filter((c) => c.key !== 'mrr')}
                  rows={rows}
                  rowKey={(r) => r.month}
                  csvName={`csm-${userId}-retention.csv`}
                >
                  <div className="h-56">
                    <ResponsiveContainer width="100%" height="100%">
                      <LineChart
                        accessibilityLayer={false}
                        data={rows}
                        margin={{ top: 5, right: 10, bottom: 0, left: -10 }}
                      >
                        <CartesianGrid stroke="#e2e8f0" vertical={false} />
                        <XAxis dataKey="month" tickFormatter={monthLabel} fontSize={11} minTickGap={24} />
                        <YAxis fontSize={11} unit="%" />
                        <Tooltip
                          labelFormatter={(m) => monthLabel(typeof m === 'string' ? m : '')}
                          formatter={(v) => pct(Number(v))}
                        />
                        <Legend />
                        <Line
                          dataKey="nrr"
                          name="NRR"
                          stroke={SERIES_COLOURS[0]}
                          strokeWidth={2}
                          isAnimationActive={false}
                        />
                        <Line
                          dataKey="grr"
                          name="GRR"
                          stroke={SERIES_COLOURS[1]}
                          strokeWidth={2}
                          strokeDasharray="5 3"
                          isAnimationActive={false}
                        />
                      </LineChart>
                    </ResponsiveContainer>
                  </div>
                </ChartFrame>
                <ChartFrame
                  title="Book MRR by month"
                  description="MRR of the book just before each month's end."
                  columns={columns.filter((c) => c.key === 'month' || c.key === 'mrr')}
                  rows={rows}
                  rowKey={(r) => r.month}
                  csvName={`csm-${userId}-mrr.csv`}
                >
                  <div className="h-56">
                    <ResponsiveContainer width="100%" height="100%">
                      <LineChart
                        accessibilityLayer={false}
                        data={rows}
                        margin={{ top: 5, right: 10, bottom: 0, left: 10 }}
                      >
                        <CartesianGrid stroke="#e2e8f0" vertical={false} />
                        <XAxis dataKey="month" tickFormatter={monthLabel} fontSize={11} minTickGap={24} />
                        <YAxis fontSize={11} tickFormatter={(v: number) => formatMoney(v, { compact: true })} />
                        <Tooltip
                          labelFormatter={(m) => monthLabel(typeof m === 'string' ? m : '')}
                          formatter={(v) => formatMoney(Number(v))}
                        />
                        <Line
                          dataKey="mrrCents"
                          name="Book MRR"
                          stroke={SERIES_COLOURS[0]}
                          strokeWidth={2}
                          isAnimationActive={false}
                        />
                      </LineChart>
                    </ResponsiveContainer>
                  </div>
                </ChartFrame>
              </div>
              <BandMixChart rows={toWeekRows(d.portfolioHealth.weeks)} search={{ owner: userId }} />
            </div>
          );
        }}
      </QueryState>
    </>
  );
}
