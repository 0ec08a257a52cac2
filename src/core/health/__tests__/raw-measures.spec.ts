import {
  AccountHealthData,
  computeRawMeasure,
  computeRawMeasures,
  DailyRollup,
  measureWindowDays,
  mrrAsOfDay,
  recentActiveDays,
} from '../raw-measures';
import { MeasureMetric } from '../scorecard-scoring';

const D = '2026-06-30';
const row = (day: string, type: string, count = 1, extra: Partial<DailyRollup> = {}): DailyRollup => ({
  day,
  type,
  count,
  quantity: count,
  ...extra,
});
const raw = (
  metric: MeasureMetric,
  data: Partial<AccountHealthData>,
  extra: { signalType?: string; windowDays?: number } = {},
  asOf: string | Date = D,
) => computeRawMeasure({ metric, ...extra }, { rollups: [], ...data }, asOf);

describe('windows', () => {
  it('a 30-day window as of 2026-06-30 is 2026-06-01..2026-06-30; later rollups are not seen', () => {
    const rollups = [
      row('2026-05-31', 'login'),
      row('2026-06-01', 'login'),
      row('2026-06-30', 'login'),
      row('2026-07-01', 'login'),
    ];
    expect(raw('ACTIVE_DAYS', { rollups }, { signalType: 'login' })).toBe(2);
    expect(raw('ACTIVE_DAYS', { rollups }, { signalType: 'login', windowDays: 31 })).toBe(3);
  });
  it('default windows per metric', () => {
    expect(measureWindowDays({ metric: 'NPS_AVERAGE' })).toBe(365);
    expect(measureWindowDays({ metric: 'NEGATIVE_TICKET_SHARE' })).toBe(90);
    expect(measureWindowDays({ metric: 'ACTIVE_DAYS', windowDays: 7 })).toBe(7);
  });
  it('accepts a Date as of (its UTC day)', () => {
    const rollups = [row('2026-06-30', 'login')];
    expect(raw('ACTIVE_DAYS', { rollups }, {}, new Date('2026-06-30T23:59:59Z'))).toBe(1);
    expect(raw('ACTIVE_DAYS', { rollups }, {}, new Date('2026-06-29T23:59:59Z'))).toBe(0);
  });
});

describe('activity metrics', () => {
  const rollups = [
    row('2026-06-30', 'login', 3),
    row('2026-06-30', 'feature_used', 5, { features: ['reports', 'export'] }),
    row('2026-06-20', 'feature_used', 2, { features: ['reports', 'alerts'] }),
    row('2026-06-10', 'email_ignored', 1),
    row('2026-06-05', 'payment_failed', 1),
    row('2026-06-02', 'seats', 1, { quantity: 40 }),
    row('2026-06-01', 'login', 1),
  ];
  it('ACTIVE_DAYS: distinct days of the type, or of any activity type (not emails, payments, tickets, seats)', () => {
    expect(raw('ACTIVE_DAYS', { rollups }, { signalType: 'login' })).toBe(2); // 06-30, 06-01
    expect(raw('ACTIVE_DAYS', { rollups })).toBe(3); // 06-30, 06-20, 06-01
    expect(raw('ACTIVE_DAYS', { rollups: [] })).toBe(0); // never missing
  });
  it('EVENT_COUNT and QUANTITY_SUM sum the rows of the type (or of activity types)', () => {
    expect(raw('EVENT_COUNT', { rollups }, { signalType: 'login' })).toBe(4);
    expect(raw('EVENT_COUNT', { rollups })).toBe(11); // 3 + 5 + 2 + 1
    expect(raw('QUANTITY_SUM', { rollups }, { signalType: 'seats' })).toBe(40);
    expect(raw('EVENT_COUNT', { rollups }, { signalType: 'login', windowDays: 7 })).toBe(3);
  });
  it('DISTINCT_FEATURES counts distinct feature names of feature_used rows in the window', () => {
    expect(raw('DISTINCT_FEATURES', { rollups })).toBe(3); // reports, export, alerts
    expect(raw('DISTINCT_FEATURES', { rollups }, { windowDays: 5 })).toBe(2);
    expect(raw('DISTINCT_FEATURES', { rollups: [] })).toBe(0);
  });
  it('DAYS_SINCE_LAST_ACTIVITY: days from the last active day; missing when never active', () => {
    expect(raw('DAYS_SINCE_LAST_ACTIVITY', { rollups })).toBe(0);
    expect(raw('DAYS_SINCE_LAST_ACTIVITY', { rollups }, {}, '2026-07-04')).toBe(4);
    expect(raw('DAYS_SINCE_LAST_ACTIVITY', { rollups }, {}, '2026-06-25')).toBe(5); // last 06-20
    expect(raw('DAYS_SINCE_LAST_ACTIVITY', { rollups }, { signalType: 'login' }, '2026-06-25')).toBe(24);
    expect(raw('DAYS_SINCE_LAST_ACTIVITY', { rollups: [row('2026-06-01', 'email_ignored')] })).toBeNull();
  });
  it('PAYMENT_FAILURES sums payment_failed in the window (0, not missing, without any)', () => {
    expect(raw('PAYMENT_FAILURES', { rollups })).toBe(1);
    expect(raw('PAYMENT_FAILURES', { rollups }, { windowDays: 20 })).toBe(0);
  });
});

describe('USAGE_TREND', () => {
  // 10 login days in 2026-05-02..2026-05-31, 6 in 2026-06-01..2026-06-30 → (6 − 10) / 10 = −40 %
  const prev = Array.from({ length: 10 }, (_, i) => row(`2026-05-${String(2 + i * 3).padStart(2, '0')}`, 'login'));
  const cur = Array.from({ length: 6 }, (_, i) => row(`2026-06-${String(1 + i * 5).padStart(2, '0')}`, 'login'));
  it('is the % change of active days, last window vs the one before', () => {
    expect(raw('USAGE_TREND', { rollups: [...prev, ...cur] }, { signalType: 'login' })).toBeCloseTo(-40, 10);
    expect(raw('USAGE_TREND', { rollups: [...prev.slice(0, 4), ...cur] })).toBeCloseTo(50, 10); // 4 → 6
  });
  it('is missing when the previous window has no active day', () => {
    expect(raw('USAGE_TREND', { rollups: cur })).toBeNull();
    expect(raw('USAGE_TREND', { rollups: prev })).toBe(-100);
  });
});

describe('feedback metrics', () => {
  const nps = [
    { score: 9, respondedAt: '2025-01-10T10:00:00Z' },
    { score: 4, respondedAt: '2026-06-30T23:00:00Z' },
    { score: 10, respondedAt: new Date('2026-07-01T00:00:00Z') }, // after D: not seen
    { score: 7, respondedAt: '2026-03-01T00:00:00Z' },
  ];
  it('NPS_LATEST: the latest answer up to the end of D; missing without answers', () => {
    expect(raw('NPS_LATEST', { nps })).toBe(4);
    expect(raw('NPS_LATEST', { nps }, {}, '2026-06-29')).toBe(7);
    expect(raw('NPS_LATEST', { nps: [] })).toBeNull();
    expect(raw('NPS_LATEST', {})).toBeNull();
  });
  it('NPS_AVERAGE: mean in the window (default 365 days); missing when none in it', () => {
    expect(raw('NPS_AVERAGE', { nps })).toBeCloseTo(5.5, 10); // (4 + 7) / 2
    expect(raw('NPS_AVERAGE', { nps }, { windowDays: 600 })).toBeCloseTo(20 / 3, 10);
    expect(raw('NPS_AVERAGE', { nps }, {}, '2024-01-01')).toBeNull();
  });
  it('CSAT_AVERAGE: mean in the window (default 90 days)', () => {
    const csat = [
      { score: 5, respondedAt: '2026-06-01T00:00:00Z' },
      { score: 2, respondedAt: '2026-04-02T00:00:00Z' }, // day 89 before D: in (D − 90, D]
      { score: 1, respondedAt: '2026-04-01T12:00:00Z' }, // day D − 90: out
    ];
    expect(raw('CSAT_AVERAGE', { csat })).toBeCloseTo(3.5, 10);
    expect(raw('CSAT_AVERAGE', { csat }, { windowDays: 7 })).toBeNull();
  });
  it('NEGATIVE_TICKET_SHARE: negative / all tickets (untagged ones count in all); missing without tickets', () => {
    const rollups = [
      row('2026-06-20', 'support_ticket', 3, { sentiment: { negative: 2, positive: 1 } }),
      row('2026-05-01', 'support_ticket', 5, { sentiment: { negative: 1, neutral: 2 } }), // 2 untagged
      row('2026-03-01', 'support_ticket', 2, { sentiment: { negative: 2 } }), // older than 90 days
    ];
    expect(raw('NEGATIVE_TICKET_SHARE', { rollups })).toBeCloseTo(3 / 8, 12);
    expect(raw('NEGATIVE_TICKET_SHARE', { rollups }, { windowDays: 30 })).toBeCloseTo(2 / 3, 12);
    expect(raw('NEGATIVE_TICKET_SHARE', { rollups: [row('2026-06-01', 'login')] })).toBeNull();
  });
});

describe('account metrics', () => {
  const mrrMovements = [
    { type: 'NEW' as const, effectiveAt: '2025-01-01T00:00:00Z', mrrBeforeCents: 0, mrrAfterCents: 100_000, seq: 1 },
    {
      type: 'EXPANSION' as const,
      effectiveAt: '2026-03-15T00:00:00Z',
      mrrBeforeCents: 100_000,
      mrrAfterCents: 150_000,
      seq: 2,
    },
    {
      type: 'CONTRACTION' as const,
      effectiveAt: '2026-06-10T00:00:00Z',
      mrrBeforeCents: 150_000,
      mrrAfterCents: 120_000,
      seq: 3,
    },
  ];
  it('MRR_CHANGE_PCT: MRR at D vs MRR at D − window', () => {
    // D − 90 = 2026-04-01: 150 000 → now 120 000: −20 %
    expect(raw('MRR_CHANGE_PCT', { mrrMovements })).toBeCloseTo(-20, 10);
    // window 180: D − 180 = 2026-01-01: 100 000 → +20 %
    expect(raw('MRR_CHANGE_PCT', { mrrMovements }, { windowDays: 180 })).toBeCloseTo(20, 10);
  });
  it('MRR_CHANGE_PCT is missing without MRR at the start of the window', () => {
    expect(raw('MRR_CHANGE_PCT', { mrrMovements }, {}, '2025-02-01')).toBeNull();
    expect(raw('MRR_CHANGE_PCT', {})).toBeNull();
  });
  it('the MRR on a day follows effectiveAt, then seq', () => {
    const same = [
      {
        type: 'EXPANSION' as const,
        effectiveAt: '2026-01-01T00:00:00Z',
        mrrBeforeCents: 10,
        mrrAfterCents: 30,
        seq: 5,
      },
      { type: 'NEW' as const, effectiveAt: '2026-01-01T00:00:00Z', mrrBeforeCents: 0, mrrAfterCents: 10, seq: 4 },
    ];
    expect(mrrAsOfDay(same, 20_454)).toBe(30); // 2026-01-01
    expect(mrrAsOfDay(same, 20_453)).toBe(0);
  });
  it('DAYS_TO_RENEWAL and TENURE_DAYS; missing without the date', () => {
    expect(raw('DAYS_TO_RENEWAL', { renewalDate: '2026-09-28' })).toBe(90);
    expect(raw('DAYS_TO_RENEWAL', { renewalDate: '2026-06-20' })).toBe(-10);
    expect(raw('DAYS_TO_RENEWAL', { renewalDate: null })).toBeNull();
    expect(raw('TENURE_DAYS', { customerSince: new Date('2025-06-30T18:00:00Z') })).toBe(365);
    expect(raw('TENURE_DAYS', { customerSince: '2026-06-01' })).toBe(29);
    expect(raw('TENURE_DAYS', {})).toBeNull();
  });
});

describe('computeRawMeasures', () => {
  it('keys values by measure key', () => {
    const data: AccountHealthData = { rollups: [row('2026-06-29', 'login')], renewalDate: null };
    expect(
      computeRawMeasures(
        [
          { key: 'logins', metric: 'ACTIVE_DAYS', signalType: 'login', windowDays: 30 },
          { key: 'renewal', metric: 'DAYS_TO_RENEWAL' },
          { key: 'recency', metric: 'DAYS_SINCE_LAST_ACTIVITY' },
        ],
        data,
        D,
      ),
    ).toEqual({ logins: 1, renewal: null, recency: 1 });
  });
  it('recentActiveDays lists at most 12 activity days, newest first, however old', () => {
    const rollups = [
      row('2020-01-01', 'login'),
      row('2026-06-30', 'email_opened'),
      row('2026-06-01', 'login'),
      row('2026-06-01', 'feature_used'),
    ];
    expect(recentActiveDays(rollups, D)).toEqual(['2026-06-01', '2020-01-01']);
    const many = Array.from({ length: 20 }, (_, i) => row(`2026-06-${String(i + 1).padStart(2, '0')}`, 'login'));
    expect(recentActiveDays(many, D)).toHaveLength(12);
    expect(recentActiveDays(many, D)[0]).toBe('2026-06-20');
  });
});
