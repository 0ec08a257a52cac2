import { ErrorCode } from '../../common/errors/app-error';
import { Controller, HttpCode, Logger, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { recordIngestion } from '../../common/metrics/metrics.registry';
import {
  isDatabaseUnavailable,
  RETRY_AFTER_SECONDS,
  SERVICE_UNAVAILABLE_MESSAGE,
} from '../../common/errors/service-unavailable';
import {
  MAX_BATCH_BYTES,
  MAX_MESSAGE_BYTES,
  parseSegmentRequest,
  SEGMENT_CALLS,
  SegmentCall,
  SegmentMessage,
  SegmentRequestError,
} from '../../core/segment/segment-message';
import { ActiveSource, SourcesService } from '../sources/sources.service';
import { SourceStatsService } from '../sources/source-stats.service';
import { basicAuthUser, BodyError, readBody } from './segment-body';
import { SegmentIngestService, SourceRevokedError } from './segment-ingest.service';

/** The request id of the access log (pino-http's genReqId). */
function requestId(req: Request): string {
  return typeof req.id === 'object' ? JSON.stringify(req.id) : String(req.id);
}

/** An error message without its per-request numbers (sizes, counts, batch positions): repeats are one error row. */
function stableMessage(message: string): string {
  return message
    .replace(/\s*\((\d+ bytes|got \d+)\)/g, '')
    .replace(/\[\d+\]/g, '[n]')
    .trim();
}

/**
 * The Segment HTTP Tracking API: `POST /v1/track|identify|group|page|screen|alias|batch`, JSON (gzip accepted),
 * authenticated by a source's write key (HTTP Basic user name, or `writeKey` in the body). Answers as Segment:
 * 200 `{"success":true}`, 400 for a request it will never accept (clients do not retry it), 401 for a bad key,
 * 429 with Retry-After over the source's budget, 503 with Retry-After while the database is unavailable.
 */
@Controller('v1')
export class SegmentController {
  private readonly log = new Logger('Segment');
  /** One budget per source and size (a changed budget starts a new window). */
  private readonly limiters = new Map<string, RateLimiterMemory>();

  constructor(
    private readonly sources: SourcesService,
    private readonly stats: SourceStatsService,
    private readonly ingest: SegmentIngestService,
  ) {}

  @Post(':call')
  @HttpCode(200)
  async handle(@Param('call') call: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const kind: SegmentCall | null =
      call === 'batch' ? null : (SEGMENT_CALLS as readonly string[]).includes(call) ? (call as SegmentCall) : null;
    if (kind === null && call !== 'batch') {
      res.status(404).json({ success: false, code: ErrorCode.NOT_FOUND, message: `No endpoint /v1/${call}` });
      return;
    }
    const receivedAt = new Date();
    let source: ActiveSource | null = null;
    try {
      const headerKey = basicAuthUser(req.headers.authorization);
      if (headerKey !== null) {
        source = await this.sources.authenticate(headerKey);
        if (!source || source.kind !== 'SEGMENT') return this.unauthorized(res);
      }
      const body = await readBody(req, kind === null ? MAX_BATCH_BYTES : MAX_MESSAGE_BYTES);
      if ('tooLarge' in body) {
        const what = kind === null ? 'a batch is larger than 500 KB' : 'a message is larger than 32 KB';
        return await this.badRequest(res, source, `${what} (${body.tooLarge} bytes)`, null, 1, true);
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.text);
      } catch {
        return await this.badRequest(res, source, 'invalid JSON', null, 1);
      }
      let request: { messages: SegmentMessage[]; repeats: number; writeKey: string | null };
      try {
        request = parseSegmentRequest(parsed, body.bytes, kind, receivedAt);
      } catch (err) {
        if (!(err instanceof SegmentRequestError)) throw err;
        if (!source) source = await this.bodyKeySource(parsed);
        if (!source) return this.unauthorized(res);
        const n =
          kind === null && Array.isArray((parsed as { batch?: unknown }).batch)
            ? (parsed as { batch: unknown[] }).batch.length
            : 1;
        return await this.badRequest(res, source, err.message, err.messageId, n);
      }
      if (!source) {
        source = request.writeKey ? await this.sources.authenticate(request.writeKey) : null;
        if (!source || source.kind !== 'SEGMENT') return this.unauthorized(res);
      }
      const n = request.messages.length + request.repeats;
      const retryAfter = await this.consume(source, n);
      if (retryAfter !== null) {
        await this.stats.record(source.id, 'rateLimited', n);
        res
          .status(429)
          .setHeader('retry-after', String(retryAfter))
          .json({
            success: false,
            code: ErrorCode.RATE_LIMITED,
            message: `Over this source's budget of ${source.rateLimitPerMinute} events per minute; retry after ${retryAfter} s`,
          });
        return;
      }
      const summary = request.messages.length
        ? await this.ingest.ingest(source, request.messages, request.repeats)
        : { accepted: 0, duplicates: request.repeats, unattributed: 0, rejected: 0, released: 0 };
      recordIngestion('segment', summary);
      res.status(200).json({ success: true, ...summary });
    } catch (err) {
      if (res.headersSent || res.destroyed) return;
      if (err instanceof SourceRevokedError) {
        this.sources.forget(err.sourceId);
        return this.unauthorized(res);
      }
      if (err instanceof BodyError) {
        if (!source) return this.unauthorized(res);
        return await this.badRequest(res, source, err.message, null, 1).catch(() => undefined);
      }
      if (isDatabaseUnavailable(err)) {
        this.log.warn(`Segment ${call} answered 503 (request ${requestId(req)}): ${(err as Error).message}`);
        res
          .status(503)
          .setHeader('retry-after', String(RETRY_AFTER_SECONDS))
          .json({ success: false, code: ErrorCode.SERVICE_UNAVAILABLE, message: SERVICE_UNAVAILABLE_MESSAGE });
        return;
      }
      if (req.socket?.destroyed) return;
      this.log.error(
        `Segment ${call} failed (request ${requestId(req)}): ${err instanceof Error ? err.stack : String(err)}`,
      );
      res.status(500).json({
        success: false,
        code: ErrorCode.INTERNAL_SERVER_ERROR,
        message: 'Ingestion failed; retry (idempotent by messageId)',
      });
    }
  }

  private async bodyKeySource(parsed: unknown): Promise<ActiveSource | null> {
    const key = typeof parsed === 'object' && parsed !== null ? (parsed as { writeKey?: unknown }).writeKey : null;
    const source = typeof key === 'string' ? await this.sources.authenticate(key) : null;
    return source?.kind === 'SEGMENT' ? source : null;
  }

  private unauthorized(res: Response): void {
    res.status(401).json({
      success: false,
      code: ErrorCode.UNAUTHENTICATED,
      message:
        "Invalid write key: send a SEGMENT source's write key as the HTTP Basic user name (empty password) or as writeKey in the body",
    });
  }

  /**
   * 400: the request is refused as a whole (nothing written) and counted on the source as `n` rejected events
   * with the reason in its errors. Without a source (a body too large to read before its key) only the answer.
   */
  private async badRequest(
    res: Response,
    source: ActiveSource | null,
    message: string,
    messageId: string | null,
    n: number,
    close = false,
  ): Promise<void> {
    recordIngestion('segment', { accepted: 0, duplicates: 0, rejected: n });
    if (source) {
      await this.stats.record(source.id, 'rejected', n);
      await this.stats.recordError(source.id, `request refused (400): ${stableMessage(message)}`, {
        message,
        ...(messageId ? { messageId } : {}),
      });
    }
    if (close) res.setHeader('connection', 'close');
    res.status(400).json({ success: false, code: ErrorCode.BAD_REQUEST, message });
  }

  /** Null when the events fit the source's budget; else the seconds to wait. */
  private async consume(source: ActiveSource, n: number): Promise<number | null> {
    const points = source.rateLimitPerMinute;
    if (points <= 0 || n <= 0) return null;
    const key = `${source.id}:${points}`;
    let limiter = this.limiters.get(key);
    if (!limiter) {
      limiter = new RateLimiterMemory({ points, duration: 60 });
      this.limiters.set(key, limiter);
    }
    try {
      // A request larger than the whole budget spends all of it (it could never pass otherwise).
      await limiter.consume(source.id, Math.min(n, points));
      return null;
    } catch (res) {
      if (res instanceof RateLimiterRes) return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
      throw res;
    }
  }
}
