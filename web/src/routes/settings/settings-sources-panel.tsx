import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { SettingsSourcesQuery as SourcesData, SourceKind } from '@/gql/graphql';
import { ApiError, gqlRequest } from '@/lib/graphql-client';
import { useApiMutation } from '@/lib/use-api-mutation';
import { formatDateTime, formatInt, humanize } from '@/lib/format';
import { DataTable, type DataColumn } from '@/components/cockpit/data-table';
import { EmptyState, QueryState } from '@/components/states';
import { FormError } from '@/components/form-error';
import { ShownOnce } from '@/components/shown-once';
import { Section } from '@/components/page-header';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Field, Input } from '@/components/ui/input';
import { Select } from '@/components/ui/select';
import { CreateSourceMutation, RevokeSourceMutation, SettingsSourcesQuery } from './settings.graphql';

type Source = SourcesData['sources'][number];
const KINDS: Record<SourceKind, string> = {
  SEGMENT: 'Segment-compatible SDK (POST /v1/*)',
  STRIPE: 'Stripe',
  IMPORT: 'File import',
};
const KIND_OPTIONS = (Object.keys(KINDS) as SourceKind[]).map((k) => ({ value: k, label: KINDS[k] }));

const columns = (revoke: (id: string) => void, busy: boolean): DataColumn<Source>[] => [
  { key: 'name', label: 'Source', value: (s) => s.name },
  { key: 'kind', label: 'Kind', value: (s) => humanize(s.kind) },
  {
    key: 'key',
    label: 'Key',
    value: (s) => `${s.writeKeyPrefix}…`,
    render: (s) => <code className="font-mono">{s.writeKeyPrefix}…</code>,
  },
  {
    key: 'last',
    label: 'Last event',
    value: (s) => s.lastEventAt,
    render: (s) => (s.lastEventAt ? formatDateTime(s.lastEventAt) : 'Never'),
  },
  {
    key: 'accepted',
    label: 'Accepted (24 h)',
    numeric: true,
    value: (s) => s.last24h.accepted,
    render: (s) => formatInt(s.last24h.accepted),
  },
  {
    key: 'duplicates',
    label: 'Duplicates (24 h)',
    numeric: true,
    value: (s) => s.last24h.duplicates,
    render: (s) => formatInt(s.last24h.duplicates),
  },
  {
    key: 'rejected',
    label: 'Rejected (24 h)',
    numeric: true,
    value: (s) => s.last24h.rejected,
    render: (s) => formatInt(s.last24h.rejected),
  },
  {
    key: 'unattributed',
    label: 'Unattributed (24 h)',
    numeric: true,
    value: (s) => s.last24h.unattributed,
    render: (s) => formatInt(s.last24h.unattributed),
  },
  {
    key: 'errors',
    label: 'Last errors',
    sortable: false,
    value: (s) => s.lastErrors.map((e) => `${e.message} (${e.count})`).join('; '),
    render: (s) =>
      s.lastErrors.length === 0 ? (
        'None'
      ) : (
        <ul className="space-y-0.5 text-xs">
          {s.lastErrors.slice(0, 3).map((e) => (
            <li key={e.message}>
              {e.message} — {formatInt(e.count)}×, last {formatDateTime(e.lastAt)}
            </li>
          ))}
        </ul>
      ),
  },
  {
    key: 'state',
    label: 'State',
    value: (s) => (s.revokedAt ? 'Revoked' : 'Active'),
    render: (s) =>
      s.revokedAt ? (
        <Badge tone="grey">Revoked</Badge>
      ) : (
        <div className="flex items-center gap-2">
          <Badge tone="green">Active</Badge>
          <Button size="sm" variant="secondary" disabled={busy} onClick={() => revoke(s.id)}>
            Revoke<span className="sr-only"> {s.name}</span>
          </Button>
        </div>
      ),
  },
];

/** Ingestion sources: their last event, 24-hour counts and last errors; add one (its key shown once); revoke. */
export function SettingsSourcesPanel() {
  const [includeRevoked, setIncludeRevoked] = useState(false);
  const [created, setCreated] = useState<{ key: string; name: string } | null>(null);
  const query = useQuery({
    queryKey: ['settings', 'sources', includeRevoked],
    queryFn: () => gqlRequest(SettingsSourcesQuery, { includeRevoked }),
  });
  const revoke = useApiMutation((id: string) => gqlRequest(RevokeSourceMutation, { id }), {
    invalidate: [['settings', 'sources']],
  });
  return (
    <div className="space-y-4">
      {created && (
        <ShownOnce label={`Write key for ${created.name}`} value={created.key} onDone={() => setCreated(null)} />
      )}
      <Section title="Add a source">
        <SourceForm onCreated={(key, name) => setCreated({ key, name })} />
      </Section>
      <Section
        title="Ingestion sources"
        actions={
          <label className="flex items-center gap-2 text-sm text-slate-800">
            <input type="checkbox" checked={includeRevoked} onChange={(e) => setIncludeRevoked(e.target.checked)} />
            Show revoked sources
          </label>
        }
      >
        <FormError error={revoke.error instanceof ApiError ? revoke.error : null} />
        <QueryState
          query={query}
          isEmpty={(d) => d.sources.length === 0}
          empty={
            <EmptyState title="No ingestion sources">Add one above to receive events from an SDK or Stripe.</EmptyState>
          }
        >
          {(d) => (
            <div data-testid="settings-sources">
              <DataTable
                caption="Ingestion sources"
                columns={columns((id) => revoke.mutate(id), revoke.isPending)}
                rows={d.sources}
                rowKey={(s) => s.id}
                csvName="sources.csv"
              />
            </div>
          )}
        </QueryState>
      </Section>
    </div>
  );
}

function SourceForm({ onCreated }: { onCreated: (key: string, name: string) => void }) {
  const [name, setName] = useState('');
  const [kind, setKind] = useState<SourceKind>('SEGMENT');
  const create = useApiMutation(() => gqlRequest(CreateSourceMutation, { input: { name, kind } }), {
    invalidate: [['settings', 'sources']],
    onSuccess: (r) => {
      setName('');
      onCreated(r.createSource.writeKey, r.createSource.source.name);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(undefined);
  };
  return (
    <form onSubmit={submit} aria-label="Add a source" noValidate className="flex flex-wrap items-start gap-3">
      <Field label="Source name" error={create.fieldErrors.name}>
        {(ids) => <Input {...ids} value={name} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <Field label="Kind" error={create.fieldErrors.kind}>
        {(ids) => (
          <Select {...ids} value={kind} onChange={(k) => k && setKind(k as SourceKind)} options={KIND_OPTIONS} />
        )}
      </Field>
      <Button type="submit" className="mt-6" disabled={create.isPending}>
        Add source
      </Button>
      <div className="w-full">
        <FormError error={create.formError} />
      </div>
    </form>
  );
}
