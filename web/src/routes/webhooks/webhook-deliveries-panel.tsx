import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { WebhookDeliveriesQuery as DeliveriesData } from '@/gql/graphql';
import { ApiError, gqlRequest } from '@/lib/graphql-client';
import { useApiMutation } from '@/lib/use-api-mutation';
import { formatDateTime, humanize } from '@/lib/format';
import { DataTable, type DataColumn } from '@/components/cockpit/data-table';
import { EmptyState, QueryState } from '@/components/states';
import { FormError } from '@/components/form-error';
import { Badge, type Tone } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { RetryWebhookDeliveryMutation, WebhookDeliveriesQuery } from './webhooks.graphql';

type Delivery = DeliveriesData['webhookDeliveries']['edges'][number]['node'];
const TONE: Record<Delivery['status'], Tone> = { DELIVERED: 'green', PENDING: 'blue', FAILED: 'red' };
const when = (iso: string | null | undefined) => (iso ? formatDateTime(iso) : null);

/** One webhook's delivery log, newest first, 50 a page; a FAILED delivery can be sent again. */
export function WebhookDeliveriesPanel({ webhookId }: { webhookId: string }) {
  const [after, setAfter] = useState<string | undefined>();
  const query = useQuery({
    queryKey: ['webhooks', 'deliveries', webhookId, after],
    queryFn: () => gqlRequest(WebhookDeliveriesQuery, { webhookId, after }),
  });
  const retry = useApiMutation((id: string) => gqlRequest(RetryWebhookDeliveryMutation, { id }), {
    invalidate: [['webhooks', 'deliveries', webhookId]],
  });
  const columns: DataColumn<Delivery>[] = [
    { key: 'createdAt', label: 'Enqueued', value: (d) => d.createdAt, render: (d) => formatDateTime(d.createdAt) },
    { key: 'event', label: 'Event', value: (d) => humanize(d.event) },
    {
      key: 'status',
      label: 'Status',
      value: (d) => d.status,
      render: (d) => <Badge tone={TONE[d.status]}>{humanize(d.status)}</Badge>,
    },
    { key: 'attempts', label: 'Attempts', numeric: true, value: (d) => d.attempts },
    { key: 'code', label: 'Last answer', value: (d) => d.lastStatusCode ?? d.lastError },
    { key: 'error', label: 'Last error', value: (d) => d.lastError },
    { key: 'last', label: 'Last attempt', value: (d) => d.lastAttemptAt, render: (d) => when(d.lastAttemptAt) ?? '—' },
    { key: 'next', label: 'Next attempt', value: (d) => d.nextAttemptAt, render: (d) => when(d.nextAttemptAt) ?? '—' },
    {
      key: 'retry',
      label: 'Action',
      sortable: false,
      value: () => null,
      render: (d) =>
        d.status === 'FAILED' ? (
          <Button size="sm" variant="secondary" disabled={retry.isPending} onClick={() => retry.mutate(d.id)}>
            Retry
          </Button>
        ) : null,
    },
  ];
  return (
    <QueryState
      query={query}
      isEmpty={(d) => d.webhookDeliveries.edges.length === 0}
      empty={
        <EmptyState title="No deliveries yet">Deliveries appear when one of the webhook’s events happens.</EmptyState>
      }
    >
      {(d) => (
        <div className="space-y-2" data-testid="webhook-deliveries">
          <p className="text-sm text-slate-700">
            {d.webhookDeliveries.totalCount.toLocaleString()}{' '}
            {d.webhookDeliveries.totalCount === 1 ? 'delivery' : 'deliveries'} in all, newest first.
          </p>
          {/* A refused retry (e.g. CONFLICT: already queued) names the delivery, not a form field: shown here. */}
          <FormError error={retry.error instanceof ApiError ? retry.error : null} />
          <DataTable
            caption="Delivery log"
            columns={columns}
            rows={d.webhookDeliveries.edges.map((e) => e.node)}
            rowKey={(x) => x.id}
            csvName="webhook-deliveries.csv"
          />
          <div className="flex gap-2">
            {after && (
              <Button variant="secondary" size="sm" onClick={() => setAfter(undefined)}>
                Newest
              </Button>
            )}
            {d.webhookDeliveries.pageInfo.hasNextPage && (
              <Button
                variant="secondary"
                size="sm"
                onClick={() => setAfter(d.webhookDeliveries.pageInfo.endCursor ?? undefined)}
              >
                Older
              </Button>
            )}
          </div>
        </div>
      )}
    </QueryState>
  );
}
