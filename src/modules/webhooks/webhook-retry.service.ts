import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError } from '../../common/errors/app-error';
import { isUuid } from '../../core/ids';
import { rowsOf } from '../../database/query-result';
import { WebhookDeliveryModel, WebhookDeliveryStatus } from './webhooks.models';
import { DELIVERY_COLUMNS, deliveryOf } from './webhook-delivery.row';
import { WebhooksService } from './webhooks.service';

/**
 * An ADMIN sending a FAILED delivery again: it goes back in the queue due now (same id, payload and signature
 * scheme; the attempts so far are kept). If that try fails too, the usual backoff applies only while the delivery
 * is within 24 hours of being enqueued; an older one is marked FAILED again after this one attempt.
 */
@Injectable()
export class WebhookRetryService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly webhooks: WebhooksService,
  ) {}

  async retry(id: string): Promise<WebhookDeliveryModel> {
    if (!isUuid(id)) throw AppError.notFound('Webhook delivery', id, 'id');
    const row = await this.db.transaction(async (em) => {
      const found: Array<{ status: WebhookDeliveryStatus }> = await em.query(
        `SELECT status FROM webhook_deliveries WHERE id = $1 FOR UPDATE`,
        [id],
      );
      if (!found.length) throw AppError.notFound('Webhook delivery', id, 'id');
      if (found[0].status !== WebhookDeliveryStatus.FAILED) {
        throw AppError.conflict(
          found[0].status === WebhookDeliveryStatus.PENDING
            ? 'This delivery is already queued; it is retried automatically'
            : 'This delivery was delivered; only a failed delivery can be retried',
          'id',
        );
      }
      const updated = rowsOf<Record<string, unknown>>(
        await em.query(
          `UPDATE webhook_deliveries SET status = 'PENDING', next_attempt_at = now() WHERE id = $1
         RETURNING ${DELIVERY_COLUMNS}`,
          [id],
        ),
      );
      return updated[0];
    });
    // After the commit, so the poller sees the row (as the fan-out does for new events).
    this.webhooks.kick();
    return deliveryOf(row);
  }
}
