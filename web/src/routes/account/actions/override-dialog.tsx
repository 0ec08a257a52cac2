import { useState, type FormEvent } from 'react';
import type { OverrideBand } from '@/gql/graphql';
import { graphql } from '@/gql';
import { gqlRequest } from '@/lib/graphql-client';
import { useApiMutation } from '@/lib/use-api-mutation';
import { addDays, isoDay } from '@/lib/dates';
import { Dialog } from '@/components/ui/dialog';
import { Field, Input, Textarea } from '@/components/ui/input';
import { Select } from '@/components/ui/select';
import { FormError } from '@/components/form-error';
import { FormButtons } from './form-buttons';

const OverrideHealthMutation = graphql(`
  mutation OverrideHealth($accountId: ID!, $band: OverrideBand!, $reason: String!, $expiresAt: DateTime!) {
    overrideHealth(accountId: $accountId, band: $band, reason: $reason, expiresAt: $expiresAt) {
      band
      expiresAt
    }
  }
`);

const ClearHealthOverrideMutation = graphql(`
  mutation ClearHealthOverride($accountId: ID!) {
    clearHealthOverride(accountId: $accountId)
  }
`);

export const ACCOUNT_KEYS = [['account'], ['accounts'], ['myDay']];

export function useClearOverride(accountId: string) {
  const m = useApiMutation(() => gqlRequest(ClearHealthOverrideMutation, { accountId }), { invalidate: ACCOUNT_KEYS });
  return { ...m, mutate: () => m.mutate(undefined) };
}

export function OverrideDialog({ accountId, onClose }: { accountId: string; onClose: () => void }) {
  const [band, setBand] = useState<OverrideBand>('YELLOW');
  const [reason, setReason] = useState('');
  const [expires, setExpires] = useState(isoDay(addDays(new Date(), 30)));
  const m = useApiMutation(
    (v: { band: OverrideBand; reason: string; expiresAt: string }) =>
      gqlRequest(OverrideHealthMutation, { accountId, ...v }),
    { invalidate: ACCOUNT_KEYS, onSuccess: onClose },
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    // The end of the chosen local day.
    const end = new Date(`${expires}T23:59:00`);
    m.mutate({ band, reason, expiresAt: Number.isNaN(end.getTime()) ? expires : end.toISOString() });
  };
  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onClose()}
      title="Override the health band"
      description="People see this band until it expires; the computed score stays visible."
    >
      <form onSubmit={submit} className="space-y-3" noValidate>
        <Field label="Band" error={m.fieldErrors.band}>
          {(ids) => (
            <Select
              {...ids}
              value={band}
              onChange={(v) => setBand((v as OverrideBand) ?? 'YELLOW')}
              options={[
                { value: 'GREEN', label: 'Green' },
                { value: 'YELLOW', label: 'Yellow' },
                { value: 'RED', label: 'Red' },
              ]}
            />
          )}
        </Field>
        <Field
          label="Reason"
          hint="Why you know better than the score; shown to everyone."
          error={m.fieldErrors.reason}
        >
          {(ids) => <Textarea {...ids} value={reason} onChange={(e) => setReason(e.target.value)} />}
        </Field>
        <Field label="Expires on" hint="At most 90 days from now." error={m.fieldErrors.expiresAt}>
          {(ids) => <Input {...ids} type="date" value={expires} onChange={(e) => setExpires(e.target.value)} />}
        </Field>
        <FormError error={m.formError} />
        <FormButtons busy={m.isPending} label="Set override" onCancel={onClose} />
      </form>
    </Dialog>
  );
}
