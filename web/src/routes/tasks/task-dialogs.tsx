import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { TaskFieldsFragment, TaskOutcome } from '@/gql/graphql';
import { gqlRequest } from '@/lib/graphql-client';
import { useApiMutation } from '@/lib/use-api-mutation';
import { addDays } from '@/lib/dates';
import { Dialog } from '@/components/ui/dialog';
import { Button } from '@/components/ui/button';
import { Field, Input, Textarea } from '@/components/ui/input';
import { Select } from '@/components/ui/select';
import { FormError } from '@/components/form-error';
import { teamQueryOptions } from '../my-day/my-day.query';
import { CompleteTaskMutation, ReassignTaskMutation, SnoozeTaskMutation } from './tasks.graphql';

/** Queries that show tasks; refetched after any task change. */
export const TASK_QUERY_KEYS = [['tasks'], ['myDay'], ['account']];

const OUTCOMES: { value: TaskOutcome; label: string }[] = [
  { value: 'DONE', label: 'Done' },
  { value: 'NO_RESPONSE', label: 'No response from the customer' },
  { value: 'ESCALATED', label: 'Escalated' },
  { value: 'NOT_NEEDED', label: 'Not needed' },
];

function Actions({ busy, label, onClose }: { busy: boolean; label: string; onClose: () => void }) {
  return (
    <div className="flex justify-end gap-2 pt-2">
      <Button variant="secondary" onClick={onClose}>
        Cancel
      </Button>
      <Button type="submit" disabled={busy}>
        {busy ? 'Saving…' : label}
      </Button>
    </div>
  );
}

export function CompleteTaskDialog({ task, onClose }: { task: TaskFieldsFragment; onClose: () => void }) {
  const [outcome, setOutcome] = useState<TaskOutcome>('DONE');
  const [note, setNote] = useState('');
  const m = useApiMutation(
    (v: { id: string; outcome: TaskOutcome; note?: string }) => gqlRequest(CompleteTaskMutation, v),
    {
      invalidate: TASK_QUERY_KEYS,
      onSuccess: onClose,
    },
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    m.mutate({ id: task.id, outcome, note: note.trim() || undefined });
  };
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title="Complete task" description={task.title}>
      <form onSubmit={submit} className="space-y-3">
        <Field label="Outcome" error={m.fieldErrors.outcome}>
          {(ids) => (
            <Select
              {...ids}
              value={outcome}
              onChange={(v) => setOutcome((v as TaskOutcome) ?? 'DONE')}
              options={OUTCOMES}
            />
          )}
        </Field>
        <Field label="Note (optional)" error={m.fieldErrors.note}>
          {(ids) => <Textarea {...ids} value={note} onChange={(e) => setNote(e.target.value)} />}
        </Field>
        <FormError error={m.formError} />
        <Actions busy={m.isPending} label="Complete" onClose={onClose} />
      </form>
    </Dialog>
  );
}

/** The local date-time input value (YYYY-MM-DDTHH:mm) of a Date. */
function localInputValue(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function SnoozeTaskDialog({
  task,
  onClose,
  onSnoozed,
}: {
  task: TaskFieldsFragment;
  onClose: () => void;
  /** The wake-up time the server stored. */
  onSnoozed?: (until: string) => void;
}) {
  const tomorrow = addDays(new Date(), 1);
  tomorrow.setHours(9, 0, 0, 0);
  const [until, setUntil] = useState(localInputValue(tomorrow));
  const m = useApiMutation((v: { id: string; until: string }) => gqlRequest(SnoozeTaskMutation, v), {
    invalidate: TASK_QUERY_KEYS,
    onSuccess: (r) => {
      onClose();
      if (r.snoozeTask.snoozedUntil) onSnoozed?.(r.snoozeTask.snoozedUntil);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const at = new Date(until);
    if (!Number.isNaN(at.getTime())) m.mutate({ id: task.id, until: at.toISOString() });
  };
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title="Snooze task" description={task.title}>
      <form onSubmit={submit} className="space-y-3">
        <Field
          label="Snooze until"
          hint="Your local time. The task leaves your lists until then (at most 90 days)."
          error={m.fieldErrors.until}
        >
          {(ids) => (
            <Input {...ids} type="datetime-local" value={until} onChange={(e) => setUntil(e.target.value)} required />
          )}
        </Field>
        <FormError error={m.formError} />
        <Actions busy={m.isPending} label="Snooze" onClose={onClose} />
      </form>
    </Dialog>
  );
}

export function ReassignTaskDialog({ task, onClose }: { task: TaskFieldsFragment; onClose: () => void }) {
  const team = useQuery(teamQueryOptions);
  const [assigneeId, setAssigneeId] = useState<string | undefined>(task.assignee.id);
  const m = useApiMutation((v: { id: string; assigneeId: string }) => gqlRequest(ReassignTaskMutation, v), {
    invalidate: TASK_QUERY_KEYS,
    onSuccess: onClose,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (assigneeId) m.mutate({ id: task.id, assigneeId });
  };
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title="Reassign task" description={task.title}>
      <form onSubmit={submit} className="space-y-3">
        <Field label="Assignee" error={m.fieldErrors.assigneeId}>
          {(ids) => (
            <Select
              {...ids}
              value={assigneeId}
              onChange={setAssigneeId}
              options={(team.data?.users ?? [])
                .filter((u) => u.role !== 'INGEST')
                .map((u) => ({ value: u.id, label: `${u.name} (${u.role.toLowerCase()})` }))}
            />
          )}
        </Field>
        <FormError error={m.formError} />
        <Actions busy={m.isPending} label="Reassign" onClose={onClose} />
      </form>
    </Dialog>
  );
}

/** A snoozed task back in the lists now (`snoozeTask(id, until: null)`). */
export function WakeTaskButton({ task }: { task: TaskFieldsFragment }) {
  const m = useApiMutation((v: { id: string }) => gqlRequest(SnoozeTaskMutation, { id: v.id, until: null }), {
    invalidate: TASK_QUERY_KEYS,
  });
  return (
    <>
      <Button
        size="sm"
        variant="secondary"
        disabled={m.isPending}
        onClick={() => m.mutate({ id: task.id })}
        aria-label={`Wake “${task.title}” now`}
      >
        Wake now
      </Button>
      <FormError error={m.formError} />
    </>
  );
}
