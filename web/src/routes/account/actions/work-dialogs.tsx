import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { ChurnReasonKind, TaskType } from '@/gql/graphql';
import { graphql } from '@/gql';
import { gqlRequest } from '@/lib/graphql-client';
import { useApiMutation } from '@/lib/use-api-mutation';
import { addDays } from '@/lib/dates';
import { humanize } from '@/lib/format';
import { Dialog } from '@/components/ui/dialog';
import { Field, Input, Textarea } from '@/components/ui/input';
import { Select } from '@/components/ui/select';
import { FormError } from '@/components/form-error';
import { LoadingState } from '@/components/states';
import { FormButtons } from './form-buttons';

const PlaybooksQuery = graphql(`
  query Playbooks {
    playbooks {
      id
      name
      description
      enabled
      segment
      steps {
        title
      }
    }
  }
`);
const TriggerPlaybookMutation = graphql(`
  mutation TriggerPlaybook($accountId: ID!, $playbookId: ID!, $note: String) {
    triggerPlaybook(accountId: $accountId, playbookId: $playbookId, note: $note) {
      suppressed
      run {
        id
      }
      tasks {
        id
        title
      }
    }
  }
`);
const CreateTaskMutation = graphql(`
  mutation CreateTask($input: CreateTaskInput!) {
    createTask(input: $input) {
      id
    }
  }
`);
const RecordChurnReasonMutation = graphql(`
  mutation RecordChurnReason($accountId: ID!, $reason: ChurnReasonKind!, $detail: String) {
    recordChurnReason(accountId: $accountId, reason: $reason, detail: $detail) {
      reason
    }
  }
`);

const KEYS = [['account'], ['tasks'], ['myDay']];

interface Props {
  accountId: string;
  onClose: () => void;
}

export function TriggerPlaybookDialog({ accountId, onClose }: Props) {
  const playbooks = useQuery({ queryKey: ['playbooks'], queryFn: () => gqlRequest(PlaybooksQuery) });
  const [playbookId, setPlaybookId] = useState<string | undefined>();
  const [note, setNote] = useState('');
  const [suppressed, setSuppressed] = useState<string | null>(null);
  const m = useApiMutation(
    (v: { playbookId: string }) =>
      gqlRequest(TriggerPlaybookMutation, { accountId, playbookId: v.playbookId, note: note.trim() || undefined }),
    {
      invalidate: KEYS,
      onSuccess: (r) =>
        r.triggerPlaybook.suppressed ? setSuppressed(humanize(r.triggerPlaybook.suppressed)) : onClose(),
    },
  );
  const enabled = (playbooks.data?.playbooks ?? []).filter((p) => p.enabled);
  const chosen = enabled.find((p) => p.id === playbookId);
  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onClose()}
      title="Trigger a playbook"
      description="Starts the playbook now: its tasks are created for this account."
    >
      {playbooks.isPending ? (
        <LoadingState />
      ) : (
        <form
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            if (playbookId) m.mutate({ playbookId });
          }}
          className="space-y-3"
          noValidate
        >
          <Field label="Playbook" error={m.fieldErrors.playbookId}>
            {(ids) => (
              <Select
                {...ids}
                value={playbookId}
                onChange={setPlaybookId}
                options={enabled.map((p) => ({ value: p.id, label: p.name }))}
              />
            )}
          </Field>
          {chosen && (
            <div className="rounded bg-slate-50 p-2 text-sm text-slate-700">
              {chosen.description && <p>{chosen.description}</p>}
              <p className="mt-1">Steps: {chosen.steps.map((s) => s.title).join(' → ')}</p>
            </div>
          )}
          <Field label="Note (optional)" error={m.fieldErrors.note}>
            {(ids) => <Textarea {...ids} value={note} onChange={(e) => setNote(e.target.value)} />}
          </Field>
          {suppressed && (
            <p role="alert" className="rounded bg-amber-50 px-3 py-2 text-sm text-amber-900">
              Not started: {suppressed}.
            </p>
          )}
          <FormError error={m.formError} />
          <FormButtons busy={m.isPending} label="Trigger" onCancel={onClose} />
        </form>
      )}
    </Dialog>
  );
}

const TASK_TYPES: TaskType[] = ['CALL', 'EMAIL', 'MEETING', 'REVIEW', 'SURVEY', 'OTHER'];

export function CreateTaskDialog({ accountId, onClose }: Props) {
  const [title, setTitle] = useState('');
  const [type, setType] = useState<TaskType>('CALL');
  const [due, setDue] = useState(addDays(new Date(), 1).toISOString().slice(0, 10));
  const [description, setDescription] = useState('');
  const m = useApiMutation(
    () => {
      const end = new Date(`${due}T17:00:00`);
      return gqlRequest(CreateTaskMutation, {
        input: {
          accountId,
          title,
          type,
          description: description.trim() || undefined,
          dueAt: Number.isNaN(end.getTime()) ? due : end.toISOString(),
          touchesCustomer: ['CALL', 'EMAIL', 'MEETING', 'SURVEY'].includes(type),
        },
      });
    },
    { invalidate: KEYS, onSuccess: onClose },
  );
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title="Create a task">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          m.mutate(undefined);
        }}
        className="space-y-3"
        noValidate
      >
        <Field label="Title" error={m.fieldErrors.title}>
          {(ids) => <Input {...ids} autoFocus value={title} onChange={(e) => setTitle(e.target.value)} />}
        </Field>
        <div className="flex gap-3">
          <Field label="Type" error={m.fieldErrors.type}>
            {(ids) => (
              <Select
                {...ids}
                value={type}
                onChange={(v) => setType((v as TaskType) ?? 'OTHER')}
                options={TASK_TYPES.map((t) => ({ value: t, label: humanize(t) }))}
              />
            )}
          </Field>
          <Field label="Due" error={m.fieldErrors.dueAt}>
            {(ids) => <Input {...ids} type="date" value={due} onChange={(e) => setDue(e.target.value)} />}
          </Field>
        </div>
        <Field label="Description (optional)" error={m.fieldErrors.description}>
          {(ids) => <Textarea {...ids} value={description} onChange={(e) => setDescription(e.target.value)} />}
        </Field>
        <FormError error={m.formError} />
        <FormButtons busy={m.isPending} label="Create task" onCancel={onClose} />
      </form>
    </Dialog>
  );
}

const REASONS: ChurnReasonKind[] = [
  'PRICE',
  'BUDGET',
  'COMPETITOR',
  'PRODUCT_GAP',
  'SERVICE',
  'NO_LONGER_NEEDED',
  'OTHER',
];

export function ChurnReasonDialog({ accountId, onClose }: Props) {
  const [reason, setReason] = useState<ChurnReasonKind | undefined>();
  const [detail, setDetail] = useState('');
  const m = useApiMutation(
    (v: { reason: ChurnReasonKind }) =>
      gqlRequest(RecordChurnReasonMutation, { accountId, reason: v.reason, detail: detail.trim() || undefined }),
    { invalidate: [['account']], onSuccess: onClose },
  );
  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onClose()}
      title="Record a churn reason"
      description="Why the customer left (or says they will), from the exit conversation."
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (reason) m.mutate({ reason });
        }}
        className="space-y-3"
        noValidate
      >
        <Field label="Reason" error={m.fieldErrors.reason}>
          {(ids) => (
            <Select
              {...ids}
              value={reason}
              onChange={(v) => setReason(v as ChurnReasonKind | undefined)}
              options={REASONS.map((r) => ({ value: r, label: humanize(r) }))}
            />
          )}
        </Field>
        <Field label="Detail (optional)" error={m.fieldErrors.detail}>
          {(ids) => <Textarea {...ids} value={detail} onChange={(e) => setDetail(e.target.value)} />}
        </Field>
        <FormError error={m.formError} />
        <FormButtons busy={m.isPending} label="Record reason" onCancel={onClose} />
      </form>
    </Dialog>
  );
}
