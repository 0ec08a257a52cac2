import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { RetentionFiguresFragment } from '@/gql/graphql';
import { ChartFrame } from '@/components/cockpit/chart-frame';
import { SERIES_COLOURS } from '@/components/cockpit/palette';
import { formatMoney } from '@/lib/format';
import { WATERFALL_STEPS, type DrillPart } from './retention-drill';

export interface WaterfallBar {
  key: string;
  label: string;
  /** The bar's own amount (cents, ≥ 0). */
  amount: number;
  /** Where the floating bar starts (cents). */
  base: number;
  sign: 1 | -1 | 0;
  part: DrillPart;
}

const AMOUNT: Record<string, (m: RetentionFiguresFragment) => number> = {
  start: (m) => m.startMrrCents,
  new: (m) => m.newMrrCents,
  expansion: (m) => m.expansionMrrCents,
  reactivation: (m) => m.reactivationMrrCents,
  contraction: (m) => m.contractionMrrCents,
  churn: (m) => m.churnedMrrCents,
  end: (m) => m.endMrrCents,
};

/** The floating bars: start, the gains stacked up, the losses down, and the end (= start + gains − losses). */
export function waterfallBars(m: RetentionFiguresFragment): WaterfallBar[] {
  let running = 0;
  return WATERFALL_STEPS.map((s) => {
    const amount = AMOUNT[s.key](m);
    let base = 0;
    if (s.sign === 0) running = amount;
    else if (s.sign === 1) {
      base = running;
      running += amount;
    } else {
      running -= amount;
      base = running;
    }
    return { key: s.key, label: s.label, amount, base, sign: s.sign, part: s.part };
  });
}

const COLOUR: Record<WaterfallBar['sign'], string> = {
  0: SERIES_COLOURS[0],
  1: SERIES_COLOURS[2],
  [-1]: SERIES_COLOURS[5],
};
const signed = (b: WaterfallBar) => (b.sign === -1 ? '−' : b.sign === 1 ? '+' : '') + formatMoney(b.amount);

/** The MRR waterfall of the period; every bar (and its button below) opens the accounts behind it. */
export function WaterfallChart({
  metrics,
  onDrill,
}: {
  metrics: RetentionFiguresFragment;
  onDrill: (bar: WaterfallBar) => void;
}) {
  const bars = waterfallBars(metrics);
  return (
    <div>
      <ChartFrame
        title="MRR waterfall"
        description="Start MRR, the period's gains and losses, and the end MRR (× 12 for ARR). Click a bar for its accounts."
        columns={[
          { key: 'label', label: 'Step', value: (b) => b.label },
          {
            key: 'amount',
            label: 'MRR',
            numeric: true,
            value: (b) => (b.sign === -1 ? -b.amount : b.amount),
            render: signed,
          },
          {
            key: 'arr',
            label: 'ARR',
            numeric: true,
            value: (b) => 12 * (b.sign === -1 ? -b.amount : b.amount),
            render: (b) => formatMoney(12 * b.amount),
          },
        ]}
        rows={bars}
        rowKey={(b) => b.key}
        csvName="mrr-waterfall.csv"
      >
        <div className="h-64">
          <ResponsiveContainer width="100%" height="100%">
            <BarChart accessibilityLayer={false} data={bars} margin={{ top: 10, right: 10, bottom: 0, left: 10 }}>
              <CartesianGrid stroke="#e2e8f0" vertical={false} />
              <XAxis dataKey="label" fontSize={12} />
              <YAxis tickFormatter={(v: number) => formatMoney(v, { compact: true })} fontSize={11} />
              <Tooltip formatter={(_v, _n, item) => signed(item.payload as WaterfallBar)} />
              <Bar dataKey="base" stackId="w" fill="transparent" isAnimationActive={false} />
              <Bar
                dataKey="amount"
                stackId="w"
                isAnimationActive={false}
                cursor="pointer"
                onClick={(d) => onDrill((d as unknown as { payload: WaterfallBar }).payload)}
              >
                {bars.map((b) => (
                  <Cell key={b.key} fill={COLOUR[b.sign]} />
                ))}
              </Bar>
            </BarChart>
          </ResponsiveContainer>
        </div>
      </ChartFrame>
      <WaterfallButtons bars={bars} onDrill={onDrill} />
    </div>
  );
}

/** The bars as buttons (the chart is hidden from assistive technology; these are how a keyboard drills). */
function WaterfallButtons({ bars, onDrill }: { bars: WaterfallBar[]; onDrill: (bar: WaterfallBar) => void }) {
  return (
    <ul className="mt-2 flex flex-wrap gap-2" aria-label="Open the accounts behind a waterfall bar">
      {bars.map((b) => (
        <li key={b.key}>
          <button
            type="button"
            onClick={() => onDrill(b)}
            className="rounded border border-slate-300 px-2 py-1 text-sm text-slate-800 hover:bg-slate-100 focus:ring-2 focus:ring-blue-600 focus:outline-none"
          >
            {b.label} {signed(b)}
          </button>
        </li>
      ))}
    </ul>
  );
}
