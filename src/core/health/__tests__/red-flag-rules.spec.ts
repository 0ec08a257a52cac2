import {
  diffFlags,
  dormantThresholdDays,
  effectiveBand,
  evaluateRedFlags,
  FlagInputs,
  validateOverride,
} from '../red-flag-rules';

const base: FlagInputs = {
  asOfDay: '2026-06-30',
  activeDays30: 20,
  activeDaysPrev60: 40,
  recentActiveDays: ['2026-06-30', '2026-06-29', '2026-06-28'],
  customerSince: new Date('2025-01-01T00:00:00Z'),
  emailsIgnoredSinceOpen: 0,
  negativeTickets30: 0,
  paymentFailures30: 0,
  contraction90: false,
  latestNps: 9,
  renewalDate: null,
  band: 'GREEN',
};
const types = (x: Partial<FlagInputs>) => evaluateRedFlags({ ...base, ...x }).map((f) => f.type);
const daysBack = (end: string, n: number, step: number) =>
  Array.from({ length: n }, (_, i) =>
    new Date(Date.parse(`${end}T00:00:00Z`) - i * step * 86_400_000).toISOString().slice(0, 10),
  );

describe('red flags', () => {
  it('raises nothing for a healthy account', () => {
    expect(types({})).toEqual([]);
  });

  it('USAGE_DROP: last 30 days ≤ 60 % of the monthly average of the 60 before', () => {
    expect(types({ activeDays30: 12, activeDaysPrev60: 40 })).toContain('USAGE_DROP'); // 12 ≤ 0.6 · 20
    expect(types({ activeDays30: 13, activeDaysPrev60: 40 })).not.toContain('USAGE_DROP');
    expect(types({ activeDays30: 0, activeDaysPrev60: 2 })).not.toContain('USAGE_DROP'); // no real baseline (1 a month)
  });

  it('DORMANT: a daily user silent 10 days is flagged', () => {
    const recent = daysBack('2026-06-20', 12, 1);
    expect(dormantThresholdDays(recent)).toEqual({ threshold: 7, medianGap: 1 });
    expect(types({ recentActiveDays: recent, asOfDay: '2026-06-30' })).toContain('DORMANT');
    expect(types({ recentActiveDays: recent, asOfDay: '2026-06-26' })).not.toContain('DORMANT'); // 6 days
  });

  it('DORMANT: a twice-a-year customer is flagged after 548 days of silence, not after 4 months', () => {
    const recent = daysBack('2024-01-01', 12, 180); // median gap 180 → threshold 540
    expect(dormantThresholdDays(recent).threshold).toBe(540);
    const after = (days: number) =>
      new Date(Date.parse('2024-01-01T00:00:00Z') + days * 86_400_000).toISOString().slice(0, 10);
    expect(types({ recentActiveDays: recent, asOfDay: after(120) })).not.toContain('DORMANT');
    expect(types({ recentActiveDays: recent, asOfDay: after(540) })).not.toContain('DORMANT');
    expect(types({ recentActiveDays: recent, asOfDay: after(548) })).toContain('DORMANT');
  });

  it('DORMANT: fewer than 3 active days ever → 30 days; never active → counted from customerSince', () => {
    expect(types({ recentActiveDays: ['2026-05-30', '2026-05-29'] })).toContain('DORMANT'); // 31 days
    expect(types({ recentActiveDays: ['2026-06-01'] })).not.toContain('DORMANT'); // 29 days
    expect(types({ recentActiveDays: [], customerSince: new Date('2026-05-01T00:00:00Z') })).toContain('DORMANT'); // 60 days
    expect(types({ recentActiveDays: [], customerSince: new Date('2026-06-15T00:00:00Z') })).not.toContain('DORMANT');
  });

  it('EMAILS_IGNORED, NEGATIVE_SUPPORT, PAYMENT_FAILED, CONTRACTION, DETRACTOR at their thresholds', () => {
    expect(types({ emailsIgnoredSinceOpen: 2 })).toEqual([]);
    expect(types({ emailsIgnoredSinceOpen: 3 })).toEqual(['EMAILS_IGNORED']);
    expect(types({ negativeTickets30: 1 })).toEqual([]);
    expect(types({ negativeTickets30: 2 })).toEqual(['NEGATIVE_SUPPORT']);
    expect(types({ paymentFailures30: 1 })).toEqual(['PAYMENT_FAILED']);
    expect(types({ contraction90: true })).toEqual(['CONTRACTION']);
    expect(types({ latestNps: 7 })).toEqual([]);
    expect(types({ latestNps: 6 })).toEqual(['DETRACTOR']);
    expect(types({ latestNps: null })).toEqual([]);
  });

  it('RENEWAL_AT_RISK: renewal within 90 days and band RED or YELLOW', () => {
    expect(types({ renewalDate: '2026-09-28', band: 'YELLOW' })).toEqual(['RENEWAL_AT_RISK']); // 90 days
    expect(types({ renewalDate: '2026-09-29', band: 'RED' })).toEqual([]); // 91 days
    expect(types({ renewalDate: '2026-07-15', band: 'GREEN' })).toEqual([]);
    expect(types({ renewalDate: '2026-06-01', band: 'RED' })).toEqual([]); // already past
  });

  it('every raised flag carries evidence', () => {
    const all = evaluateRedFlags({
      ...base,
      activeDays30: 1,
      emailsIgnoredSinceOpen: 4,
      negativeTickets30: 3,
      paymentFailures30: 2,
      contraction90: true,
      latestNps: 2,
    });
    expect(all.length).toBeGreaterThanOrEqual(6);
    for (const f of all) expect(f.evidence.length).toBeGreaterThan(10);
  });
});

describe('diffFlags', () => {
  it('keeps `since` for continuing flags, raises new ones now, clears missing ones', () => {
    const t0 = new Date('2026-06-01T00:00:00Z');
    const t1 = new Date('2026-06-02T00:00:00Z');
    const prev = [
      { type: 'DETRACTOR' as const, evidence: 'old', since: t0 },
      { type: 'CONTRACTION' as const, evidence: 'x', since: t0 },
    ];
    const d = diffFlags(
      prev,
      [
        { type: 'DETRACTOR', evidence: 'new' },
        { type: 'PAYMENT_FAILED', evidence: 'p' },
      ],
      t1,
    );
    expect(d.active).toEqual([
      { type: 'DETRACTOR', evidence: 'new', since: t0 },
      { type: 'PAYMENT_FAILED', evidence: 'p', since: t1 },
    ]);
    expect(d.raised.map((f) => f.type)).toEqual(['PAYMENT_FAILED']);
    expect(d.cleared.map((f) => f.type)).toEqual(['CONTRACTION']);
  });
});

describe('overrides', () => {
  const now = new Date('2026-06-01T00:00:00Z');
  it('apply until they expire', () => {
    const o = { band: 'GREEN' as const, expiresAt: new Date('2026-06-10T00:00:00Z') };
    expect(effectiveBand('RED', o, now)).toBe('GREEN');
    expect(effectiveBand('RED', o, new Date('2026-06-10T00:00:00Z'))).toBe('RED');
    expect(effectiveBand('YELLOW', null, now)).toBe('YELLOW');
  });
  it('need a 10-character reason and an expiry within 90 days', () => {
    expect(validateOverride('too short', new Date('2026-06-05T00:00:00Z'), now).map((p) => p.field)).toEqual([
      'reason',
    ]);
    expect(
      validateOverride('Exec sponsor confirmed renewal', new Date('2026-05-30T00:00:00Z'), now).map((p) => p.field),
    ).toEqual(['expiresAt']);
    expect(
      validateOverride('Exec sponsor confirmed renewal', new Date('2026-09-01T00:00:00Z'), now).map((p) => p.field),
    ).toEqual(['expiresAt']);
    expect(validateOverride('Exec sponsor confirmed renewal', new Date('2026-08-30T00:00:00Z'), now)).toEqual([]);
  });
  it('refuse control characters in the reason (NUL cannot be stored), keeping tabs and line breaks', () => {
    const later = new Date('2026-06-05T00:00:00Z');
    expect(validateOverride('Exec sponsor\u0000 confirmed', later, now)).toEqual([
      { field: 'reason', message: 'must not contain control characters' },
    ]);
    expect(validateOverride('Exec sponsor\u001b confirmed', later, now).map((p) => p.field)).toEqual(['reason']);
    expect(validateOverride('Exec sponsor\tconfirmed\r\nrenewal', later, now)).toEqual([]);
  });
});
