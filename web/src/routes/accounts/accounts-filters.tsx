import { memo, useEffect, useState } from 'react';
import { Input } from '@/components/ui/input';
import { Select } from '@/components/ui/select';
import { Button } from '@/components/ui/button';
import { FLAG_TYPES, flagLabel } from '@/lib/explain';
import { bandText, HEALTH_BANDS, RISK_BANDS, riskText } from '@/components/band-badge';
import { humanize } from '@/lib/format';
import { RENEWAL_WINDOWS, SORTS, type AccountsSearch } from './accounts-search';

interface Props {
  search: AccountsSearch;
  onChange: (patch: Partial<AccountsSearch>) => void;
  /** MANAGER: owners to filter by; absent for a CSM (their book only). */
  owners?: { id: string; name: string }[];
}

function Labelled({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="flex flex-col gap-1 text-sm font-medium text-slate-800">
      <span aria-hidden>{label}</span>
      {children}
    </div>
  );
}

/** The filter bar: each change rewrites the URL (and goes back to the first page). */
export const AccountsFilters = memo(function AccountsFilters({ search, onChange, owners }: Props) {
  const [q, setQ] = useState(search.q ?? '');
  const [segment, setSegment] = useState(search.segment ?? '');
  useEffect(() => setQ(search.q ?? ''), [search.q]);
  useEffect(() => setSegment(search.segment ?? ''), [search.segment]);
  // Typing searches after a short pause, not on every key.
  useEffect(() => {
    const t = setTimeout(() => {
      if ((search.q ?? '') !== q.trim()) onChange({ q: q.trim() || undefined });
      if ((search.segment ?? '') !== segment.trim()) onChange({ segment: segment.trim() || undefined });
    }, 300);
    return () => clearTimeout(t);
    // Only the typed text starts the timer; the URL state it is compared with is read fresh.
  }, [q, segment]);

  const active = Object.entries(search).some(([k, v]) => k !== 'sort' && k !== 'after' && v !== undefined);
  return (
    <div
      role="search"
      aria-label="Filter accounts"
      className="mb-4 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3"
    >
      <Labelled label="Search">
        <Input
          aria-label="Search by name or external id"
          placeholder="Name or external id"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          className="w-56"
        />
      </Labelled>
      {owners && (
        <Labelled label="Owner">
          <Select
            aria-label="Owner"
            value={search.owner}
            onChange={(v) => onChange({ owner: v })}
            emptyLabel="All owners"
            options={owners.map((o) => ({ value: o.id, label: o.name }))}
          />
        </Labelled>
      )}
      <Labelled label="Segment">
        <Input
          aria-label="Segment"
          placeholder="Any"
          value={segment}
          onChange={(e) => setSegment(e.target.value)}
          className="w-32"
        />
      </Labelled>
      <Labelled label="Health band">
        <Select
          aria-label="Health band"
          value={search.band}
          onChange={(v) => onChange({ band: v as AccountsSearch['band'] })}
          emptyLabel="Any band"
          options={HEALTH_BANDS.map((b) => ({ value: b, label: bandText[b] }))}
        />
      </Labelled>
      <Labelled label="Churn risk">
        <Select
          aria-label="Churn risk"
          value={search.risk}
          onChange={(v) => onChange({ risk: v as AccountsSearch['risk'] })}
          emptyLabel="Any risk"
          options={RISK_BANDS.map((b) => ({ value: b, label: riskText[b] }))}
        />
      </Labelled>
      <Labelled label="Red flag">
        <Select
          aria-label="Red flag"
          value={search.flag}
          onChange={(v) => onChange({ flag: v as AccountsSearch['flag'] })}
          emptyLabel="No filter"
          options={[
            { value: 'ANY', label: 'Any red flag' },
            ...FLAG_TYPES.map((f) => ({ value: f, label: flagLabel(f) })),
          ]}
        />
      </Labelled>
      <Labelled label="Renewal">
        <Select
          aria-label="Renewal window"
          value={search.renewal?.toString()}
          onChange={(v) => onChange({ renewal: v ? Number(v) : undefined })}
          emptyLabel="Any time"
          options={RENEWAL_WINDOWS.map((d) => ({ value: String(d), label: `Within ${d} days` }))}
        />
      </Labelled>
      <Labelled label="Status">
        <Select
          aria-label="Status"
          value={search.status}
          onChange={(v) => onChange({ status: v as AccountsSearch['status'] })}
          emptyLabel="Any status"
          options={['ACTIVE', 'CHURNED', 'PROSPECT'].map((s) => ({ value: s, label: humanize(s) }))}
        />
      </Labelled>
      <Labelled label="Sort">
        <Select
          aria-label="Sort"
          value={search.sort ?? 'HEALTH_ASC'}
          onChange={(v) => onChange({ sort: v as AccountsSearch['sort'] })}
          options={SORTS}
        />
      </Labelled>
      {active && (
        <Button
          variant="ghost"
          onClick={() =>
            onChange({
              q: undefined,
              owner: undefined,
              segment: undefined,
              band: undefined,
              risk: undefined,
              flag: undefined,
              renewal: undefined,
              status: undefined,
              bandOn: undefined,
              atRisk: undefined,
            })
          }
        >
          Clear filters
        </Button>
      )}
    </div>
  );
});
