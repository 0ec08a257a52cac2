import { useState, type FormEvent } from 'react';
import type { WebhookEvent } from '@/gql/graphql';
import { gqlRequest } from '@/lib/graphql-client';
import { useApiMutation } from '@/lib/use-api-mutation';
import { humanize } from '@/lib/format';
import { Button } from '@/components/ui/button';
import { Field, Input } from '@/components/ui/input';
import { FormError } from '@/components/form-error';
import { CreateWebhookMutation } from './webhooks.graphql';

/** Every event a webhook can subscribe to, keyed by the API's enum (a new event fails the typecheck here). */
const EVENTS: Record<WebhookEvent, string> = {
  ACCOUNT_CHURNED: 'An account churns',
  HEALTH_BAND_CHANGED: 'An account’s health band changes',
  PLAYBOOK_RUN_STARTED: 'A playbook run starts',
  TASK_CREATED: 'A task is created',
};

export function WebhookCreateForm({ onCreated }: { onCreated: (secret: string, url: string) => void }) {
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<WebhookEvent[]>(['PLAYBOOK_RUN_STARTED']);
  const create = useApiMutation(() => gqlRequest(CreateWebhookMutation, { url, events }), {
    invalidate: [['webhooks']],
    onSuccess: (r) => {
      setUrl('');
      onCreated(r.createWebhook.secret, r.createWebhook.webhook.url);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(undefined);
  };
  return (
    <form onSubmit={submit} aria-label="Add a webhook" className="space-y-3" noValidate>
      <Field
        label="Endpoint URL"
        error={create.fieldErrors.url}
        hint="http or https; Vitals POSTs JSON signed with X-Vitals-Signature."
      >
        {(ids) => (
          <Input
            {...ids}
            type="url"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            placeholder="https://example.com/vitals"
          />
        )}
      </Field>
      <fieldset aria-describedby={create.fieldErrors.events ? 'webhook-events-error' : undefined}>
        <legend className="text-sm font-medium text-slate-800">Events</legend>
        <div className="mt-1 flex flex-wrap gap-x-5 gap-y-1">
          {(Object.keys(EVENTS) as WebhookEvent[]).map((ev) => (
            <label key={ev} className="flex items-center gap-2 text-sm text-slate-800">
              <input
                type="checkbox"
                checked={events.includes(ev)}
                onChange={(e) => setEvents((xs) => (e.target.checked ? [...xs, ev] : xs.filter((x) => x !== ev)))}
              />
              {EVENTS[ev]} <span className="text-slate-600">({humanize(ev)})</span>
            </label>
          ))}
        </div>
        {create.fieldErrors.events && (
          <p id="webhook-events-error" role="alert" className="mt-1 text-sm text-red-700">
            {create.fieldErrors.events}
          </p>
        )}
      </fieldset>
      <FormError error={create.formError} />
      <Button type="submit" disabled={create.isPending}>
        {create.isPending ? 'Adding…' : 'Add webhook'}
      </Button>
    </form>
  );
}
