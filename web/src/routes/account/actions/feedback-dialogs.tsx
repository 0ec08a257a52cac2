import { useState, type FormEvent } from 'react';
import type { FeedbackSource, Sentiment } from '@/gql/graphql';
import { graphql } from '@/gql';
import { gqlRequest } from '@/lib/graphql-client';
import { useApiMutation } from '@/lib/use-api-mutation';
import { humanize } from '@/lib/format';
import { Dialog } from '@/components/ui/dialog';
import { Field, Input, Textarea } from '@/components/ui/input';
import { Select } from '@/components/ui/select';
import { FormError } from '@/components/form-error';
import { FormButtons } from './form-buttons';

const RecordNpsMutation = graphql(`
  mutation RecordNps($input: RecordNpsInput!) {
    recordNps(input: $input) {
      id
      score
    }
  }
`);
const RecordCsatMutation = graphql(`
  mutation RecordCsat($input: RecordCsatInput!) {
    recordCsat(input: $input) {
      id
      score
    }
  }
`);
const RecordFeedbackMutation = graphql(`
  mutation RecordFeedback($input: RecordFeedbackInput!) {
    recordFeedback(input: $input) {
      id
    }
  }
`);

/** Feedback moves NPS, health and the timeline: everything of the account is refetched. */
const KEYS = [['account'], ['accounts'], ['myDay']];

interface Props {
  accountId: string;
  onClose: () => void;
}

/** The score as typed: an integer, or NaN so the API's field error is shown (it validates the range). */
const toInt = (s: string) => (s.trim() === '' ? Number.NaN : Number(s));

export function NpsDialog({ accountId, onClose }: Props) {
  const [score, setScore] = useState('');
  const [comment, setComment] = useState('');
  const [email, setEmail] = useState('');
  const m = useApiMutation(
    () =>
      gqlRequest(RecordNpsMutation, {
        input: {
          accountId,
          score: toInt(score),
          comment: comment.trim() || undefined,
          respondentEmail: email.trim() || undefined,
        },
      }),
    { invalidate: KEYS, onSuccess: onClose },
  );
  const local = score !== '' && !/^\d+$/.test(score.trim()) ? 'Enter a whole number from 0 to 10' : undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!local) m.mutate(undefined);
  };
  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onClose()}
      title="Record an NPS answer"
      description="How likely is the customer to recommend you, 0 to 10?"
    >
      <form onSubmit={submit} className="space-y-3" noValidate>
        <Field label="Score (0–10)" error={local ?? m.fieldErrors.score}>
          {(ids) => (
            <Input
              {...ids}
              autoFocus
              inputMode="numeric"
              value={score}
              onChange={(e) => setScore(e.target.value)}
              className="w-24"
            />
          )}
        </Field>
        <Field label="Comment (optional)" error={m.fieldErrors.comment}>
          {(ids) => <Textarea {...ids} value={comment} onChange={(e) => setComment(e.target.value)} />}
        </Field>
        <Field label="Respondent email (optional)" error={m.fieldErrors.respondentEmail}>
          {(ids) => <Input {...ids} type="email" value={email} onChange={(e) => setEmail(e.target.value)} />}
        </Field>
        <FormError error={m.formError} />
        <FormButtons busy={m.isPending} label="Record NPS" onCancel={onClose} />
      </form>
    </Dialog>
  );
}

export function CsatDialog({ accountId, onClose }: Props) {
  const [score, setScore] = useState('');
  const [topic, setTopic] = useState('');
  const [comment, setComment] = useState('');
  const m = useApiMutation(
    () =>
      gqlRequest(RecordCsatMutation, {
        input: {
          accountId,
          score: toInt(score),
          topic: topic.trim() || undefined,
          comment: comment.trim() || undefined,
        },
      }),
    { invalidate: KEYS, onSuccess: onClose },
  );
  const local = score !== '' && !/^\d+$/.test(score.trim()) ? 'Enter a whole number from 1 to 5' : undefined;
  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onClose()}
      title="Record a CSAT answer"
      description="Satisfaction with one interaction, 1 to 5."
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!local) m.mutate(undefined);
        }}
        className="space-y-3"
        noValidate
      >
        <Field label="Score (1–5)" error={local ?? m.fieldErrors.score}>
          {(ids) => (
            <Input
              {...ids}
              autoFocus
              inputMode="numeric"
              value={score}
              onChange={(e) => setScore(e.target.value)}
              className="w-24"
            />
          )}
        </Field>
        <Field label="Topic (optional)" hint="What was rated, e.g. “Support ticket”." error={m.fieldErrors.topic}>
          {(ids) => <Input {...ids} value={topic} onChange={(e) => setTopic(e.target.value)} />}
        </Field>
        <Field label="Comment (optional)" error={m.fieldErrors.comment}>
          {(ids) => <Textarea {...ids} value={comment} onChange={(e) => setComment(e.target.value)} />}
        </Field>
        <FormError error={m.formError} />
        <FormButtons busy={m.isPending} label="Record CSAT" onCancel={onClose} />
      </form>
    </Dialog>
  );
}

const SOURCES: FeedbackSource[] = ['CALL', 'EMAIL', 'MEETING', 'TICKET', 'SURVEY', 'OTHER'];
const SENTIMENTS: Sentiment[] = ['POSITIVE', 'NEUTRAL', 'NEGATIVE'];

export function NoteDialog({ accountId, onClose }: Props) {
  const [text, setText] = useState('');
  const [source, setSource] = useState<FeedbackSource>('CALL');
  const [sentiment, setSentiment] = useState<Sentiment | undefined>();
  const m = useApiMutation(
    () => gqlRequest(RecordFeedbackMutation, { input: { accountId, text, source, sentiment } }),
    { invalidate: KEYS, onSuccess: onClose },
  );
  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onClose()}
      title="Record a feedback note"
      description="What the customer said on a call, in an email or a ticket."
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          m.mutate(undefined);
        }}
        className="space-y-3"
        noValidate
      >
        <Field label="What they said" error={m.fieldErrors.text}>
          {(ids) => <Textarea {...ids} autoFocus value={text} onChange={(e) => setText(e.target.value)} />}
        </Field>
        <div className="flex gap-3">
          <Field label="Source" error={m.fieldErrors.source}>
            {(ids) => (
              <Select
                {...ids}
                value={source}
                onChange={(v) => setSource((v as FeedbackSource) ?? 'OTHER')}
                options={SOURCES.map((s) => ({ value: s, label: humanize(s) }))}
              />
            )}
          </Field>
          <Field label="Sentiment" error={m.fieldErrors.sentiment}>
            {(ids) => (
              <Select
                {...ids}
                value={sentiment}
                onChange={(v) => setSentiment(v as Sentiment | undefined)}
                emptyLabel="Unknown"
                options={SENTIMENTS.map((s) => ({ value: s, label: humanize(s) }))}
              />
            )}
          </Field>
        </div>
        <FormError error={m.formError} />
        <FormButtons busy={m.isPending} label="Record note" onCancel={onClose} />
      </form>
    </Dialog>
  );
}
