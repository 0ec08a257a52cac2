import { isSnoozed, MAX_SNOOZE_DAYS, snoozeUntilProblem } from '../task-snooze';

describe('task snooze rules', () => {
  const now = new Date('2026-03-10T12:00:00Z');

  it('accepts a moment in the future up to 90 days ahead (inclusive)', () => {
    expect(MAX_SNOOZE_DAYS).toBe(90);
    expect(snoozeUntilProblem(new Date('2026-03-10T12:00:01Z'), now)).toBeNull();
    // 90 days after 10 March 12:00 is 8 June 12:00 (21 + 30 + 31 + 8 days).
    expect(snoozeUntilProblem(new Date('2026-06-08T12:00:00Z'), now)).toBeNull();
  });

  it('refuses now, the past, more than 90 days and invalid dates', () => {
    expect(snoozeUntilProblem(now, now)).toBe('must be in the future');
    expect(snoozeUntilProblem(new Date('2026-03-09T00:00:00Z'), now)).toBe('must be in the future');
    expect(snoozeUntilProblem(new Date('2026-06-08T12:00:01Z'), now)).toBe('must be at most 90 days ahead');
    expect(snoozeUntilProblem(new Date('nope'), now)).toBe('must be a date-time');
    expect(snoozeUntilProblem(new Date('2026-03-20T00:00:00Z'), now, 7)).toBe('must be at most 7 days ahead');
  });

  it('a task is snoozed only while the end is ahead', () => {
    expect(isSnoozed(null, now)).toBe(false);
    expect(isSnoozed(new Date('2026-03-10T12:00:00Z'), now)).toBe(false);
    expect(isSnoozed(new Date('2026-03-10T12:00:01Z'), now)).toBe(true);
  });
});
