import {
  Bar,
  LabelList,
  BarChart,
  CartesianGrid,
  Cell,
  ComposedChart,
  Line,
  ResponsiveContainer,
  Scatter,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { RiskModelsQuery } from '@/gql/graphql';
import { ChartFrame } from '@/components/cockpit/chart-frame';
import { MetricTile } from '@/components/cockpit/metric-tile';
import { SERIES_COLOURS } from '@/components/cockpit/palette';
import { formatInt, formatPercent } from '@/lib/format';
import { oddsRatio } from './model-status';

export type Model = RiskModelsQuery['riskModels'][number];

const three = new Intl.NumberFormat(undefined, { minimumFractionDigits: 3, maximumFractionDigits: 3 });
export const fmt3 = (n: number | null | undefined) => (n === null || n === undefined ? '—' : three.format(n));
const pct1 = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });
const pct = (n: number | null | undefined) => (n === null || n === undefined ? '—' : pct1.format(n));

/** The evaluation on the time-based holdout, each figure with its definition. */
export function ModelTiles({ m }: { m: Model }) {
  const holdout = m.testRows
    ? `on ${formatInt(m.testRows)} holdout rows (${formatInt(m.testPositives)} churned)`
    : 'on the labelled rows';
  return (
    <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
      <MetricTile
        label="AUC"
        value={fmt3(m.auc)}
        definition={
          <p>
            ROC AUC {holdout}: the chance that a churned account is ranked above a retained one (0.5 is a coin toss, 1
            is perfect).
          </p>
        }
      />
      <MetricTile
        label="PR AUC"
        value={fmt3(m.prAuc)}
        definition={
          <p>
            Area under the precision–recall curve {holdout}; compare with the churn rate ({pct(m.baseRate)}), what a
            random ranking scores.
          </p>
        }
      />
      <MetricTile
        label="Brier score"
        value={fmt3(m.brier)}
        definition={<p>Mean squared error of the predicted probabilities {holdout}: lower is better, 0 is perfect.</p>}
      />
      <MetricTile
        label="Brier skill"
        value={fmt3(m.brierSkill)}
        definition={
          <p>
            1 − Brier / Brier of always forecasting the base rate ({pct(m.baseRate)}): above 0 beats that no-skill
            forecast.
          </p>
        }
      />
    </div>
  );
}

type Bin = Model['calibration'][number];

/** Predicted vs observed churn by bin of predicted probability, with the counts (perfect calibration on the diagonal). */
export function CalibrationChart({ bins }: { bins: Bin[] }) {
  const data = bins
    .filter((b) => b.count > 0)
    .map((b) => ({ predicted: b.meanPredicted, observed: b.observedRate, count: b.count }));
  const diagonal = [
    { predicted: 0, ideal: 0 },
    { predicted: 1, ideal: 1 },
  ];
  return (
    <ChartFrame
      title="Calibration: predicted vs observed churn"
      description="Holdout rows in 10 bins of predicted probability (n = rows in the bin); a calibrated model sits on the diagonal."
      csvName="risk-calibration"
      rows={bins}
      rowKey={(b) => String(b.binStart)}
      columns={[
        { key: 'bin', label: 'Predicted bin', value: (b) => `${pct(b.binStart)}–${pct(b.binEnd)}` },
        { key: 'count', label: 'Rows', value: (b) => b.count, numeric: true },
        {
          key: 'predicted',
          label: 'Mean predicted',
          value: (b) => b.meanPredicted,
          render: (b) => pct(b.meanPredicted),
          numeric: true,
        },
        {
          key: 'observed',
          label: 'Observed churn',
          value: (b) => b.observedRate,
          render: (b) => pct(b.observedRate),
          numeric: true,
        },
      ]}
    >
      <div className="h-64">
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart accessibilityLayer={false} margin={{ top: 5, right: 10, bottom: 0, left: -10 }}>
            <CartesianGrid stroke="#e2e8f0" />
            <XAxis
              type="number"
              dataKey="predicted"
              domain={[0, 1]}
              tickFormatter={(v: number) => formatPercent(v)}
              fontSize={11}
            />
            <YAxis type="number" domain={[0, 1]} tickFormatter={(v: number) => formatPercent(v)} fontSize={11} />
            <Tooltip formatter={(v) => pct(Number(v))} />
            <Line
              data={diagonal}
              dataKey="ideal"
              name="Perfect calibration"
              stroke="#64748b"
              strokeDasharray="4 4"
              dot={false}
              isAnimationActive={false}
            />
            <Scatter
              data={data}
              dataKey="observed"
              name="Observed"
              fill={SERIES_COLOURS[0]}
              line
              isAnimationActive={false}
            >
              <LabelList dataKey="count" position="top" fontSize={10} formatter={(v) => `n=${String(v)}`} />
            </Scatter>
          </ComposedChart>
        </ResponsiveContainer>
      </div>
    </ChartFrame>
  );
}

type Coefficient = Model['coefficients'][number];

/** The model's coefficients in words, largest effect first; > 0 raises the churn risk. */
export function CoefficientsChart({ coefficients }: { coefficients: Coefficient[] }) {
  const rows = coefficients
    .filter((c) => c.feature !== '(intercept)')
    .sort((a, b) => Math.abs(b.coefficient) - Math.abs(a.coefficient));
  return (
    <ChartFrame
      title="What drives the churn risk"
      description="Coefficients on the log-odds scale (per standard deviation for numbers); above 0 raises the risk."
      csvName="risk-coefficients"
      rows={coefficients}
      rowKey={(c) => c.feature}
      columns={[
        { key: 'label', label: 'Feature', value: (c) => c.label },
        { key: 'feature', label: 'Column', value: (c) => c.feature },
        {
          key: 'coefficient',
          label: 'Coefficient',
          value: (c) => c.coefficient,
          render: (c) => fmt3(c.coefficient),
          numeric: true,
        },
        {
          key: 'odds',
          label: 'Odds × per SD',
          value: (c) => oddsRatio(c.coefficient),
          render: (c) => fmt3(oddsRatio(c.coefficient)),
          numeric: true,
        },
        { key: 'mean', label: 'Training mean', value: (c) => c.mean, render: (c) => fmt3(c.mean), numeric: true },
        { key: 'std', label: 'Training SD', value: (c) => c.std, render: (c) => fmt3(c.std), numeric: true },
      ]}
    >
      <div style={{ height: Math.max(160, rows.length * 26) }}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart
            accessibilityLayer={false}
            data={rows}
            layout="vertical"
            margin={{ top: 5, right: 20, bottom: 0, left: 10 }}
          >
            <CartesianGrid stroke="#e2e8f0" horizontal={false} />
            <XAxis type="number" fontSize={11} />
            <YAxis type="category" dataKey="label" width={280} fontSize={11} />
            <Tooltip formatter={(v) => fmt3(Number(v))} />
            <Bar dataKey="coefficient" isAnimationActive={false}>
              {rows.map((c) => (
                <Cell key={c.feature} fill={c.coefficient > 0 ? SERIES_COLOURS[5] : SERIES_COLOURS[0]} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
    </ChartFrame>
  );
}
