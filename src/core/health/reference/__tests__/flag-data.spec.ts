import { evaluateRedFlagsAt, flagInputsFromData, replayRedFlags } from '../flag-data';
import { addDays, AccountHealthData, DailyRollup } from '../../raw-measures';
import { diffFlags, RedFlagType } from '../../red-flag-rules';
import { HealthBand } from '../../scorecard-scoring';

const row = (day: string, type: string, count = 1, extra: Partial<DailyRollup> = {}): DailyRollup => ({
  day,
  type,
  count,
  quantity: count,
  ...extra,
});
/** One row of `type` on each of `n` days, `step` days apart, the last on `last`. */
const every = (last: string, n: number, step: number, type = 'login') =>
  Array.from({ length: n }, (_, i) => row(addDays(last, -i * step), type));
const D = '2026-06-30';
const flags = (data: Partial<AccountHealthData>, asOf = D, band: HealthBand = 'GREEN'): RedFlagType[] =>
  evaluateRedFlagsAt({ rollups: [], customerSince: '2024-01-01', ...data }, asOf, band).map((f) => f.type);
/** A steady account: a login every day of the 90 days ending with D. */
const steady = every(D, 90, 1);

describe('flag inputs from plain data', () => {
  it('gathers windows, activity and the email run as the SQL does', () => {
    const x = flagInputsFromData(
      {
        rollups: [
          ...every(D, 10, 1), // 06-21..06-30
          ...every('2026-05-31', 15, 2), // in the 60 days before
          row('2026-06-29', 'email_ignored', 2),
          row('2026-06-20', 'email_opened'),
          row('2026-06-10', 'email_ignored', 5), // before the last opened: not counted
          row('2026-06-02', 'support_ticket', 3, { sentiment: { negative: 2 } }),
          row('2026-05-31', 'support_ticket', 1, { sentiment: { negative: 1 } }), // day D − 30: outside
          row('2026-06-01', 'payment_failed', 1),
        ],
        nps: [{ score: 6, respondedAt: '2026-06-15T12:00:00Z' }],
        customerSince: '2025-01-01',
        renewalDate: '2026-08-01',
      },
      D,
      'YELLOW',
    );
    expect(x).toMatchObject({
      asOfDay: D,
      activeDays30: 10,
      activeDaysPrev60: 15,
      emailsIgnoredSinceOpen: 2,
      negativeTickets30: 2,
      paymentFailures30: 1,
      contraction90: false,
      latestNps: 6,
      renewalDate: '2026-08-01',
      band: 'YELLOW',
    });
    expect(x.recentActiveDays).toHaveLength(12);
    expect(x.recentActiveDays.slice(10)).toEqual(['2026-05-31', '2026-05-29']);
    expect(x.customerSince).toEqual(new Date('2025-01-01T00:00:00Z'));
  });
});

describe('red flags on crafted histories', () => {
  it('a steady, happy account raises nothing', () => {
    expect(flags({ rollups: steady, nps: [{ score: 9, respondedAt: '2026-06-01' }] })).toEqual([]);
  });

  it('USAGE_DROP: 12 active days against 20 a month before (≤ 60 %) is flagged, 13 is not', () => {
    // 40 active days in 2026-04-02..2026-05-31 (every day of the last 40 before the window) = 20 a month
    const baseline = every('2026-05-31', 40, 1);
    expect(flags({ rollups: [...baseline, ...every(D, 12, 2)] })).toContain('USAGE_DROP');
    expect(flags({ rollups: [...baseline, ...every(D, 13, 2)] })).not.toContain('USAGE_DROP');
  });

  it('USAGE_DROP needs a baseline of 2 active days a month: 3 days in the 60 before is not enough', () => {
    expect(flags({ rollups: every('2026-05-31', 3, 10) })).not.toContain('USAGE_DROP');
    expect(flags({ rollups: every('2026-05-31', 4, 10) })).toContain('USAGE_DROP'); // 2 a month, 0 now
  });

  it('USAGE_DROP ignores non-activity signals (emails, tickets, payments, seats)', () => {
    const baseline = every('2026-05-31', 40, 1);
    const noise = every(D, 30, 1, 'email_ignored');
    expect(flags({ rollups: [...baseline, ...noise] })).toContain('USAGE_DROP');
  });

  it('DORMANT: a daily user silent for 10 days is flagged; first raised on day 8 of the silence', () => {
    const daily = every('2026-06-20', 170, 1);
    expect(flags({ rollups: daily })).toContain('DORMANT');
    expect(flags({ rollups: daily }, '2026-06-27')).not.toContain('DORMANT'); // silent 7 = threshold
    const { episodes } = replayRedFlags({ rollups: daily }, '2026-06-20', D);
    expect(episodes.filter((e) => e.type === 'DORMANT')).toEqual([
      {
        type: 'DORMANT',
        raisedOn: '2026-06-28',
        clearedOn: null,
        evidence: 'silent for 10 days; usual gap 1 days, threshold 7',
      },
    ]);
  });

  it('DORMANT: a twice-a-year customer is not flagged after 4 months, but after 548 days (> 3 × 180)', () => {
    const rare = every('2024-01-01', 12, 180); // median gap 180 → threshold 540
    expect(flags({ rollups: rare }, addDays('2024-01-01', 120))).not.toContain('DORMANT');
    expect(flags({ rollups: rare }, addDays('2024-01-01', 540))).not.toContain('DORMANT');
    expect(flags({ rollups: rare }, addDays('2024-01-01', 548))).toContain('DORMANT');
    const { episodes } = replayRedFlags({ rollups: rare }, '2024-01-01', addDays('2024-01-01', 548));
    expect(episodes.map((e) => [e.type, e.raisedOn])).toEqual([['DORMANT', addDays('2024-01-01', 541)]]);
  });

  it('DORMANT: the cadence comes from the 12 most recent active days, however old', () => {
    // Years of weekly use, then the last 12 active days are monthly: median gap 30 → threshold 90.
    const rollups = [...every('2025-06-01', 100, 7), ...every('2026-05-01', 12, 30)];
    expect(flags({ rollups }, addDays('2026-05-01', 90))).not.toContain('DORMANT');
    expect(flags({ rollups }, addDays('2026-05-01', 91))).toContain('DORMANT');
  });

  it('DORMANT: fewer than 3 active days ever → 30 days; never active → counted from customerSince', () => {
    expect(flags({ rollups: every('2026-05-31', 2, 1) })).not.toContain('DORMANT'); // silent 30 days: not > 30
    expect(flags({ rollups: every('2026-05-30', 2, 1) })).toContain('DORMANT'); // 31 days
    // 3 active days a day apart: median gap 1 → threshold 7, not 30
    expect(flags({ rollups: every('2026-06-22', 3, 1) })).toContain('DORMANT'); // 8 days
    expect(flags({ rollups: [], customerSince: '2026-05-31' })).not.toContain('DORMANT');
    expect(flags({ rollups: [], customerSince: '2026-05-30' })).toContain('DORMANT');
    expect(flags({ rollups: [], customerSince: null })).not.toContain('DORMANT'); // nothing to count from
  });

  it('EMAILS_IGNORED: 3 ignored emails with no opened day since; an opened day resets, same-day ignores included', () => {
    const opened = row('2026-06-10', 'email_opened');
    const base = [...steady, opened, row('2026-05-01', 'email_ignored', 4)];
    expect(
      flags({ rollups: [...base, row('2026-06-12', 'email_ignored'), row('2026-06-20', 'email_ignored')] }),
    ).toEqual([]);
    expect(
      flags({ rollups: [...base, row('2026-06-12', 'email_ignored'), row('2026-06-20', 'email_ignored', 2)] }),
    ).toEqual(['EMAILS_IGNORED']);
    // ignored emails on the day an email was opened do not count (order within a day is unknown)
    expect(flags({ rollups: [...base, row('2026-06-10', 'email_ignored', 3)] })).toEqual([]);
    // a later opened day clears the run
    const run = [...base, row('2026-06-12', 'email_ignored', 3)];
    expect(flags({ rollups: run })).toEqual(['EMAILS_IGNORED']);
    expect(flags({ rollups: [...run, row('2026-06-29', 'email_opened')] })).toEqual([]);
  });

  it('NEGATIVE_SUPPORT: 2 negative tickets within the 30 days', () => {
    const t = (day: string, negative: number) =>
      row(day, 'support_ticket', negative + 1, { sentiment: { negative, positive: 1 } });
    expect(flags({ rollups: [...steady, t('2026-06-01', 1), t('2026-06-25', 1)] })).toEqual(['NEGATIVE_SUPPORT']);
    expect(flags({ rollups: [...steady, t('2026-05-31', 1), t('2026-06-25', 1)] })).toEqual([]);
    expect(flags({ rollups: [...steady, t('2026-06-25', 0)] })).toEqual([]);
  });

  it('PAYMENT_FAILED: a failed payment within the 30 days', () => {
    expect(flags({ rollups: [...steady, row('2026-06-01', 'payment_failed')] })).toEqual(['PAYMENT_FAILED']);
    expect(flags({ rollups: [...steady, row('2026-05-31', 'payment_failed')] })).toEqual([]);
  });

  it('CONTRACTION: a contraction movement within the 90 days', () => {
    const m = (type: 'CONTRACTION' | 'EXPANSION', effectiveAt: string) => ({
      type,
      effectiveAt,
      mrrBeforeCents: 100,
      mrrAfterCents: type === 'CONTRACTION' ? 50 : 150,
    });
    expect(flags({ rollups: steady, mrrMovements: [m('CONTRACTION', '2026-04-02T09:00:00Z')] })).toEqual([
      'CONTRACTION',
    ]);
    expect(flags({ rollups: steady, mrrMovements: [m('CONTRACTION', '2026-04-01T23:00:00Z')] })).toEqual([]);
    expect(flags({ rollups: steady, mrrMovements: [m('EXPANSION', '2026-06-01T00:00:00Z')] })).toEqual([]);
  });

  it('DETRACTOR: the latest NPS ≤ 6, cleared by a later better answer', () => {
    const nps = [{ score: 6, respondedAt: '2026-06-10T10:00:00Z' }];
    expect(flags({ rollups: steady, nps })).toEqual(['DETRACTOR']);
    expect(flags({ rollups: steady, nps: [...nps, { score: 7, respondedAt: '2026-06-20T10:00:00Z' }] })).toEqual([]);
    const { episodes } = replayRedFlags(
      { rollups: steady, nps: [...nps, { score: 9, respondedAt: '2026-06-20T10:00:00Z' }] },
      '2026-06-01',
      D,
    );
    expect(episodes.map((e) => [e.type, e.raisedOn, e.clearedOn])).toEqual([['DETRACTOR', '2026-06-10', '2026-06-20']]);
  });

  it('RENEWAL_AT_RISK: renewal within 90 days while RED or YELLOW', () => {
    expect(flags({ rollups: steady, renewalDate: '2026-09-28' }, D, 'YELLOW')).toEqual(['RENEWAL_AT_RISK']);
    expect(flags({ rollups: steady, renewalDate: '2026-09-28' }, D, 'GREEN')).toEqual([]);
    expect(flags({ rollups: steady, renewalDate: '2026-09-29' }, D, 'RED')).toEqual([]);
  });
});

describe('flag lifecycle', () => {
  it('keeps `since` while the condition holds and clears the flag when it ends', () => {
    const data: AccountHealthData = {
      rollups: steady,
      customerSince: '2024-01-01',
      nps: [{ score: 3, respondedAt: '2026-06-05T00:00:00Z' }],
    };
    const { active } = replayRedFlags(data, '2026-06-01', D);
    expect(active).toEqual([
      { type: 'DETRACTOR', evidence: 'latest NPS answer is 3 (detractor)', since: new Date('2026-06-05T00:00:00Z') },
    ]);
    const next = diffFlags(active, [], new Date('2026-07-01T00:00:00Z'));
    expect(next).toEqual({ active: [], raised: [], kept: [], cleared: active });
  });

  it('diffFlags sorts flags into raised, kept (since preserved) and cleared', () => {
    const t0 = new Date('2026-06-01T00:00:00Z');
    const t1 = new Date('2026-06-02T00:00:00Z');
    const d = diffFlags(
      [
        { type: 'DORMANT', evidence: 'old', since: t0 },
        { type: 'CONTRACTION', evidence: 'c', since: t0 },
      ],
      [
        { type: 'DORMANT', evidence: 'silent for 12 days' },
        { type: 'DETRACTOR', evidence: 'nps 2' },
      ],
      t1,
    );
    expect(d.kept).toEqual([{ type: 'DORMANT', evidence: 'silent for 12 days', since: t0 }]);
    expect(d.raised).toEqual([{ type: 'DETRACTOR', evidence: 'nps 2', since: t1 }]);
    expect(d.cleared).toEqual([{ type: 'CONTRACTION', evidence: 'c', since: t0 }]);
    expect(d.active.map((f) => f.type)).toEqual(['DORMANT', 'DETRACTOR']);
  });
});
