import { ErrorCode } from '../../common/errors/app-error';
import { Controller, Logger, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import Stripe from 'stripe';
import { AppConfig } from '../../config/config';
import { InjectConfig } from '../../config/config.module';
import { BillingRejection } from '../../core/billing/subscription';
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS } from '../../common/errors/service-unavailable';
import { StripeEventsService } from './stripe-events.service';
import { StripeStats } from './stripe-stats';

/** Stripe's own events are well under this; a larger body is not one of them. */
export const MAX_WEBHOOK_BYTES = 1024 * 1024;
/** Seconds between Stripe signing and us verifying: an older signature is a replay. */
export const SIGNATURE_TOLERANCE_S = 300;

class BodyTooLarge extends Error {}

async function readRaw(req: Request): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_WEBHOOK_BYTES) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * `POST /connectors/stripe/webhook`: the raw body verified with the official `stripe` package against
 * STRIPE_WEBHOOK_SECRET; then processed once by event id. Answers 200 `{ received, outcome, reason }`; 400 with a
 * typed `error.code` for a bad signature (SIGNATURE_INVALID), a body that is not JSON (MALFORMED_JSON) or an
 * object Vitals refuses (EVENT_REJECTED, with the field path); 503 when not configured or the database is down.
 */
@Controller('connectors/stripe')
export class StripeWebhookController {
  private readonly logger = new Logger('StripeWebhook');
  private readonly secret: AppConfig['STRIPE_WEBHOOK_SECRET'];

  constructor(
    private readonly events: StripeEventsService,
    private readonly stats: StripeStats,
    @InjectConfig() config: AppConfig,
  ) {
    this.secret = config.STRIPE_WEBHOOK_SECRET;
  }

  @Post('webhook')
  async webhook(@Req() req: Request, @Res() res: Response): Promise<void> {
    const fail = (status: number, code: ErrorCode, message: string, extra: Record<string, unknown> = {}) => {
      res.status(status).json({ error: { code, message, ...extra } });
    };
    if (!this.secret)
      return fail(503, ErrorCode.NOT_CONFIGURED, 'The Stripe connector is not configured: set STRIPE_WEBHOOK_SECRET');
    let raw: Buffer;
    try {
      raw = await readRaw(req);
    } catch (err) {
      if (err instanceof BodyTooLarge)
        return fail(413, ErrorCode.PAYLOAD_TOO_LARGE, `Body exceeds ${MAX_WEBHOOK_BYTES} bytes`);
      return fail(400, ErrorCode.BAD_REQUEST, 'The request body could not be read');
    }
    const header = req.headers['stripe-signature'];
    if (typeof header !== 'string' || !header) {
      await this.stats.record('rejected', { reason: 'signature: missing Stripe-Signature header' });
      return fail(400, ErrorCode.SIGNATURE_INVALID, 'Missing Stripe-Signature header');
    }
    let body: unknown;
    try {
      body = Stripe.webhooks.constructEvent(raw, header, this.secret, SIGNATURE_TOLERANCE_S);
    } catch (err) {
      if (err instanceof SyntaxError) {
        await this.stats.record('rejected', { reason: 'body: signed but not JSON' });
        return fail(400, ErrorCode.MALFORMED_JSON, 'The signed body is not JSON');
      }
      // StripeSignatureVerificationError: no matching signature (wrong secret, altered body) or a stale timestamp.
      await this.stats.record('rejected', { reason: `signature: ${(err as Error).message.split('\n')[0]}` });
      return fail(400, ErrorCode.SIGNATURE_INVALID, (err as Error).message.split('\n')[0]);
    }
    try {
      const result = await this.events.process(body);
      res.status(200).json({ received: true, ...result });
    } catch (err) {
      if (err instanceof BillingRejection)
        return fail(400, ErrorCode.EVENT_REJECTED, err.message, { path: err.path, problem: err.problem });
      if (isDatabaseUnavailable(err)) {
        res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
        return fail(503, ErrorCode.SERVICE_UNAVAILABLE, 'The database is unavailable; Stripe will retry');
      }
      this.logger.error(
        `Stripe event processing failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
      );
      // A failure of ours: Stripe retries on any non-2xx; never a 500 with internals.
      return fail(503, ErrorCode.PROCESSING_FAILED, 'The event could not be processed now; Stripe will retry');
    }
  }
}
