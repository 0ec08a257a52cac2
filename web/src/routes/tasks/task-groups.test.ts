import { describe, expect, it } from 'vitest';
import { groupTasks, isSnoozed } from './task-groups';

describe('groupTasks', () => {
  it('puts tasks in overdue / today / this week / later by the local calendar, soonest first', () => {
    // Europe/Paris (UTC+1); now = Friday 4 Dec 2026 10:00 local.
    const now = new Date('2026-12-04T09:00:00Z');
    const t = (id: string, dueAt: string, overdue = false) => ({ id, dueAt, overdue });
    const groups = groupTasks(
      [
        t('later', '2026-12-11T10:00:00Z'),
        t('week-end', '2026-12-10T22:00:00Z'), // 23:00 local on the 10th: still within 7 days
        t('today-late', '2026-12-04T22:30:00Z'), // 23:30 local: today
        t('past', '2026-12-04T08:00:00Z'),
        t('flagged', '2026-12-05T08:00:00Z', true),
        t('tomorrow', '2026-12-04T23:30:00Z'), // 00:30 local on the 5th
      ],
      now,
    );
    expect(groups.overdue.map((x) => x.id)).toEqual(['past', 'flagged']);
    expect(groups.today.map((x) => x.id)).toEqual(['today-late']);
    expect(groups.week.map((x) => x.id)).toEqual(['tomorrow', 'week-end']);
    expect(groups.later.map((x) => x.id)).toEqual(['later']);
  });

  it('puts snoozed tasks (wake-up time still ahead) in their own group, soonest to wake first', () => {
    const now = new Date('2026-12-04T09:00:00Z');
    const t = (id: string, dueAt: string, snoozedUntil: string | null) => ({ id, dueAt, overdue: false, snoozedUntil });
    const groups = groupTasks(
      [
        t('wakes-late', '2026-12-04T08:00:00Z', '2026-12-20T08:00:00Z'), // overdue, but asleep until the 20th
        t('wakes-soon', '2026-12-30T08:00:00Z', '2026-12-05T08:00:00Z'),
        t('woke', '2026-12-04T12:00:00Z', '2026-12-04T08:59:00Z'), // woke a minute ago: back in "today"
        t('never', '2026-12-04T11:00:00Z', null),
      ],
      now,
    );
    expect(groups.snoozed.map((x) => x.id)).toEqual(['wakes-soon', 'wakes-late']);
    expect(groups.today.map((x) => x.id)).toEqual(['never', 'woke']);
    expect(groups.overdue).toEqual([]);
    expect(isSnoozed({ snoozedUntil: '2026-12-04T09:00:01Z' }, now.getTime())).toBe(true);
    expect(isSnoozed({ snoozedUntil: '2026-12-04T09:00:00Z' }, now.getTime())).toBe(false);
  });
});
