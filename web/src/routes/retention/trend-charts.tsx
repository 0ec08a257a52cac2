import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { MetricsFilter, TrendPointFragment } from '@/gql/graphql';
import { ChartFrame } from '@/components/cockpit/chart-frame';
import { SERIES_COLOURS } from '@/components/cockpit/palette';
import { QueryState } from '@/components/states';
import { Select } from '@/components/ui/select';
import { gqlRequest } from '@/lib/graphql-client';
import { formatMoney, formatPercent } from '@/lib/format';
import { RetentionTrendQuery } from './retention.graphql';
import { trendPeriods, unitLabel, type Period, type TrendUnit } from './retention-period';

type Point = TrendPointFragment & { label: string };

/** The trend's variables: 12 monthly or 8 quarterly periods (p8..p11 repeat the last and are skipped for quarters). */
export function trendVariables(unit: TrendUnit, endingBefore: string, filter: MetricsFilter) {
  const ps = trendPeriods(unit, endingBefore);
  const at = (i: number): Period => ps[Math.min(i, ps.length - 1)];
  return {
    filter,
    twelve: ps.length === 12,
    p0: at(0),
    p1: at(1),
    p2: at(2),
    p3: at(3),
    p4: at(4),
    p5: at(5),
    p6: at(6),
    p7: at(7),
    p8: at(8),
    p9: at(9),
    p10: at(10),
    p11: at(11),
  };
}

const RATES: Array<{ key: 'nrr' | 'grr' | 'crr' | 'churnRate'; label: string; dash?: string }> = [
  { key: 'nrr', label: 'NRR' },
  { key: 'grr', label: 'GRR', dash: '6 3' },
  { key: 'crr', label: 'CRR', dash: '2 3' },
  { key: 'churnRate', label: 'Churn rate', dash: '10 3 2 3' },
];
const pct = (v: number | null | undefined) =>
  v === null || v === undefined ? '—' : formatPercent(v / 100, { digits: 1 });

/** The trend's one request (the page holds it, to know when every part of the screen has its data). */
export function useTrendQuery(unit: TrendUnit, endingBefore: string, filter: MetricsFilter) {
  const vars = trendVariables(unit, endingBefore, filter);
  return useQuery({
    queryKey: ['retentionTrend', vars],
    queryFn: () => gqlRequest(RetentionTrendQuery, vars),
    placeholderData: keepPreviousData,
  });
}

/** NRR, GRR, CRR and churn rate, and ARR, per month (last 12) or quarter (last 8) up to the period's end. */
export function TrendCharts({
  unit,
  query,
  onUnit,
}: {
  unit: TrendUnit;
  query: ReturnType<typeof useTrendQuery>;
  onUnit: (u: TrendUnit) => void;
}) {
  const picker = (
    <Select
      aria-label="Trend by"
      value={unit}
      options={[
        { value: 'month', label: 'By month (12)' },
        { value: 'quarter', label: 'By quarter (8)' },
      ]}
      onChange={(v) => onUnit(v === 'quarter' ? 'quarter' : 'month')}
    />
  );
  return (
    <QueryState query={query} loadingRows={4}>
      {(d) => {
        const points: Point[] = [d.p0, d.p1, d.p2, d.p3, d.p4, d.p5, d.p6, d.p7, d.p8, d.p9, d.p10, d.p11]
          .filter((p): p is TrendPointFragment => !!p)
          .map((p) => ({ ...p, label: unitLabel(unit, { from: p.from.slice(0, 10), to: p.to.slice(0, 10) }) }));
        return (
          <div className="grid gap-4 lg:grid-cols-2" data-testid="retention-trends">
            <ChartFrame
              title="Retention rates"
              description={`Per ${unit}, the last ${points.length}. Lines differ by dash as well as colour.`}
              actions={picker}
              columns={[
                { key: 'label', label: unit === 'month' ? 'Month' : 'Quarter', value: (p: Point) => p.label },
                ...RATES.map((r) => ({
                  key: r.key,
                  label: r.label,
                  numeric: true,
                  value: (p: Point) => p[r.key],
                  render: (p: Point) => pct(p[r.key]),
                })),
              ]}
              rows={points}
              rowKey={(p) => p.from}
              csvName={`retention-rates-by-${unit}.csv`}
            >
              <div className="h-64">
                <ResponsiveContainer width="100%" height="100%">
                  <LineChart
                    accessibilityLayer={false}
                    data={points}
                    margin={{ top: 5, right: 10, bottom: 0, left: -10 }}
                  >
                    <CartesianGrid stroke="#e2e8f0" vertical={false} />
                    <XAxis dataKey="label" fontSize={11} minTickGap={10} />
                    <YAxis fontSize={11} tickFormatter={(v: number) => `${v}%`} />
                    <Tooltip formatter={(v) => pct(Number(v))} />
                    <Legend />
                    {RATES.map((r, i) => (
                      <Line
                        key={r.key}
                        dataKey={r.key}
                        name={r.label}
                        stroke={SERIES_COLOURS[i]}
                        strokeDasharray={r.dash}
                        strokeWidth={2}
                        isAnimationActive={false}
                        connectNulls
                      />
                    ))}
                  </LineChart>
                </ResponsiveContainer>
              </div>
            </ChartFrame>
            <ChartFrame
              title="ARR"
              description={`At the end of each ${unit}.`}
              columns={[
                { key: 'label', label: unit === 'month' ? 'Month' : 'Quarter', value: (p: Point) => p.label },
                {
                  key: 'arr',
                  label: 'ARR',
                  numeric: true,
                  value: (p: Point) => p.endArrCents,
                  render: (p: Point) => formatMoney(p.endArrCents),
                },
                {
                  key: 'quick',
                  label: 'Quick ratio',
                  numeric: true,
                  value: (p: Point) => p.quickRatio,
                  render: (p: Point) => p.quickRatio?.toFixed(2) ?? '—',
                },
              ]}
              rows={points}
              rowKey={(p) => p.from}
              csvName={`arr-by-${unit}.csv`}
            >
              <div className="h-64">
                <ResponsiveContainer width="100%" height="100%">
                  <LineChart
                    accessibilityLayer={false}
                    data={points}
                    margin={{ top: 5, right: 10, bottom: 0, left: 10 }}
                  >
                    <CartesianGrid stroke="#e2e8f0" vertical={false} />
                    <XAxis dataKey="label" fontSize={11} minTickGap={10} />
                    <YAxis fontSize={11} tickFormatter={(v: number) => formatMoney(v, { compact: true })} />
                    <Tooltip formatter={(v) => formatMoney(Number(v))} />
                    <Line
                      dataKey="endArrCents"
                      name="ARR"
                      stroke={SERIES_COLOURS[0]}
                      strokeWidth={2}
                      isAnimationActive={false}
                    />
                  </LineChart>
                </ResponsiveContainer>
              </div>
            </ChartFrame>
          </div>
        );
      }}
    </QueryState>
  );
}
