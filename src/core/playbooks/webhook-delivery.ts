import { createHmac } from 'node:crypto';

/** Deliveries are retried for this long after they were enqueued. */
export const WEBHOOK_RETRY_FOR_MS = 24 * 3600 * 1000;
export const WEBHOOK_MAX_BACKOFF_MS = 3600 * 1000;

/** X-Vitals-Signature: the hex HMAC-SHA256 of the raw body with the webhook's secret. */
export function signBody(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body, 'utf8').digest('hex');
}

/** Delay after failed attempt number `attempt` (1 = the first try): base × 2^(attempt−1), at most an hour. */
export function backoffMs(base: number, attempt: number): number {
  return Math.min(WEBHOOK_MAX_BACKOFF_MS, base * 2 ** Math.max(0, attempt - 1));
}

/** When to try again after a failure, or null to give up (the retry would fall beyond 24 hours after enqueueing). */
export function nextAttemptAt(createdAt: Date, failedAt: Date, attempts: number, base: number): Date | null {
  const next = new Date(failedAt.getTime() + backoffMs(base, attempts));
  return next.getTime() > createdAt.getTime() + WEBHOOK_RETRY_FOR_MS ? null : next;
}
