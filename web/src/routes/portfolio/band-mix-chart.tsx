import { Link, useNavigate } from '@tanstack/react-router';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { HealthBand } from '@/gql/graphql';
import { ChartFrame } from '@/components/cockpit/chart-frame';
import type { DataColumn } from '@/components/cockpit/data-table';
import { BandPatternDefs } from '@/components/cockpit/band-patterns';
import { BAND_COLOURS, BAND_STACK, bandFill } from '@/components/cockpit/palette';
import { bandText } from '@/components/band-badge';
import { formatDay, formatInt, formatMoney } from '@/lib/format';
import { barDrillSearch, type PortfolioSearch, type WeekRow } from './portfolio-search';

/**
 * The weekly band mix as stacked bars (worst band at the bottom). Each bar is the band mix on one day of its week
 * (the week's latest day with history); clicking a band's segment opens the Accounts list of exactly those
 * accounts. The table view has the same numbers, each count a link to the same list.
 */
export function BandMixChart({ rows, search }: { rows: WeekRow[]; search: PortfolioSearch }) {
  const navigate = useNavigate();
  const open = (row: WeekRow | undefined, band: HealthBand) => {
    if (!row?.day || !row[band]) return;
    void navigate({ to: '/accounts', search: barDrillSearch(search, row.day, band) });
  };
  const countCell = (band: HealthBand) => (r: WeekRow) =>
    r.day && r[band] ? (
      <Link
        to="/accounts"
        search={barDrillSearch(search, r.day, band)}
        className="text-blue-800 underline"
        aria-label={`${formatInt(r[band])} ${bandText[band]} accounts on ${formatDay(r.day)}`}
      >
        {formatInt(r[band])}
      </Link>
    ) : (
      formatInt(r[band])
    );
  const columns: DataColumn<WeekRow>[] = [
    { key: 'week', label: 'Week of', value: (r) => r.weekStart, render: (r) => formatDay(r.weekStart), sortable: true },
    { key: 'day', label: 'Band on', value: (r) => r.day, render: (r) => (r.day ? formatDay(r.day) : 'No history') },
    ...BAND_STACK.map((band): DataColumn<WeekRow> => ({
      key: band,
      label: bandText[band],
      value: (r) => r[band],
      render: countCell(band),
      numeric: true,
      sortable: true,
    })),
    { key: 'total', label: 'Accounts', value: (r) => r.total, numeric: true, sortable: true },
    ...BAND_STACK.map((band): DataColumn<WeekRow> => ({
      key: `mrr-${band}`,
      label: `MRR ${bandText[band]}`,
      value: (r) => r.mrr[band] / 100,
      render: (r) => formatMoney(r.mrr[band]),
      numeric: true,
    })),
  ];
  return (
    <ChartFrame
      title="Band mix by week"
      description="Accounts per health band on each week's last day with history (the computed band of that day). Click a band to see its accounts."
      columns={columns}
      rows={rows}
      rowKey={(r) => r.weekStart}
      csvName="portfolio-band-mix.csv"
    >
      <div className="h-72" data-testid="band-mix-chart">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart accessibilityLayer={false} data={rows} margin={{ top: 5, right: 10, bottom: 0, left: -10 }}>
            <BandPatternDefs />
            <CartesianGrid stroke="#e2e8f0" vertical={false} />
            <XAxis dataKey="weekStart" tickFormatter={(d: string) => formatDay(d)} fontSize={11} minTickGap={24} />
            <YAxis allowDecimals={false} fontSize={11} />
            <Tooltip
              labelFormatter={(d) => `Week of ${formatDay(typeof d === 'string' ? d : null)}`}
              formatter={(v, name) => [formatInt(Number(v)), bandText[name as HealthBand] ?? String(name)]}
            />
            <Legend itemSorter={null} formatter={(name: string) => bandText[name as HealthBand] ?? name} />
            {BAND_STACK.map((band) => (
              <Bar
                key={band}
                dataKey={band}
                stackId="bands"
                fill={bandFill(band)}
                stroke={BAND_COLOURS[band]}
                isAnimationActive={false}
                cursor="pointer"
                onClick={(entry) => open((entry as { payload?: WeekRow }).payload, band)}
                shape={(props: any) => (
                  <g data-week={props.payload?.weekStart} data-band={band}>
                    <rect
                      x={props.x}
                      y={props.y}
                      width={props.width}
                      height={props.height}
                      fill={props.fill}
                      stroke={props.stroke}
                    />
                  </g>
                )}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
    </ChartFrame>
  );
}
