import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { SettingsKeysQuery as KeysData } from '@/gql/graphql';
import { ApiError, gqlRequest } from '@/lib/graphql-client';
import { useApiMutation } from '@/lib/use-api-mutation';
import { formatDateTime } from '@/lib/format';
import { DataTable, type DataColumn } from '@/components/cockpit/data-table';
import { EmptyState, QueryState } from '@/components/states';
import { FormError } from '@/components/form-error';
import { ShownOnce } from '@/components/shown-once';
import { Section } from '@/components/page-header';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/input';
import { Select } from '@/components/ui/select';
import { ROLE_LABELS } from './role-labels';
import { IssueApiKeyMutation, RevokeApiKeyMutation, SettingsKeysQuery } from './settings.graphql';

type Key = KeysData['apiKeys'][number];

/** API keys: issue one for a user (shown once), revoke; the list never holds a key, only its first characters. */
export function SettingsKeysPanel() {
  const [includeRevoked, setIncludeRevoked] = useState(false);
  const [userId, setUserId] = useState<string | undefined>();
  const [issued, setIssued] = useState<{ key: string; name: string } | null>(null);
  const query = useQuery({
    queryKey: ['settings', 'keys', includeRevoked],
    queryFn: () => gqlRequest(SettingsKeysQuery, { includeRevoked }),
  });
  const issue = useApiMutation((id: string) => gqlRequest(IssueApiKeyMutation, { userId: id }), {
    invalidate: [['settings', 'keys']],
    onSuccess: (r) => {
      const name = query.data?.users.find((u) => u.id === userId)?.name ?? 'the user';
      setIssued({ key: r.issueApiKey.key, name });
    },
  });
  const revoke = useApiMutation((id: string) => gqlRequest(RevokeApiKeyMutation, { id }), {
    invalidate: [['settings', 'keys']],
  });
  const columns: DataColumn<Key>[] = [
    {
      key: 'prefix',
      label: 'Key',
      value: (k) => `${k.keyPrefix}…`,
      render: (k) => <code className="font-mono">{k.keyPrefix}…</code>,
    },
    { key: 'user', label: 'User', value: (k) => k.user.name },
    { key: 'role', label: 'Role', value: (k) => ROLE_LABELS[k.user.role] },
    { key: 'created', label: 'Issued', value: (k) => k.createdAt, render: (k) => formatDateTime(k.createdAt) },
    {
      key: 'state',
      label: 'State',
      value: (k) => (k.revokedAt ? 'Revoked' : 'Active'),
      render: (k) =>
        k.revokedAt ? (
          <Badge tone="grey">Revoked {formatDateTime(k.revokedAt)}</Badge>
        ) : (
          <Badge tone="green">Active</Badge>
        ),
    },
    {
      key: 'actions',
      label: 'Actions',
      sortable: false,
      value: () => null,
      render: (k) =>
        !k.revokedAt && (
          <Button size="sm" variant="secondary" disabled={revoke.isPending} onClick={() => revoke.mutate(k.id)}>
            Revoke<span className="sr-only"> key {k.keyPrefix}</span>
          </Button>
        ),
    },
  ];
  return (
    <div className="space-y-4">
      {issued && <ShownOnce label={`API key for ${issued.name}`} value={issued.key} onDone={() => setIssued(null)} />}
      <Section title="Issue an API key">
        <form
          aria-label="Issue an API key"
          className="flex flex-wrap items-end gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            if (userId) issue.mutate(userId);
          }}
        >
          <Field label="For user" error={issue.fieldErrors.userId}>
            {(ids) => (
              <Select
                {...ids}
                value={userId}
                onChange={setUserId}
                options={(query.data?.users ?? [])
                  .filter((u) => !u.deactivatedAt)
                  .map((u) => ({ value: u.id, label: `${u.name} (${ROLE_LABELS[u.role]})` }))}
              />
            )}
          </Field>
          <Button type="submit" disabled={!userId || issue.isPending}>
            Issue key
          </Button>
        </form>
        <FormError error={issue.formError} />
      </Section>
      <Section
        title="API keys"
        actions={
          <label className="flex items-center gap-2 text-sm text-slate-800">
            <input type="checkbox" checked={includeRevoked} onChange={(e) => setIncludeRevoked(e.target.checked)} />
            Show revoked keys
          </label>
        }
      >
        <FormError error={revoke.error instanceof ApiError ? revoke.error : null} />
        <QueryState
          query={query}
          isEmpty={(d) => d.apiKeys.length === 0}
          empty={<EmptyState title="No API keys">Issue one above for a script or an integration.</EmptyState>}
        >
          {(d) => (
            <div data-testid="settings-keys">
              <DataTable
                caption="API keys"
                columns={columns}
                rows={d.apiKeys}
                rowKey={(k) => k.id}
                csvName="api-keys.csv"
              />
            </div>
          )}
        </QueryState>
      </Section>
    </div>
  );
}
