import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../../common/errors/app-error';

/** The window failed sign-ins are counted in. */
export const SIGNIN_WINDOW_SECONDS = 15 * 60;

/**
 * Failed sign-ins per email address and per client IP, in a fixed 15-minute window, per instance (in memory,
 * like the API rate limits). An attempt takes a point from both before the password is checked — so parallel
 * guesses cannot slip past the count — and a successful one gives them back: in effect, failures are counted.
 */
export class SignInLimiter {
  private readonly byEmail: RateLimiterMemory;
  private readonly byIp: RateLimiterMemory;

  constructor(failuresPerEmail: number, failuresPerIp: number) {
    this.byEmail = new RateLimiterMemory({
      keyPrefix: 'signin-email',
      points: failuresPerEmail,
      duration: SIGNIN_WINDOW_SECONDS,
    });
    this.byIp = new RateLimiterMemory({
      keyPrefix: 'signin-ip',
      points: failuresPerIp,
      duration: SIGNIN_WINDOW_SECONDS,
    });
  }

  /** Takes one attempt; null when allowed, else the seconds until the next attempt may be made. */
  async take(email: string, ip: string): Promise<number | null> {
    const results = await Promise.allSettled([this.byEmail.consume(email), this.byIp.consume(ip)]);
    let wait = 0;
    for (const r of results) {
      if (r.status === 'fulfilled') continue;
      if (!(r.reason instanceof RateLimiterRes)) throw r.reason;
      wait = Math.max(wait, Math.ceil(r.reason.msBeforeNext / 1000));
    }
    if (wait === 0) return null;
    // A refused attempt does not count against the budget of the key that still had room.
    await this.giveBack(email, ip, results[0].status === 'fulfilled', results[1].status === 'fulfilled');
    return Math.max(1, wait);
  }

  /** Gives the attempt back after a successful sign-in. */
  async succeeded(email: string, ip: string): Promise<void> {
    await this.giveBack(email, ip, true, true);
  }

  private async giveBack(email: string, ip: string, toEmail: boolean, toIp: boolean): Promise<void> {
    await Promise.all([toEmail ? this.byEmail.reward(email) : null, toIp ? this.byIp.reward(ip) : null]);
  }
}

/**
 * HTTP 429 with retry-after, like the API's own rate limit. An AppError, so the exception filter passes it on as
 * the client error it is instead of Nest logging every refused sign-in at error level.
 */
export function tooManySignIns(retryAfterSeconds: number): AppError {
  return AppError.rateLimited(`Too many failed sign-ins; try again in ${retryAfterSeconds} s`, retryAfterSeconds);
}
