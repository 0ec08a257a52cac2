import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { Role, SettingsUsersQuery as UsersData } from '@/gql/graphql';
import { ApiError, gqlRequest } from '@/lib/graphql-client';
import { useApiMutation } from '@/lib/use-api-mutation';
import { DataTable, type DataColumn } from '@/components/cockpit/data-table';
import { EmptyState, QueryState } from '@/components/states';
import { FormError } from '@/components/form-error';
import { ShownOnce } from '@/components/shown-once';
import { Section } from '@/components/page-header';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Field, Input } from '@/components/ui/input';
import { Select } from '@/components/ui/select';
import {
  DeactivateUserMutation,
  InviteUserMutation,
  ReactivateUserMutation,
  RevokeSessionsMutation,
  SetUserRoleMutation,
  SettingsUsersQuery,
} from './settings.graphql';
import { ROLE_LABELS } from './role-labels';

type User = UsersData['users'][number];
/** The roles a person can have (INGEST is for machines: API keys only). Keyed by the API's Role. */
const PERSON: Record<Role, boolean> = { ADMIN: true, MANAGER: true, CSM: true, INGEST: false };
const ROLE_OPTIONS = (Object.keys(PERSON) as Role[])
  .filter((r) => PERSON[r])
  .map((r) => ({ value: r, label: ROLE_LABELS[r] }));
const KEYS = [['settings', 'users'], ['settings', 'keys'], ['me']];

function statusOf(u: User): { text: string; tone: 'green' | 'grey' | 'yellow' } {
  if (u.deactivatedAt) return { text: 'Deactivated', tone: 'grey' };
  if (!u.passwordSet && u.role !== 'INGEST') return { text: 'Invited', tone: 'yellow' };
  return { text: 'Active', tone: 'green' };
}

export function SettingsUsersPanel({ meId }: { meId: string }) {
  const query = useQuery({ queryKey: ['settings', 'users'], queryFn: () => gqlRequest(SettingsUsersQuery) });
  const [link, setLink] = useState<{ url: string; email: string } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const setRole = useApiMutation((v: { id: string; role: Role }) => gqlRequest(SetUserRoleMutation, v), {
    invalidate: KEYS,
    onSuccess: (r) => setNotice(`Role changed to ${ROLE_LABELS[r.setUserRole.role]}.`),
  });
  const deactivate = useApiMutation((id: string) => gqlRequest(DeactivateUserMutation, { id }), { invalidate: KEYS });
  const reactivate = useApiMutation((id: string) => gqlRequest(ReactivateUserMutation, { id }), { invalidate: KEYS });
  const revoke = useApiMutation((userId: string) => gqlRequest(RevokeSessionsMutation, { userId }), {
    invalidate: [],
    onSuccess: (n) => setNotice(`${n.revokeUserSessions} session${n.revokeUserSessions === 1 ? '' : 's'} ended.`),
  });
  // Each action's refusal (e.g. CONFLICT: the last ADMIN) is about a row, not a form field: shown above the table.
  const error =
    [setRole, deactivate, reactivate, revoke].map((m) => m.error).find((e) => e instanceof ApiError) ?? null;

  const columns: DataColumn<User>[] = [
    { key: 'name', label: 'Name', value: (u) => u.name },
    { key: 'email', label: 'Email', value: (u) => u.email },
    {
      key: 'role',
      label: 'Role',
      value: (u) => u.role,
      render: (u) =>
        PERSON[u.role] ? (
          <Select
            aria-label={`Role of ${u.name}`}
            value={u.role}
            onChange={(r) => r && r !== u.role && setRole.mutate({ id: u.id, role: r as Role })}
            options={ROLE_OPTIONS}
          />
        ) : (
          ROLE_LABELS[u.role]
        ),
    },
    {
      key: 'status',
      label: 'Status',
      value: (u) => statusOf(u).text,
      render: (u) => <Badge tone={statusOf(u).tone}>{statusOf(u).text}</Badge>,
    },
    {
      key: 'actions',
      label: 'Actions',
      sortable: false,
      value: () => null,
      render: (u) => (
        <div className="flex flex-wrap gap-1">
          {u.deactivatedAt ? (
            <Button size="sm" variant="secondary" onClick={() => reactivate.mutate(u.id)}>
              Reactivate<span className="sr-only"> {u.name}</span>
            </Button>
          ) : (
            u.id !== meId && (
              <Button size="sm" variant="secondary" onClick={() => deactivate.mutate(u.id)}>
                Deactivate<span className="sr-only"> {u.name}</span>
              </Button>
            )
          )}
          {u.role !== 'INGEST' && (
            <Button size="sm" variant="ghost" onClick={() => revoke.mutate(u.id)}>
              Revoke sessions<span className="sr-only"> of {u.name}</span>
            </Button>
          )}
        </div>
      ),
    },
  ];

  return (
    <div className="space-y-4">
      {link && <ShownOnce label={`Invitation link for ${link.email}`} value={link.url} onDone={() => setLink(null)} />}
      <Section title="Invite a user">
        <InviteForm onInvited={(url, email) => setLink({ url, email })} />
      </Section>
      <Section title="Users">
        {notice && (
          <p role="status" className="mb-2 text-sm text-slate-700">
            {notice}
          </p>
        )}
        <FormError error={error} />
        <QueryState
          query={query}
          isEmpty={(d) => d.users.length === 0}
          empty={<EmptyState title="No users">Invite someone above.</EmptyState>}
        >
          {(d) => (
            <div data-testid="settings-users">
              <DataTable caption="Users" columns={columns} rows={d.users} rowKey={(u) => u.id} csvName="users.csv" />
            </div>
          )}
        </QueryState>
      </Section>
    </div>
  );
}

function InviteForm({ onInvited }: { onInvited: (url: string, email: string) => void }) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRoleValue] = useState<Role>('CSM');
  const invite = useApiMutation(() => gqlRequest(InviteUserMutation, { input: { name, email, role } }), {
    invalidate: KEYS,
    onSuccess: (r) => {
      setName('');
      setEmail('');
      onInvited(r.inviteUser.url, r.inviteUser.user.email);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    invite.mutate(undefined);
  };
  const fe = invite.fieldErrors;
  return (
    <form
      onSubmit={submit}
      aria-label="Invite a user"
      noValidate
      className="grid items-start gap-3 sm:grid-cols-[1fr_1fr_auto_auto]"
    >
      <Field label="Name" error={fe.name}>
        {(ids) => <Input {...ids} value={name} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <Field label="Email" error={fe.email}>
        {(ids) => <Input {...ids} type="email" value={email} onChange={(e) => setEmail(e.target.value)} />}
      </Field>
      <Field label="Role" error={fe.role}>
        {(ids) => (
          <Select {...ids} value={role} onChange={(r) => r && setRoleValue(r as Role)} options={ROLE_OPTIONS} />
        )}
      </Field>
      <Button type="submit" className="sm:mt-6" disabled={invite.isPending}>
        {invite.isPending ? 'Inviting…' : 'Invite'}
      </Button>
      <div className="sm:col-span-4">
        <FormError error={invite.formError} />
      </div>
    </form>
  );
}
