import { describe, expect, it } from 'vitest';
import { groupTasks } from './task-groups';

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
});
