import { driverSentence } from '@/lib/explain';
import { formatMoney, formatPercent } from '@/lib/format';
import { DateTime } from '@/components/date-time';
import { RiskBadge } from '@/components/band-badge';
import { Section } from '@/components/page-header';
import { EmptyState } from '@/components/states';
import type { AccountData } from './account.graphql';

export function RiskPanel({ account }: { account: AccountData }) {
  const r = account.risk;
  return (
    <Section
      title="Churn risk"
      actions={
        r && (
          <span className="text-xs text-slate-600">
            Computed <DateTime value={r.computedAt} mode="relative" />
          </span>
        )
      }
    >
      {!r ? (
        <EmptyState title="Not scored">Only active accounts (MRR above 0) get a churn-risk score.</EmptyState>
      ) : (
        <>
          <p className="flex items-center gap-3">
            <span className="text-3xl font-semibold tabular-nums">{formatPercent(r.probability)}</span>
            <RiskBadge band={r.band} />
          </p>
          <p className="mt-1 text-xs text-slate-600">
            Chance of churning within 90 days ·{' '}
            {r.method === 'LOGISTIC'
              ? `model version ${r.modelVersion ?? '?'} (logistic regression)`
              : 'heuristic (too few churn events to train a model yet)'}
          </p>
          <h3 className="mt-3 mb-1 text-sm font-semibold text-slate-800">What drives it</h3>
          {r.drivers.length === 0 ? (
            <p className="text-sm text-slate-700">Nothing stands out from the average account.</p>
          ) : (
            <ul className="list-inside list-disc space-y-0.5 text-sm text-slate-800">
              {r.drivers.map((d) => (
                <li key={d.feature}>{driverSentence(d, r.method, r.probability)}</li>
              ))}
            </ul>
          )}
        </>
      )}
    </Section>
  );
}

export function ClvPanel({ account }: { account: AccountData }) {
  const c = account.clv;
  return (
    <Section title="Customer lifetime value">
      {!c ? (
        <EmptyState title="No CLV">Accounts without MRR have no lifetime value.</EmptyState>
      ) : (
        <>
          <p className="text-3xl font-semibold tabular-nums">{formatMoney(c.valueCents)}</p>
          <p className="mt-1 text-sm text-slate-700">
            Expected remaining lifetime{' '}
            {c.expectedLifetimeMonths === null || c.expectedLifetimeMonths === undefined
              ? 'unknown'
              : `${c.expectedLifetimeMonths.toFixed(0)} months`}
            ; {c.renewals} renewals so far; method{' '}
            {c.method === 'SBG' ? 'shifted-beta-geometric fit of the segment' : 'MRR × margin ÷ monthly churn'}.
          </p>
        </>
      )}
    </Section>
  );
}
