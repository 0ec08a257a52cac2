import { createHmac } from 'node:crypto';
import { backoffMs, nextAttemptAt, signBody } from '../webhook-delivery';

describe('webhook delivery rules', () => {
  it('signs the raw body with HMAC-SHA256 (RFC 4231 test case 2)', () => {
    expect(signBody('Jefe', 'what do ya want for nothing?')).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
    expect(signBody('k', '{"a":1}')).toBe(createHmac('sha256', 'k').update('{"a":1}').digest('hex'));
  });

  it('backs off exponentially from the base, capped at one hour', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(30_000, n))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(backoffMs(30_000, 8)).toBe(3_600_000); // 30 s × 128 = 64 min → capped
    expect(backoffMs(30_000, 0)).toBe(30_000);
  });

  it('gives up when the next try would fall beyond 24 hours after enqueueing', () => {
    const created = new Date('2026-03-01T00:00:00Z');
    expect(nextAttemptAt(created, new Date('2026-03-01T00:00:05Z'), 1, 30_000)).toEqual(
      new Date('2026-03-01T00:00:35Z'),
    );
    expect(nextAttemptAt(created, new Date('2026-03-01T23:00:00Z'), 10, 30_000)).toEqual(
      new Date('2026-03-02T00:00:00Z'),
    ); // exactly 24 h: still tried
    expect(nextAttemptAt(created, new Date('2026-03-01T23:00:01Z'), 10, 30_000)).toBeNull();
  });
});
