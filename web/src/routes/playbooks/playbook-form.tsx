import { useState, type FormEvent } from 'react';
import type { PlaybookTriggerKind, TaskType } from '@/gql/graphql';
import { Button } from '@/components/ui/button';
import { Field, Input, Textarea } from '@/components/ui/input';
import { Select } from '@/components/ui/select';
import { FormError } from '@/components/form-error';
import type { ApiError } from '@/lib/graphql-client';
import {
  HEALTH_BAND_OPTIONS,
  RED_FLAG_OPTIONS,
  TASK_TYPE_OPTIONS,
  TRIGGER_KINDS,
  TRIGGER_LABELS,
  TRIGGER_PARAMS,
  type TriggerParam,
} from './playbook-vocabulary';
import { emptyStep, type PlaybookDraft, type StepDraft } from './playbook-form-state';

const PARAM_LABELS: Record<TriggerParam, { label: string; hint: string }> = {
  band: { label: 'Band', hint: 'Fires when the account enters this band.' },
  points: { label: 'Drop of (score points)', hint: 'More than 0, at most 100.' },
  days: { label: 'Days', hint: 'A whole number from 1 to 3650.' },
  probability: { label: 'Churn probability', hint: 'Strictly between 0 and 1, e.g. 0.4 for 40 %.' },
  flag: { label: 'Red flag', hint: 'Fires when this flag is raised.' },
};

/**
 * Create or edit a playbook: the trigger kind decides which parameter fields show (TRIGGER_PARAMS, from the API's
 * types); every error the API names is shown beside its field (`trigger.days`, `steps[0].title`, …).
 */
export function PlaybookForm({
  initial,
  submitLabel,
  busy,
  fieldErrors,
  formError,
  onSubmit,
  onCancel,
}: {
  initial: PlaybookDraft;
  submitLabel: string;
  busy: boolean;
  fieldErrors: Record<string, string>;
  formError: ApiError | null;
  onSubmit: (draft: PlaybookDraft) => void;
  onCancel: () => void;
}) {
  const [d, setD] = useState<PlaybookDraft>(initial);
  const set = <K extends keyof PlaybookDraft>(key: K, value: PlaybookDraft[K]) => setD((x) => ({ ...x, [key]: value }));
  const setParam = (key: TriggerParam, value: string) => setD((x) => ({ ...x, params: { ...x.params, [key]: value } }));
  const setStep = (i: number, patch: Partial<StepDraft>) =>
    setD((x) => ({ ...x, steps: x.steps.map((s, j) => (j === i ? { ...s, ...patch } : s)) }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit(d);
  };
  const fe = fieldErrors;

  return (
    <form onSubmit={submit} className="space-y-4" noValidate aria-label={submitLabel}>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Name" error={fe.name}>
          {(ids) => <Input {...ids} value={d.name} onChange={(e) => set('name', e.target.value)} />}
        </Field>
        <Field label="Segment (optional)" error={fe.segment} hint="Only accounts of this segment; empty for all.">
          {(ids) => <Input {...ids} value={d.segment} onChange={(e) => set('segment', e.target.value)} />}
        </Field>
        <Field label="Description (optional)" error={fe.description} className="sm:col-span-2">
          {(ids) => <Textarea {...ids} value={d.description} onChange={(e) => set('description', e.target.value)} />}
        </Field>
      </div>

      <fieldset className="space-y-3 rounded-md border border-slate-200 p-3">
        <legend className="px-1 text-sm font-semibold text-slate-800">Trigger</legend>
        <div className="grid gap-3 sm:grid-cols-3">
          <Field label="Trigger kind" error={fe['trigger.kind'] ?? fe.trigger}>
            {(ids) => (
              <Select
                {...ids}
                value={d.kind}
                onChange={(v) => v && set('kind', v as PlaybookTriggerKind)}
                options={TRIGGER_KINDS.map((k) => ({ value: k, label: TRIGGER_LABELS[k] }))}
              />
            )}
          </Field>
          {TRIGGER_PARAMS[d.kind].map((param) => (
            <Field
              key={param}
              label={PARAM_LABELS[param].label}
              hint={PARAM_LABELS[param].hint}
              error={fe[`trigger.${param}`]}
            >
              {(ids) =>
                param === 'band' || param === 'flag' ? (
                  <Select
                    {...ids}
                    value={d.params[param] || undefined}
                    onChange={(v) => setParam(param, v ?? '')}
                    options={param === 'band' ? HEALTH_BAND_OPTIONS : RED_FLAG_OPTIONS}
                  />
                ) : (
                  <Input
                    {...ids}
                    type="number"
                    inputMode="decimal"
                    step={param === 'days' ? 1 : 'any'}
                    value={d.params[param]}
                    onChange={(e) => setParam(param, e.target.value)}
                  />
                )
              }
            </Field>
          ))}
        </div>
      </fieldset>

      <div className="grid gap-3 sm:grid-cols-3">
        <Field label="Cooldown (days)" error={fe.cooldownDays} hint="No new run on an account for this long after one.">
          {(ids) => (
            <Input
              {...ids}
              type="number"
              min={0}
              value={d.cooldownDays}
              onChange={(e) => set('cooldownDays', e.target.value)}
            />
          )}
        </Field>
        <label className="flex items-center gap-2 self-center text-sm text-slate-800">
          <input type="checkbox" checked={d.enabled} onChange={(e) => set('enabled', e.target.checked)} />
          Enabled
        </label>
      </div>

      <fieldset className="space-y-3 rounded-md border border-slate-200 p-3">
        <legend className="px-1 text-sm font-semibold text-slate-800">Steps (tasks each run creates)</legend>
        {fe.steps && (
          <p role="alert" className="text-sm text-red-700">
            {fe.steps}
          </p>
        )}
        {d.steps.map((s, i) => (
          <div key={i} className="grid gap-3 border-b border-slate-100 pb-3 sm:grid-cols-[2fr_1fr_1fr_auto]">
            <Field label={`Step ${i + 1} title`} error={fe[`steps[${i}].title`]}>
              {(ids) => <Input {...ids} value={s.title} onChange={(e) => setStep(i, { title: e.target.value })} />}
            </Field>
            <Field label={`Step ${i + 1} task type`} error={fe[`steps[${i}].type`]}>
              {(ids) => (
                <Select
                  {...ids}
                  value={s.type}
                  onChange={(v) => v && setStep(i, { type: v as TaskType })}
                  options={TASK_TYPE_OPTIONS}
                />
              )}
            </Field>
            <Field label={`Step ${i + 1} due after (days)`} error={fe[`steps[${i}].dueInDays`]}>
              {(ids) => (
                <Input
                  {...ids}
                  type="number"
                  min={0}
                  max={365}
                  value={s.dueInDays}
                  onChange={(e) => setStep(i, { dueInDays: e.target.value })}
                />
              )}
            </Field>
            <div className="flex flex-col justify-end gap-1 text-sm">
              <label className="flex items-center gap-2 text-slate-800">
                <input
                  type="checkbox"
                  checked={s.touchesCustomer}
                  onChange={(e) => setStep(i, { touchesCustomer: e.target.checked })}
                />
                Contacts the customer
              </label>
              {d.steps.length > 1 && (
                <Button
                  variant="ghost"
                  size="sm"
                  onClick={() =>
                    set(
                      'steps',
                      d.steps.filter((_, j) => j !== i),
                    )
                  }
                >
                  Remove step {i + 1}
                </Button>
              )}
            </div>
            {fe[`steps[${i}].userId`] && (
              <p role="alert" className="text-sm text-red-700 sm:col-span-4">
                {fe[`steps[${i}].userId`]}
              </p>
            )}
          </div>
        ))}
        <Button variant="secondary" size="sm" onClick={() => set('steps', [...d.steps, emptyStep()])}>
          Add a step
        </Button>
      </fieldset>

      <FormError error={formError} />
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" disabled={busy}>
          {busy ? 'Saving…' : submitLabel}
        </Button>
      </div>
    </form>
  );
}
