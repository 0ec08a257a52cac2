import {
  churnedFor,
  exceedsContactCap,
  healthDropEntered,
  healthTriggerFires,
  inCooldown,
  isOverdue,
  outcomeDue,
  renewalWithin,
  resolveAssignee,
  riskAboveEntered,
  runOutcome,
  segmentMatches,
  suppressionReason,
  SuppressionInput,
  triggerAppliesToStatus,
  triggerKey,
  validateTrigger,
} from '../rules';

const FLAGS = ['USAGE_DROP', 'DORMANT', 'DETRACTOR'];
const d = (s: string) => new Date(s.length === 10 ? `${s}T00:00:00Z` : s);

describe('validateTrigger', () => {
  it('accepts each kind with exactly its parameters', () => {
    expect(validateTrigger({ kind: 'MANUAL' }, FLAGS).problems).toEqual([]);
    expect(validateTrigger({ kind: 'HEALTH_BAND_ENTERED', band: 'RED' }, FLAGS).problems).toEqual([]);
    expect(validateTrigger({ kind: 'HEALTH_DROP', points: 15, days: 14 }, FLAGS).problems).toEqual([]);
    expect(validateTrigger({ kind: 'RISK_ABOVE', probability: 0.5 }, FLAGS).problems).toEqual([]);
    expect(validateTrigger({ kind: 'FLAG_RAISED', flag: 'DORMANT' }, FLAGS).trigger).toEqual({
      kind: 'FLAG_RAISED',
      flag: 'DORMANT',
    });
    expect(validateTrigger({ kind: 'RENEWAL_WITHIN', days: 90, band: null, flag: undefined }, FLAGS).trigger).toEqual({
      kind: 'RENEWAL_WITHIN',
      days: 90,
    });
    expect(validateTrigger({ kind: 'CHURNED_FOR', days: 180 }, FLAGS).problems).toEqual([]);
  });

  it('names the missing, misplaced or out-of-range field', () => {
    expect(validateTrigger({ kind: 'HEALTH_DROP', points: 10 }, FLAGS).problems).toEqual([
      { field: 'trigger.days', message: 'is required for HEALTH_DROP' },
    ]);
    expect(validateTrigger({ kind: 'MANUAL', days: 3 }, FLAGS).problems.map((p) => p.field)).toEqual(['trigger.days']);
    expect(
      validateTrigger({ kind: 'HEALTH_BAND_ENTERED', band: 'PURPLE' }, FLAGS).problems.map((p) => p.field),
    ).toEqual(['trigger.band']);
    expect(validateTrigger({ kind: 'RISK_ABOVE', probability: 1 }, FLAGS).problems.map((p) => p.field)).toEqual([
      'trigger.probability',
    ]);
    expect(validateTrigger({ kind: 'RISK_ABOVE', probability: 0 }, FLAGS).problems.map((p) => p.field)).toEqual([
      'trigger.probability',
    ]);
    expect(validateTrigger({ kind: 'FLAG_RAISED', flag: 'NOPE' }, FLAGS).problems.map((p) => p.field)).toEqual([
      'trigger.flag',
    ]);
    expect(validateTrigger({ kind: 'RENEWAL_WITHIN', days: 0 }, FLAGS).problems.map((p) => p.field)).toEqual([
      'trigger.days',
    ]);
    expect(validateTrigger({ kind: 'RENEWAL_WITHIN', days: 2.5 }, FLAGS).problems.map((p) => p.field)).toEqual([
      'trigger.days',
    ]);
    expect(validateTrigger({ kind: 'HEALTH_DROP', points: 0, days: 7 }, FLAGS).problems.map((p) => p.field)).toEqual([
      'trigger.points',
    ]);
  });
});

describe('segments', () => {
  it('applies a playbook without segment to all, with one only to that segment', () => {
    expect(segmentMatches(null, 'SMB')).toBe(true);
    expect(segmentMatches('SMB', 'SMB')).toBe(true);
    expect(segmentMatches('SMB', 'ENT')).toBe(false);
    expect(segmentMatches('SMB', null)).toBe(false);
  });
});

describe('churned accounts', () => {
  it('only the churn triggers start runs on a churned account', () => {
    for (const kind of [
      'FLAG_RAISED',
      'HEALTH_BAND_ENTERED',
      'HEALTH_DROP',
      'RISK_ABOVE',
      'NPS_DETRACTOR',
      'RENEWAL_WITHIN',
    ]) {
      expect(triggerAppliesToStatus(kind, 'CHURNED')).toBe(false);
      expect(triggerAppliesToStatus(kind, 'ACTIVE')).toBe(true);
    }
    expect(triggerAppliesToStatus('ACCOUNT_CHURNED', 'CHURNED')).toBe(true);
    expect(triggerAppliesToStatus('CHURNED_FOR', 'CHURNED')).toBe(true);
  });
});

describe('health triggers: enter, do not repeat', () => {
  const at = d('2026-03-20T06:00:00Z');
  const base = { oldScore: 70, newScore: 50, raisedFlags: [] as string[] };
  it('HEALTH_BAND_ENTERED fires on entering the band only', () => {
    const t = { kind: 'HEALTH_BAND_ENTERED' as const, band: 'RED' };
    expect(healthTriggerFires(t, { ...base, oldBand: 'YELLOW', newBand: 'RED' }, [], at)).toBe(true);
    expect(healthTriggerFires(t, { ...base, oldBand: null, newBand: 'RED' }, [], at)).toBe(true);
    expect(healthTriggerFires(t, { ...base, oldBand: 'RED', newBand: 'RED', raisedFlags: ['DORMANT'] }, [], at)).toBe(
      false,
    );
    expect(healthTriggerFires(t, { ...base, oldBand: 'RED', newBand: 'YELLOW' }, [], at)).toBe(false);
  });
  it('FLAG_RAISED fires only when the flag is among the newly raised ones', () => {
    const t = { kind: 'FLAG_RAISED' as const, flag: 'USAGE_DROP' };
    expect(
      healthTriggerFires(t, { ...base, oldBand: 'RED', newBand: 'RED', raisedFlags: ['USAGE_DROP'] }, [], at),
    ).toBe(true);
    expect(
      healthTriggerFires(t, { ...base, oldBand: 'YELLOW', newBand: 'RED', raisedFlags: ['DORMANT'] }, [], at),
    ).toBe(false);
  });
  it('HEALTH_DROP compares with the peak of the window and fires once on entering', () => {
    const history = [
      { at: d('2026-03-01'), score: 95 }, // outside a 14-day window (before 03-06T06:00)
      { at: d('2026-03-10'), score: 80 },
      { at: d('2026-03-15'), score: 72 },
    ];
    // peak in window = 80; 80 − 64 = 16 ≥ 15, before: 80 − 70 = 10 < 15 → enters
    expect(healthDropEntered({ oldScore: 70, newScore: 64 }, history, 15, 14, at)).toBe(true);
    // already dropped (80 − 64 = 16) and sliding further → no repeat
    expect(healthDropEntered({ oldScore: 64, newScore: 60 }, history, 15, 14, at)).toBe(false);
    // not enough: 80 − 66 = 14
    expect(healthDropEntered({ oldScore: 70, newScore: 66 }, history, 15, 14, at)).toBe(false);
    // a 30-day window sees the 95: 95 − 70 = 25 already held before → no fire
    expect(healthDropEntered({ oldScore: 70, newScore: 64 }, history, 15, 30, at)).toBe(false);
    // no history: the old score is the reference (70 − 50 = 20)
    expect(healthDropEntered({ oldScore: 70, newScore: 50 }, [], 15, 14, at)).toBe(true);
    expect(healthDropEntered({ oldScore: null, newScore: 50 }, [], 15, 14, at)).toBe(false);
    expect(healthDropEntered({ oldScore: 70, newScore: null }, history, 15, 14, at)).toBe(false);
  });
  it('RISK_ABOVE fires on crossing the threshold, not while above', () => {
    expect(riskAboveEntered(null, 0.6, 0.5)).toEqual({ fires: true, holding: true });
    expect(riskAboveEntered(false, 0.5, 0.5)).toEqual({ fires: true, holding: true });
    expect(riskAboveEntered(true, 0.7, 0.5)).toEqual({ fires: false, holding: true });
    expect(riskAboveEntered(true, 0.3, 0.5)).toEqual({ fires: false, holding: false });
  });
});

describe('time-based triggers', () => {
  it('RENEWAL_WITHIN holds from days before the renewal through the renewal day', () => {
    expect(renewalWithin('2026-06-18', '2026-03-20', 90)).toBe(true); // exactly 90 days
    expect(renewalWithin('2026-06-19', '2026-03-20', 90)).toBe(false);
    expect(renewalWithin('2026-03-20', '2026-03-20', 90)).toBe(true);
    expect(renewalWithin('2026-03-19', '2026-03-20', 90)).toBe(false);
    expect(renewalWithin(null, '2026-03-20', 90)).toBe(false);
  });
  it('CHURNED_FOR fires from `days` after the churn, within a 30-day grace', () => {
    const churned = d('2025-09-01T10:00:00Z');
    expect(churnedFor(churned, d('2026-02-28T10:00:00Z'), 180)).toBe(true); // exactly 180 days
    expect(churnedFor(churned, d('2026-02-28T09:59:59Z'), 180)).toBe(false);
    expect(churnedFor(churned, d('2026-03-30T09:00:00Z'), 180)).toBe(true);
    expect(churnedFor(churned, d('2026-03-30T10:00:00Z'), 180)).toBe(false); // 30 days after entering: too old
    expect(churnedFor(null, d('2026-03-30'), 180)).toBe(false);
  });
  it('keys make renewal and churn triggers fire once per date / churn', () => {
    expect(triggerKey('RENEWAL_WITHIN', { renewalDate: '2026-06-18' })).toBe('renewal:2026-06-18');
    expect(triggerKey('CHURNED_FOR', { churnedAt: d('2025-09-01T10:00:00Z') })).toBe(
      'churned-for:2025-09-01T10:00:00.000Z',
    );
    expect(triggerKey('ACCOUNT_CHURNED', { churnedAt: d('2025-09-01T10:00:00Z') })).toBe(
      'churned:2025-09-01T10:00:00.000Z',
    );
    expect(triggerKey('ACCOUNT_CREATED', {})).toBe('created');
    expect(triggerKey('MANUAL', {})).toBeNull();
    expect(triggerKey('NPS_DETRACTOR', {})).toBeNull();
  });
});

describe('cooldown', () => {
  const ended = d('2026-03-01T12:00:00Z');
  it('blocks until cooldownDays after the last run ended', () => {
    expect(inCooldown(ended, 30, d('2026-03-31T11:59:59Z'))).toBe(true);
    expect(inCooldown(ended, 30, d('2026-03-31T12:00:00Z'))).toBe(false);
    expect(inCooldown(null, 30, d('2026-03-02'))).toBe(false);
    expect(inCooldown(ended, 0, d('2026-03-01T12:00:00Z'))).toBe(false);
  });
});

describe('contact cap (7-day windows)', () => {
  it('allows up to the cap in any window containing a new touch', () => {
    expect(exceedsContactCap([], [d('2026-03-03'), d('2026-03-14'), d('2026-03-30')], 2)).toBe(false);
    expect(exceedsContactCap([d('2026-03-02')], [d('2026-03-03')], 2)).toBe(false);
    expect(exceedsContactCap([d('2026-03-02'), d('2026-03-04')], [d('2026-03-03')], 2)).toBe(true);
  });
  it('counts the window as half-open [t, t + 7 days)', () => {
    // 03-01 and 03-08 are exactly 7 days apart: never in the same window
    expect(exceedsContactCap([d('2026-03-01')], [d('2026-03-08')], 1)).toBe(false);
    expect(exceedsContactCap([d('2026-03-01')], [d('2026-03-07T23:59:59Z')], 1)).toBe(true);
    expect(exceedsContactCap([d('2026-03-08')], [d('2026-03-08')], 1)).toBe(true);
    expect(exceedsContactCap([d('2026-03-01'), d('2026-03-02')], [d('2026-03-08')], 2)).toBe(false);
    expect(exceedsContactCap([d('2026-03-01'), d('2026-03-02')], [d('2026-03-07T23:59:59Z')], 2)).toBe(true);
  });
  it('ignores windows without a new touch, and the touches of the run count against each other', () => {
    expect(exceedsContactCap([d('2026-03-01'), d('2026-03-02'), d('2026-03-03')], [d('2026-03-20')], 2)).toBe(false);
    expect(exceedsContactCap([], [d('2026-03-01'), d('2026-03-03'), d('2026-03-05')], 2)).toBe(true);
    expect(exceedsContactCap([d('2026-03-01')], [], 0)).toBe(false);
    expect(exceedsContactCap([], [d('2026-03-01')], 0)).toBe(true);
  });
});

describe('suppressionReason', () => {
  const ok: SuppressionInput = {
    enabled: true,
    playbookSegment: null,
    accountSegment: 'SMB',
    hasOpenRun: false,
    lastEndedAt: null,
    cooldownDays: 30,
    now: d('2026-03-20'),
    existingTouches: [],
    newTouches: [d('2026-03-22')],
    contactCap: 2,
  };
  it('checks in order DISABLED, SEGMENT_MISMATCH, ALREADY_RUNNING, COOLDOWN, CONTACT_CAP', () => {
    expect(suppressionReason(ok)).toBeNull();
    const all = {
      ...ok,
      enabled: false,
      playbookSegment: 'ENT',
      hasOpenRun: true,
      lastEndedAt: d('2026-03-19'),
      existingTouches: [d('2026-03-21'), d('2026-03-22')],
    };
    expect(suppressionReason(all)).toBe('DISABLED');
    expect(suppressionReason({ ...all, enabled: true })).toBe('SEGMENT_MISMATCH');
    expect(suppressionReason({ ...all, enabled: true, playbookSegment: 'SMB' })).toBe('ALREADY_RUNNING');
    expect(suppressionReason({ ...all, enabled: true, playbookSegment: null, hasOpenRun: false })).toBe('COOLDOWN');
    expect(
      suppressionReason({
        ...all,
        enabled: true,
        playbookSegment: null,
        hasOpenRun: false,
        lastEndedAt: d('2026-02-01'),
      }),
    ).toBe('CONTACT_CAP');
  });
});

describe('assignee resolution', () => {
  it('prefers the named user, then the owner, then the fallback, then an admin', () => {
    expect(resolveAssignee({ assignee: 'USER', userId: 'u1' }, 'o1', 'f1', 'a1')).toEqual({
      userId: 'u1',
      via: 'USER',
    });
    expect(resolveAssignee({ assignee: 'OWNER' }, 'o1', 'f1', 'a1')).toEqual({ userId: 'o1', via: 'OWNER' });
    expect(resolveAssignee({ assignee: 'OWNER' }, null, 'f1', 'a1')).toEqual({ userId: 'f1', via: 'FALLBACK' });
    expect(resolveAssignee({ assignee: 'OWNER' }, null, null, 'a1')).toEqual({ userId: 'a1', via: 'ADMIN' });
    expect(resolveAssignee({ assignee: 'OWNER' }, null, null, null)).toBeNull();
  });
});

describe('run outcome at 90 days', () => {
  it('is CHURNED, SAVED (active, not RED) or AT_RISK', () => {
    expect(runOutcome('CHURNED', 'GREEN')).toBe('CHURNED');
    expect(runOutcome('ACTIVE', 'GREEN')).toBe('SAVED');
    expect(runOutcome('ACTIVE', 'YELLOW')).toBe('SAVED');
    expect(runOutcome('ACTIVE', null)).toBe('SAVED');
    expect(runOutcome('ACTIVE', 'RED')).toBe('AT_RISK');
    expect(runOutcome('PROSPECT', 'GREEN')).toBe('AT_RISK');
  });
  it('is due 90 days after the start', () => {
    expect(outcomeDue(d('2026-01-01T00:00:00Z'), d('2026-04-01T00:00:00Z'))).toBe(true); // 90 days
    expect(outcomeDue(d('2026-01-01T00:00:00Z'), d('2026-03-31T23:59:59Z'))).toBe(false);
  });
  it('marks open tasks past due as overdue', () => {
    expect(isOverdue('OPEN', d('2026-03-01'), d('2026-03-02'))).toBe(true);
    expect(isOverdue('DONE', d('2026-03-01'), d('2026-03-02'))).toBe(false);
    expect(isOverdue('OPEN', d('2026-03-03'), d('2026-03-02'))).toBe(false);
  });
});
