import { formatDay, formatMoney, humanize } from '@/lib/format';
import { DateTime } from '@/components/date-time';
import { BandBadge, RiskBadge } from '@/components/band-badge';
import { Badge } from '@/components/ui/badge';
import type { AccountData } from './account.graphql';

export function AccountHeader({ account: a }: { account: AccountData }) {
  const facts: [string, React.ReactNode][] = [
    ['Segment', a.segment ?? '—'],
    ['Owner', a.owner?.name ?? 'Unassigned'],
    ['MRR', formatMoney(a.mrrCents)],
    ['ARR', formatMoney(a.arrCents)],
    ['Renewal', formatDay(a.renewalDate)],
    ['Customer since', a.customerSince ? <DateTime value={a.customerSince} mode="date" /> : '—'],
  ];
  return (
    <header className="mb-4 rounded-lg border border-slate-200 bg-white p-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold text-slate-900">{a.name}</h1>
        <Badge tone={a.status === 'ACTIVE' ? 'blue' : 'grey'}>{humanize(a.status)}</Badge>
        {a.health && <BandBadge band={a.health.band} overridden={!!a.health.override} />}
        <RiskBadge band={a.risk?.band} />
        <span className="text-sm text-slate-600">{a.externalId}</span>
      </div>
      <dl className="mt-3 grid grid-cols-2 gap-x-6 gap-y-1 text-sm sm:grid-cols-3 lg:grid-cols-6">
        {facts.map(([k, v]) => (
          <div key={k}>
            <dt className="text-slate-600">{k}</dt>
            <dd className="font-medium text-slate-900">{v}</dd>
          </div>
        ))}
      </dl>
      <div
        aria-label="Summary"
        role="group"
        className="mt-3 space-y-0.5 border-t border-slate-100 pt-3 text-sm text-slate-800"
      >
        {a.summary.map((l) => (
          <p key={l}>{l}</p>
        ))}
      </div>
    </header>
  );
}
