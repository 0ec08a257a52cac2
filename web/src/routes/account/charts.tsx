import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis, Area, AreaChart } from 'recharts';
import { formatDay, formatMoney, formatScore } from '@/lib/format';
import { EmptyState } from '@/components/states';

/** Health score per day; the numbers are also in the table beside it (screen readers, copy-paste). */
export function HealthChart({ points }: { points: { day: string; score?: number | null }[] }) {
  if (points.filter((p) => p.score !== null && p.score !== undefined).length < 2)
    return <EmptyState title="Not enough history yet">The chart appears after two days of scores.</EmptyState>;
  return (
    <figure aria-label="Health score over 90 days">
      <div className="h-48" aria-hidden>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart accessibilityLayer={false} data={points} margin={{ top: 5, right: 10, bottom: 0, left: -20 }}>
            <CartesianGrid stroke="#e2e8f0" vertical={false} />
            <XAxis dataKey="day" tickFormatter={(d: string) => formatDay(d)} fontSize={11} minTickGap={40} />
            <YAxis domain={[0, 100]} fontSize={11} />
            <Tooltip
              labelFormatter={(d) => formatDay(typeof d === 'string' ? d : null)}
              formatter={(v) => formatScore(Number(v))}
            />
            <Line
              type="monotone"
              dataKey="score"
              stroke="#1d4ed8"
              dot={false}
              strokeWidth={2}
              isAnimationActive={false}
              connectNulls
            />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="sr-only">
        {points
          .filter((_, i) => i % 7 === 0)
          .map((p) => `${formatDay(p.day)}: ${formatScore(p.score)}`)
          .join('; ')}
      </figcaption>
    </figure>
  );
}

/** MRR after each movement, as steps over time. */
export function MrrChart({ movements }: { movements: { effectiveAt: string; mrrAfterCents: number }[] }) {
  if (movements.length === 0)
    return <EmptyState title="No MRR movements yet">They arrive from billing (Stripe) or the API.</EmptyState>;
  const data = movements.map((m) => ({ at: m.effectiveAt.slice(0, 10), mrr: m.mrrAfterCents }));
  data.push({ at: new Date().toISOString().slice(0, 10), mrr: data[data.length - 1].mrr });
  return (
    <div className="h-48" aria-hidden>
      <ResponsiveContainer width="100%" height="100%">
        <AreaChart accessibilityLayer={false} data={data} margin={{ top: 5, right: 10, bottom: 0, left: 10 }}>
          <CartesianGrid stroke="#e2e8f0" vertical={false} />
          <XAxis dataKey="at" tickFormatter={(d: string) => formatDay(d)} fontSize={11} minTickGap={40} />
          <YAxis tickFormatter={(v: number) => formatMoney(v, { compact: true })} fontSize={11} />
          <Tooltip
            labelFormatter={(d) => formatDay(typeof d === 'string' ? d : null)}
            formatter={(v) => formatMoney(Number(v))}
          />
          <Area type="stepAfter" dataKey="mrr" stroke="#1d4ed8" fill="#dbeafe" isAnimationActive={false} />
        </AreaChart>
      </ResponsiveContainer>
    </div>
  );
}
