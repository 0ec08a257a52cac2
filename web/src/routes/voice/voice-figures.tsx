import {
  Area,
  Bar,
  BarChart,
  CartesianGrid,
  ComposedChart,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
  LabelList,
} from 'recharts';
import type { VoiceFiguresQuery } from '@/gql/graphql';
import { ChartFrame } from '@/components/cockpit/chart-frame';
import { MetricTile } from '@/components/cockpit/metric-tile';
import { SERIES_COLOURS } from '@/components/cockpit/palette';
import { formatInt, formatScore } from '@/lib/format';

type Figures = VoiceFiguresQuery;
type Month = Figures['npsTrend'][number];

const NPS_DEFINITION = (
  <>
    <p>NPS = % promoters (9–10) − % detractors (0–6) over every response; passives (7–8) count in the denominator.</p>
    <p>The 95 % interval is the adjusted-Wald interval (Rocks 2016), so a month with few answers shows a wide band.</p>
  </>
);

/** "Jan 2026" for a month's first day. */
export function monthLabel(day: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString(undefined, {
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

const signedScore = (n: number | null | undefined) =>
  n === null || n === undefined ? '—' : `${n > 0 ? '+' : ''}${formatScore(n)}`;
const share = (k: number, n: number) => (n === 0 ? '—' : `${formatScore((100 * k) / n)} %`);

export function VoiceTiles({ d }: { d: Figures }) {
  const s = d.npsSummary;
  const c = d.csatSummary;
  return (
    <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
      <MetricTile label="NPS, last 12 months" value={signedScore(s.nps)} previous={null} definition={NPS_DEFINITION} />
      <MetricTile
        label="NPS 95 % interval"
        value={s.nps === null ? '—' : `${signedScore(s.confidenceLow)} to ${signedScore(s.confidenceHigh)}`}
        definition={NPS_DEFINITION}
      />
      <MetricTile
        label="CSAT average"
        value={c.average === null || c.average === undefined ? '—' : `${formatScore(c.average)} / 5`}
        definition={<p>The mean CSAT answer (1–5) of the responses in the last 12 months.</p>}
      />
      <MetricTile
        label="CSAT satisfied"
        value={c.csatPct === null || c.csatPct === undefined ? '—' : `${formatScore(c.csatPct)} %`}
        definition={
          <p>
            Share of CSAT answers that are 4 or 5, in percent ({formatInt(c.satisfied)} of {formatInt(c.responses)}).
          </p>
        }
      />
    </div>
  );
}

export function NpsTrendChart({ months }: { months: Month[] }) {
  const data = months.map((m) => ({
    ...m,
    label: monthLabel(m.month),
    range: m.nps === null ? null : [m.confidenceLow, m.confidenceHigh],
  }));
  return (
    <ChartFrame
      title="NPS by month, with its 95 % interval"
      description="Each month's responses; the shaded band is the adjusted-Wald 95 % interval."
      csvName="nps-trend"
      rows={months}
      rowKey={(m) => m.month}
      columns={[
        { key: 'month', label: 'Month', value: (m) => m.month, render: (m) => monthLabel(m.month) },
        { key: 'responses', label: 'Responses', value: (m) => m.responses, numeric: true },
        { key: 'nps', label: 'NPS', value: (m) => m.nps, render: (m) => signedScore(m.nps), numeric: true },
        {
          key: 'low',
          label: '95 % low',
          value: (m) => m.confidenceLow,
          render: (m) => signedScore(m.confidenceLow),
          numeric: true,
        },
        {
          key: 'high',
          label: '95 % high',
          value: (m) => m.confidenceHigh,
          render: (m) => signedScore(m.confidenceHigh),
          numeric: true,
        },
        { key: 'promoters', label: 'Promoters', value: (m) => m.promoters, numeric: true },
        { key: 'passives', label: 'Passives', value: (m) => m.passives, numeric: true },
        { key: 'detractors', label: 'Detractors', value: (m) => m.detractors, numeric: true },
      ]}
    >
      <div className="h-64">
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart accessibilityLayer={false} data={data} margin={{ top: 5, right: 10, bottom: 0, left: -10 }}>
            <CartesianGrid stroke="#e2e8f0" vertical={false} />
            <XAxis dataKey="label" fontSize={11} />
            <YAxis domain={[-100, 100]} fontSize={11} />
            <Tooltip
              formatter={(v) =>
                Array.isArray(v) ? v.map((x) => signedScore(Number(x))).join(' to ') : signedScore(Number(v))
              }
            />
            <Area
              dataKey="range"
              name="95 % interval"
              stroke="none"
              fill={SERIES_COLOURS[4]}
              fillOpacity={0.35}
              isAnimationActive={false}
              connectNulls
            />
            <Line
              dataKey="nps"
              name="NPS"
              stroke={SERIES_COLOURS[0]}
              strokeWidth={2}
              dot
              isAnimationActive={false}
              connectNulls
            />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
    </ChartFrame>
  );
}

const CATEGORY_ROWS = [
  { key: 'promoters', label: 'Promoters (9–10)', colour: SERIES_COLOURS[2] },
  { key: 'passives', label: 'Passives (7–8)', colour: SERIES_COLOURS[1] },
  { key: 'detractors', label: 'Detractors (0–6)', colour: SERIES_COLOURS[5] },
] as const;

export function NpsSplitChart({ s }: { s: Figures['npsSummary'] }) {
  const rows = CATEGORY_ROWS.map((c) => ({ ...c, count: s[c.key], share: share(s[c.key], s.responses) }));
  return (
    <ChartFrame
      title="Promoters, passives and detractors"
      description={`${formatInt(s.responses)} NPS responses in the last 12 months`}
      csvName="nps-split"
      rows={rows}
      rowKey={(r) => r.key}
      columns={[
        { key: 'category', label: 'Category', value: (r) => r.label },
        { key: 'count', label: 'Responses', value: (r) => r.count, numeric: true },
        { key: 'share', label: 'Share', value: (r) => r.share, numeric: true },
      ]}
    >
      <div className="h-48">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart
            accessibilityLayer={false}
            data={rows}
            layout="vertical"
            margin={{ top: 5, right: 60, bottom: 0, left: 40 }}
          >
            <XAxis type="number" fontSize={11} />
            <YAxis type="category" dataKey="label" fontSize={11} width={110} />
            <Bar dataKey="count" isAnimationActive={false} fill={SERIES_COLOURS[0]}>
              <LabelList dataKey="share" position="right" fontSize={11} />
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
    </ChartFrame>
  );
}

export function CsatDistributionChart({ c }: { c: Figures['csatSummary'] }) {
  const rows = c.distribution.map((count, i) => ({ score: i + 1, count, share: share(count, c.responses) }));
  return (
    <ChartFrame
      title="CSAT answers"
      description={`${formatInt(c.responses)} CSAT responses in the last 12 months`}
      csvName="csat-distribution"
      rows={rows}
      rowKey={(r) => String(r.score)}
      columns={[
        { key: 'score', label: 'Score', value: (r) => r.score, numeric: true },
        { key: 'count', label: 'Responses', value: (r) => r.count, numeric: true },
        { key: 'share', label: 'Share', value: (r) => r.share, numeric: true },
      ]}
    >
      <div className="h-48">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart accessibilityLayer={false} data={rows} margin={{ top: 15, right: 10, bottom: 0, left: -10 }}>
            <CartesianGrid stroke="#e2e8f0" vertical={false} />
            <XAxis dataKey="score" fontSize={11} />
            <YAxis fontSize={11} allowDecimals={false} />
            <Bar dataKey="count" fill={SERIES_COLOURS[0]} isAnimationActive={false}>
              <LabelList dataKey="count" position="top" fontSize={11} />
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
    </ChartFrame>
  );
}
