import { createRoute } from '@tanstack/react-router';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { WebhooksPageQuery as WebhooksData } from '@/gql/graphql';
import { ApiError, gqlRequest } from '@/lib/graphql-client';
import { useApiMutation } from '@/lib/use-api-mutation';
import { formatDateTime, humanize } from '@/lib/format';
import { PageHeader, Section } from '@/components/page-header';
import { EmptyState, QueryState } from '@/components/states';
import { FormError } from '@/components/form-error';
import { ShownOnce } from '@/components/shown-once';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { DataTable, type DataColumn } from '@/components/cockpit/data-table';
import { appRoute } from '../_app/app.route';
import { ADMINS } from '../_app/navigation';
import { requireRole } from '../_app/require-role';
import { DeleteWebhookMutation, WebhooksPageQuery } from './webhooks.graphql';
import { WebhookCreateForm } from './webhook-create-form';
import { WebhookDeliveriesPanel } from './webhook-deliveries-panel';

/** Outgoing webhooks: the API is ADMIN only, so the screen is too. `?webhook=` picks the delivery log shown. */
export const webhooksRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/webhooks',
  beforeLoad: requireRole(ADMINS),
  validateSearch: (search: Record<string, unknown>): { webhook?: string } => ({
    webhook: typeof search.webhook === 'string' && search.webhook ? search.webhook : undefined,
  }),
  component: WebhooksPage,
});

type Webhook = WebhooksData['webhooks'][number];

function WebhooksPage() {
  const { webhook: selected } = webhooksRoute.useSearch();
  const navigate = webhooksRoute.useNavigate();
  const [secret, setSecret] = useState<{ value: string; url: string } | null>(null);
  const [deleting, setDeleting] = useState<Webhook | null>(null);
  const query = useQuery({ queryKey: ['webhooks', 'list'], queryFn: () => gqlRequest(WebhooksPageQuery) });
  const remove = useApiMutation((id: string) => gqlRequest(DeleteWebhookMutation, { id }), {
    invalidate: [['webhooks']],
    onSuccess: () => {
      if (deleting?.id === selected) void navigate({ search: {} });
      setDeleting(null);
    },
  });
  const columns: DataColumn<Webhook>[] = [
    {
      key: 'url',
      label: 'Endpoint',
      value: (w) => w.url,
      render: (w) => <span className="font-mono text-xs break-all">{w.url}</span>,
    },
    { key: 'events', label: 'Events', value: (w) => w.events.map(humanize).join(', ') },
    {
      key: 'enabled',
      label: 'State',
      value: (w) => (w.enabled ? 'Enabled' : 'Disabled'),
      render: (w) => <Badge tone={w.enabled ? 'green' : 'grey'}>{w.enabled ? 'Enabled' : 'Disabled'}</Badge>,
    },
    { key: 'createdAt', label: 'Added', value: (w) => w.createdAt, render: (w) => formatDateTime(w.createdAt) },
    {
      key: 'actions',
      label: 'Actions',
      sortable: false,
      value: () => null,
      render: (w) => (
        <div className="flex gap-2">
          <Button
            size="sm"
            variant={w.id === selected ? 'primary' : 'secondary'}
            aria-pressed={w.id === selected}
            onClick={() => void navigate({ search: { webhook: w.id } })}
          >
            Delivery log<span className="sr-only"> of {w.url}</span>
          </Button>
          <Button size="sm" variant="ghost" onClick={() => setDeleting(w)}>
            Delete<span className="sr-only"> {w.url}</span>
          </Button>
        </div>
      ),
    },
  ];
  return (
    <>
      <PageHeader title="Webhooks" subtitle="Signed JSON POSTs to your systems when things happen in Vitals" />
      <div className="space-y-4">
        {secret && (
          <ShownOnce label={`Signing secret for ${secret.url}`} value={secret.value} onDone={() => setSecret(null)} />
        )}
        <Section title="Endpoints">
          <QueryState
            query={query}
            isEmpty={(d) => d.webhooks.length === 0}
            empty={<EmptyState title="No webhooks yet">Add an endpoint below to receive events.</EmptyState>}
          >
            {(d) => (
              <div data-testid="webhooks-content">
                <DataTable
                  caption="Webhook endpoints"
                  columns={columns}
                  rows={d.webhooks}
                  rowKey={(w) => w.id}
                  csvName="webhooks.csv"
                />
              </div>
            )}
          </QueryState>
        </Section>
        <Section title="Add a webhook">
          <WebhookCreateForm onCreated={(value, url) => setSecret({ value, url })} />
        </Section>
        {selected && (
          <Section title={`Delivery log — ${query.data?.webhooks.find((w) => w.id === selected)?.url ?? 'webhook'}`}>
            <WebhookDeliveriesPanel webhookId={selected} />
          </Section>
        )}
      </div>
      <Dialog open={!!deleting} onOpenChange={(open) => !open && setDeleting(null)} title="Delete this webhook?">
        <p className="text-sm text-slate-800">
          <span className="font-mono break-all">{deleting?.url}</span> stops receiving events, and its delivery log is
          deleted with it.
        </p>
        <FormError error={remove.error instanceof ApiError ? remove.error : null} />
        <div className="flex justify-end gap-2 pt-3">
          <Button variant="secondary" onClick={() => setDeleting(null)}>
            Cancel
          </Button>
          <Button variant="danger" disabled={remove.isPending} onClick={() => deleting && remove.mutate(deleting.id)}>
            Delete webhook
          </Button>
        </div>
      </Dialog>
    </>
  );
}
