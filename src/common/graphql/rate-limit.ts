import { ErrorCode } from '../errors/app-error';
import { GraphQLError } from 'graphql';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/**
 * Per-API-key request budgets (per minute), INGEST keys with a higher one. Budgets are per app instance
 * (in memory): with N instances behind a load balancer a key gets at most N × the budget — documented.
 * A budget of 0 turns limiting off.
 */
export class ApiRateLimiter {
  private readonly standard: RateLimiterMemory | null;
  private readonly ingest: RateLimiterMemory | null;

  constructor(perMinute: number, ingestPerMinute: number) {
    this.standard = perMinute > 0 ? new RateLimiterMemory({ points: perMinute, duration: 60 }) : null;
    this.ingest = ingestPerMinute > 0 ? new RateLimiterMemory({ points: ingestPerMinute, duration: 60 }) : null;
  }

  /** Resolves with null when allowed, or the seconds to wait when the budget is spent. */
  async consume(key: string, isIngest: boolean): Promise<number | null> {
    const limiter = isIngest ? this.ingest : this.standard;
    if (!limiter) return null;
    try {
      await limiter.consume(key);
      return null;
    } catch (res) {
      if (res instanceof RateLimiterRes) return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
      throw res;
    }
  }
}

export function rateLimitedError(retryAfterSeconds: number): GraphQLError {
  return new GraphQLError(`Rate limit exceeded; retry after ${retryAfterSeconds} s`, {
    extensions: {
      code: ErrorCode.RATE_LIMITED,
      retryAfter: retryAfterSeconds,
      http: { status: 429, headers: new Map([['retry-after', String(retryAfterSeconds)]]) },
    },
  });
}
