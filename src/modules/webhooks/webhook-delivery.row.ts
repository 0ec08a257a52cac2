import { WebhookDeliveryModel, WebhookDeliveryStatus } from './webhooks.models';

/** The columns a delivery is read with (the log and a retry answer the same shape). */
export const DELIVERY_COLUMNS = `id, event, status, attempts, last_status_code, last_error, last_attempt_at, next_attempt_at,
  delivered_at, created_at, payload::text AS payload`;

export function deliveryOf(r: Record<string, any>): WebhookDeliveryModel {
  return {
    id: r.id,
    event: r.event,
    status: r.status,
    attempts: r.attempts,
    lastStatusCode: r.last_status_code,
    lastError: r.last_error,
    lastAttemptAt: r.last_attempt_at,
    nextAttemptAt: r.status === WebhookDeliveryStatus.PENDING ? r.next_attempt_at : null,
    deliveredAt: r.delivered_at,
    createdAt: r.created_at,
    payload: r.payload,
  };
}
