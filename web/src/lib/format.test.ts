import { describe, expect, it } from 'vitest';
import { formatDay, formatDelta, formatMoney, formatRelative, formatUtc } from './format';

// The browser runs with locale en-US and time zone Europe/Paris (vitest.config.ts).
describe('format', () => {
  it('formats money from integer cents', () => {
    expect(formatMoney(123456)).toBe('$1,234.56');
    expect(formatMoney(500000)).toBe('$5,000');
    expect(formatMoney(0)).toBe('$0');
    expect(formatMoney(null)).toBe('—');
    expect(formatMoney(123456789, { compact: true })).toBe('$1.2M');
  });

  it('signs deltas, shows no sign on zero', () => {
    expect(formatDelta(-12.34)).toBe('-12.3');
    expect(formatDelta(4)).toBe('+4');
    expect(formatDelta(0)).toBe('0');
  });

  it('shows a calendar day as that day whatever the time zone', () => {
    expect(formatDay('2027-03-01')).toBe('Mar 1, 2027');
  });

  it('gives the UTC time for the hover text', () => {
    expect(formatUtc('2026-12-04T23:30:00.000Z')).toBe('2026-12-04 23:30 UTC');
  });

  it('says how long ago', () => {
    const now = Date.parse('2026-12-04T12:00:00Z');
    expect(formatRelative('2026-12-04T11:57:00Z', now)).toBe('3 minutes ago');
    expect(formatRelative('2026-12-06T12:00:00Z', now)).toBe('in 2 days');
  });
});
