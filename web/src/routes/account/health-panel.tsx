import { useState } from 'react';
import { formatDelta, formatPercent, formatScore } from '@/lib/format';
import { flagLabel } from '@/lib/explain';
import { DateTime } from '@/components/date-time';
import { BandBadge } from '@/components/band-badge';
import { Section } from '@/components/page-header';
import { EmptyState } from '@/components/states';
import { Button } from '@/components/ui/button';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import type { AccountData } from './account.graphql';
import { OverrideDialog, useClearOverride } from './actions/override-dialog';
import { HealthChart } from './lazy-charts';

export function HealthPanel({ account }: { account: AccountData }) {
  const h = account.health;
  const [overriding, setOverriding] = useState(false);
  const clear = useClearOverride(account.id);
  if (!h)
    return (
      <Section title="Health">
        <EmptyState title="Health not computed yet">
          It is computed within minutes of the first data for this account.
        </EmptyState>
      </Section>
    );
  const total = h.components.reduce((s, c) => s + c.contribution, 0);
  return (
    <Section
      title="Health"
      actions={
        <span className="text-xs text-slate-600">
          Computed <DateTime value={h.computedAt} mode="relative" /> with “{h.scorecard.name}” v{h.scorecard.version}
        </span>
      }
    >
      <div className="flex flex-wrap items-center gap-4">
        <p
          className="text-4xl font-semibold tabular-nums text-slate-900"
          aria-label={`Score ${formatScore(h.score)} of 100`}
        >
          {formatScore(h.score)}
          <span className="text-base font-normal text-slate-500"> / 100</span>
        </p>
        <div className="space-y-1 text-sm">
          <p>
            <BandBadge band={h.band} overridden={!!h.override} />
            {h.override && (
              <span className="ml-2 text-slate-700">
                computed band <BandBadge band={h.computedBand} />
              </span>
            )}
          </p>
          <p className="text-slate-700">
            Trend: {formatDelta(h.trend.delta7d)} in 7 days, {formatDelta(h.trend.delta30d)} in 30 days (
            {h.trend.direction.toLowerCase()})
          </p>
        </div>
      </div>

      <div className="mt-3 rounded-md border border-slate-200 p-3 text-sm">
        {h.override ? (
          <div className="flex flex-wrap items-start justify-between gap-2">
            <p>
              <strong>Override:</strong> <BandBadge band={h.override.band} /> by {h.override.setBy?.name ?? 'someone'},{' '}
              <DateTime value={h.override.setAt} mode="relative" />, until <DateTime value={h.override.expiresAt} />.
              Reason: “{h.override.reason}”. The computed score {formatScore(h.score)} ({h.computedBand.toLowerCase()})
              stays visible.
            </p>
            <div className="flex gap-2">
              <Button size="sm" variant="secondary" onClick={() => setOverriding(true)}>
                Change override
              </Button>
              <Button size="sm" variant="secondary" disabled={clear.isPending} onClick={() => clear.mutate()}>
                Clear override
              </Button>
            </div>
          </div>
        ) : (
          <div className="flex items-center justify-between gap-2">
            <p className="text-slate-700">No override: the band follows the computed score.</p>
            <Button size="sm" variant="secondary" onClick={() => setOverriding(true)}>
              Override band
            </Button>
          </div>
        )}
        {clear.formError && (
          <p role="alert" className="mt-1 text-red-700">
            {clear.formError.message}
          </p>
        )}
      </div>
      {overriding && <OverrideDialog accountId={account.id} onClose={() => setOverriding(false)} />}

      <h3 className="mt-4 mb-1 text-sm font-semibold text-slate-800">Why this score: components</h3>
      <Table>
        <caption className="sr-only">Health components; the contributions add up to the score</caption>
        <thead>
          <tr>
            <Th>Measure</Th>
            <Th className="text-right">Raw value</Th>
            <Th className="text-right">Score</Th>
            <Th className="text-right">Weight</Th>
            <Th className="text-right">Contribution</Th>
          </tr>
        </thead>
        <tbody>
          {h.components.map((c) => (
            <Tr key={c.key}>
              <Td>{c.label}</Td>
              <Td className="text-right tabular-nums">
                {c.missing ? <span className="text-slate-500">missing</span> : formatScore(c.rawValue)}
              </Td>
              <Td className="text-right tabular-nums">{formatScore(c.score)}</Td>
              <Td className="text-right tabular-nums">
                {formatPercent(c.effectiveWeight)}
                <span className="block text-xs text-slate-500">weight {formatScore(c.weight)}</span>
              </Td>
              <Td className="text-right tabular-nums">{formatScore(c.contribution)}</Td>
            </Tr>
          ))}
          <tr className="font-semibold">
            <Td colSpan={4}>Total (the score)</Td>
            <Td className="text-right tabular-nums">{formatScore(total)}</Td>
          </tr>
        </tbody>
      </Table>
      {h.components.some((c) => c.missing) && (
        <p className="mt-1 text-xs text-slate-600">
          Missing measures have no data; their weight is shared among the others.
        </p>
      )}

      <h3 className="mt-4 mb-1 text-sm font-semibold text-slate-800">Red flags</h3>
      {h.flags.length === 0 ? (
        <p className="text-sm text-slate-700">No red flag is raised.</p>
      ) : (
        <ul className="space-y-1">
          {h.flags.map((f) => (
            <li key={f.type} className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-900">
              <span aria-hidden>⚑ </span>
              <strong>{flagLabel(f.type)}</strong>: {f.evidence}{' '}
              <span className="text-red-800">
                (since <DateTime value={f.since} mode="date" />)
              </span>
            </li>
          ))}
        </ul>
      )}
      <h3 className="mt-4 mb-1 text-sm font-semibold text-slate-800">Score over 90 days</h3>
      <HealthChart points={account.healthTrend} />
    </Section>
  );
}
