import { recordIngestion } from '../../common/metrics/metrics.registry';
import { Controller, Logger, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { bearerToken } from '../../common/auth/api-key.util';
import { AppError, ErrorCode } from '../../common/errors/app-error';
import {
  isDatabaseUnavailable,
  RETRY_AFTER_SECONDS,
  SERVICE_UNAVAILABLE_MESSAGE,
} from '../../common/errors/service-unavailable';
import { Role } from '../../common/auth/role.enum';
import { parseNdjson, splitLines } from '../../core/signals/ndjson';
import { UsersService } from '../users/users.service';
import { StreamSummary } from './signal-store';
import { SignalsService } from './signals.service';

/**
 * Iterates a stream whose errors may come before anyone iterates it (a corrupt gzip header fails at once,
 * while the database connection is still being set up): the error is kept and thrown to the reader.
 */
/**
 * Errors met reading the request body (the client's side: a reset connection, a corrupt gzip stream), told
 * apart from the database's: both can be ECONNRESET, and a database outage must answer 503, not 400.
 */
const BODY_ERRORS = new WeakSet<object>();

function bodyError(err: unknown): unknown {
  if (err && typeof err === 'object') BODY_ERRORS.add(err);
  return err;
}

function guarded(stream: Readable): AsyncIterable<Buffer> {
  let failure: Error | null = null;
  stream.on('error', (err) => {
    failure ??= err;
  });
  return (async function* () {
    // An already failed stream would leave the iterator waiting forever.
    if (failure || stream.destroyed) throw bodyError(failure ?? new Error('request body closed'));
    try {
      for await (const chunk of stream) yield chunk as Buffer;
    } catch (err) {
      throw bodyError(failure ?? err);
    }
    if (failure) throw bodyError(failure);
  })();
}

const INGEST_ROLES: ReadonlySet<Role> = new Set([Role.INGEST, Role.ADMIN]);

/**
 * `POST /ingest/signals`: NDJSON body (one SignalInput per line, `Content-Encoding: gzip` accepted), streamed
 * into PostgreSQL (COPY into a staging table, merged in committed chunks). Answers one JSON summary:
 * `{ lines, accepted, duplicates, rejectedCount, rejected: [{ line, id, reason }] }` (first 1,000 rejections).
 */
@Controller('ingest')
export class SignalsIngestController {
  private readonly logger = new Logger('SignalsIngest');

  constructor(
    private readonly users: UsersService,
    private readonly signals: SignalsService,
  ) {}

  @Post('signals')
  async ingest(@Req() req: Request, @Res() res: Response): Promise<void> {
    const token = bearerToken(req.headers.authorization);
    let principal: Awaited<ReturnType<UsersService['authenticate']>>;
    try {
      principal = token ? await this.users.authenticate(token) : null;
    } catch (err) {
      if (!isDatabaseUnavailable(err)) throw err;
      throw unavailable();
    }
    if (!principal) throw AppError.unauthenticated('A valid API key is required (Authorization: Bearer <key>)');
    if (!INGEST_ROLES.has(principal.role))
      throw AppError.forbidden(`Ingestion needs an INGEST or ADMIN key; your key has role ${principal.role}`);
    const encoding = String(req.headers['content-encoding'] ?? 'identity')
      .trim()
      .toLowerCase();
    let body: AsyncIterable<Buffer>;
    if (encoding === 'gzip' || encoding === 'x-gzip') {
      const gunzip = createGunzip();
      req.on('error', (err) => gunzip.destroy(err));
      body = guarded(req.pipe(gunzip));
    } else if (encoding !== 'identity' && encoding !== '') {
      throw new AppError(ErrorCode.UNSUPPORTED_ENCODING, 'Content-Encoding must be gzip or absent');
    } else body = guarded(req);
    try {
      const summary = await this.signals.ingestStream(parseNdjson(splitLines(body)));
      countStream(summary);
      res.status(200).json(summary);
    } catch (err) {
      const summary = (err as { summary?: StreamSummary }).summary;
      if (summary) countStream(summary); // the chunks committed before the failure
      // The client went away: nobody to answer (what was committed stays; a re-send is idempotent).
      if (res.headersSent || res.destroyed || req.socket?.destroyed) return;
      const clientFault =
        (typeof err === 'object' && err !== null && BODY_ERRORS.has(err)) ||
        (err as { code?: string }).code?.startsWith('Z_') === true;
      if (!clientFault && isDatabaseUnavailable(err)) {
        this.logger.warn(
          `NDJSON ingestion answered 503 (request ${requestId(req)}): ${err instanceof Error ? err.message : String(err)}`,
        );
        throw unavailable().attach(summary ? { summary } : {});
      }
      if (!clientFault)
        this.logger.error(
          `NDJSON ingestion failed (request ${requestId(req)}): ${err instanceof Error ? err.stack : String(err)}`,
        );
      // Already logged above when it is ours: the filter only shapes the answer.
      throw new AppError(
        clientFault ? ErrorCode.BAD_REQUEST : ErrorCode.INTERNAL_SERVER_ERROR,
        clientFault
          ? `Could not read the body: ${(err as Error).message}`
          : 'Ingestion failed; chunks already acknowledged below are stored, re-send the rest (idempotent)',
      ).attach(summary ? { summary } : {});
    }
  }
}

/** The database is unreachable: 503 with Retry-After; what was acknowledged in `summary` is stored. */
function unavailable(): AppError {
  return AppError.serviceUnavailable(SERVICE_UNAVAILABLE_MESSAGE, RETRY_AFTER_SECONDS);
}

/** pino-http's request id (a string or number here: genReqId makes it). */
function requestId(req: Request): string {
  return typeof req.id === 'object' ? JSON.stringify(req.id) : String(req.id);
}

function countStream(s: StreamSummary): void {
  recordIngestion('ndjson', { accepted: s.accepted, duplicates: s.duplicates, rejected: s.rejectedCount });
}
