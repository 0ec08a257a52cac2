import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { randomBytes } from 'node:crypto';
import { AppError } from '../../common/errors/app-error';
import { Connection, lazyCount, readPageArgs, toConnection } from '../../common/pagination/connection';
import { AppConfig } from '../../config/config';
import { InjectConfig } from '../../config/config.module';
import { rowsOf } from '../../database/query-result';
import { nextAttemptAt, signBody } from '../../core/playbooks/webhook-delivery';
import { WebhookDeliveryModel, WebhookEvent, WebhookModel } from './webhooks.models';
import { UUID_RE } from '../../core/ids';
import { DELIVERY_COLUMNS, deliveryOf } from './webhook-delivery.row';
import { hasControlChar } from '../../core/text-rules';

/** A claimed delivery is invisible to other pollers for this long (longer than a request may take). */
const CLAIM_LEASE = '2 minutes';
const REQUEST_TIMEOUT_MS = 10_000;
const BATCH = 20;

function validUrl(url: string): string {
  if (url.length > 2000) throw AppError.badInput('url', 'is too long');
  if (hasControlChar(url)) throw AppError.badInput('url', 'must not contain control characters');
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    throw AppError.badInput('url', 'must be an absolute http or https URL');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw AppError.badInput('url', 'must use http or https');
  if (u.username || u.password) throw AppError.badInput('url', 'must not contain credentials');
  if (u.toString().length > 2000) throw AppError.badInput('url', 'is too long');
  return u.toString();
}

function mapWebhook(r: Record<string, any>): WebhookModel {
  return { id: r.id, url: r.url, events: r.events, enabled: r.enabled, createdAt: r.created_at };
}

/**
 * Outgoing webhooks: events are enqueued in the transaction that caused them (so a rolled-back mutation
 * sends nothing and a delivery never blocks or fails the mutation), then a poller on every instance claims
 * due rows with FOR UPDATE SKIP LOCKED, POSTs them signed, and retries with exponential backoff for 24 hours.
 */
@Injectable()
export class WebhooksService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('Webhooks');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.kick(), this.config.WEBHOOK_POLL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  async create(
    url: string,
    events: WebhookEvent[],
    actorId: string,
  ): Promise<{ webhook: WebhookModel; secret: string }> {
    const clean = validUrl(url);
    const set = [...new Set(events)];
    if (!set.length) throw AppError.badInput('events', 'name at least one event');
    const secret = `whsec_${randomBytes(24).toString('base64url')}`;
    const rows = await this.db.query(
      `INSERT INTO webhooks (url, events, secret, created_by) VALUES ($1, $2::text[], $3, $4) RETURNING id, url, events, enabled, created_at`,
      [clean, set, secret, actorId],
    );
    return { webhook: mapWebhook(rows[0]), secret };
  }

  async list(): Promise<WebhookModel[]> {
    const rows = await this.db.query(
      `SELECT id, url, events, enabled, created_at FROM webhooks ORDER BY created_at, id`,
    );
    return rows.map(mapWebhook);
  }

  async remove(id: string): Promise<boolean> {
    if (!UUID_RE.test(id)) return false;
    const rows = await this.db.query(`DELETE FROM webhooks WHERE id = $1 RETURNING id`, [id]);
    return rowsOf(rows).length > 0;
  }

  async deliveries(
    webhookId: string,
    first: number | null | undefined,
    after: string | null | undefined,
  ): Promise<Connection<WebhookDeliveryModel>> {
    const page = readPageArgs(first, after, ['timestamp', 'uuid']);
    if (
      !UUID_RE.test(webhookId) ||
      !(await this.db.query(`SELECT 1 FROM webhooks WHERE id = $1`, [webhookId])).length
    ) {
      throw AppError.notFound('Webhook', webhookId);
    }
    const params: unknown[] = [webhookId];
    let keyset = '';
    if (page.after) {
      params.push(...page.after);
      keyset = ` AND (created_at, id) < ($2::timestamptz, $3::uuid)`;
    }
    params.push(page.first + 1);
    const rows = await this.db.query(
      `SELECT ${DELIVERY_COLUMNS}
         FROM webhook_deliveries WHERE webhook_id = $1${keyset} ORDER BY created_at DESC, id DESC LIMIT $${params.length}`,
      params,
    );
    const total = lazyCount(
      async () =>
        (await this.db.query(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE webhook_id = $1`, [webhookId]))[0]
          .n,
    );
    const items: WebhookDeliveryModel[] = rows.map(deliveryOf);
    return toConnection(items, page.first, (d) => [d.createdAt.toISOString(), d.id], total);
  }

  /**
   * Enqueues `event` for every enabled webhook subscribed to it, inside the caller's transaction.
   * `items` are the event payloads' data (one delivery per item and webhook).
   */
  async enqueue(em: EntityManager, event: WebhookEvent, items: Array<Record<string, unknown>>): Promise<void> {
    if (!items.length) return;
    await em.query(
      `INSERT INTO webhook_deliveries (webhook_id, event, payload)
       SELECT w.id, $1, jsonb_build_object('event', $1::text, 'occurredAt', now(), 'data', d.data)
         FROM webhooks w CROSS JOIN unnest($2::jsonb[]) AS d(data)
        WHERE w.enabled AND $1 = ANY(w.events)
        -- A webhook deleted meanwhile is skipped (the lock waits for that delete, then drops the row) instead of
        -- failing the caller's whole transaction on the deliveries' foreign key.
          FOR KEY SHARE OF w`,
      [event, items.map((i) => JSON.stringify(i))],
    );
  }

  /** Starts a delivery pass now unless one is running (called after commits and by the poll timer). */
  kick(): void {
    if (this.running || this.stopped) return;
    this.running = this.deliverDue()
      .then(() => undefined)
      .catch((err) => this.log.error(`webhook delivery pass failed: ${(err as Error).message}`))
      .finally(() => {
        this.running = null;
      });
  }

  /** Claims due deliveries (several instances never take the same row) and sends them; returns how many were tried. */
  async deliverDue(): Promise<number> {
    let total = 0;
    for (;;) {
      if (this.stopped) return total;
      const claimed: Array<{
        id: string;
        event: string;
        payload: string;
        attempts: number;
        created_at: Date;
        url: string;
        secret: string;
      }> = await this.db
        .query(
          `UPDATE webhook_deliveries d
            SET next_attempt_at = now() + interval '${CLAIM_LEASE}', attempts = d.attempts + 1, last_attempt_at = now()
           FROM webhooks w
          WHERE d.id IN (SELECT id FROM webhook_deliveries WHERE status = 'PENDING' AND next_attempt_at <= now()
                          ORDER BY next_attempt_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
            AND w.id = d.webhook_id
        RETURNING d.id, d.event, d.payload::text AS payload, d.attempts, d.created_at, w.url, w.secret`,
        )
        .then((r: unknown) => rowsOf(r));
      if (!claimed.length) return total;
      total += claimed.length;
      await Promise.all(claimed.map((c) => this.send(c)));
    }
  }

  private async send(c: {
    id: string;
    event: string;
    payload: string;
    attempts: number;
    created_at: Date;
    url: string;
    secret: string;
  }): Promise<void> {
    const body = c.payload;
    let status: number | null = null;
    let error: string | null = null;
    try {
      const res = await fetch(c.url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Vitals-Webhooks/1',
          'x-vitals-event': c.event,
          'x-vitals-delivery': c.id,
          'x-vitals-signature': signBody(c.secret, body),
        },
        body,
      });
      status = res.status;
      await res.arrayBuffer().catch(() => undefined);
      if (status < 200 || status >= 300) error = `HTTP ${status}`;
    } catch (err) {
      error = ((err as Error).message || 'request failed').slice(0, 500);
    }
    if (!error) {
      await this.db.query(
        `UPDATE webhook_deliveries SET status = 'DELIVERED', delivered_at = now(), last_status_code = $2, last_error = NULL WHERE id = $1`,
        [c.id, status],
      );
      return;
    }
    const next = nextAttemptAt(new Date(c.created_at), new Date(), c.attempts, this.config.WEBHOOK_BACKOFF_MS);
    await this.db.query(
      `UPDATE webhook_deliveries SET status = $2, next_attempt_at = COALESCE($3, next_attempt_at), last_status_code = $4, last_error = $5 WHERE id = $1`,
      [c.id, next ? 'PENDING' : 'FAILED', next, status, error],
    );
  }
}
