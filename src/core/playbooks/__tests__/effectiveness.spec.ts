import { mean, median, pct, playbookStats } from '../effectiveness';

describe('effectiveness formulas', () => {
  it('pct, median and mean on hand numbers', () => {
    expect(pct(2, 3)).toBe(66.7);
    expect(pct(1, 8)).toBe(12.5);
    expect(pct(0, 0)).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
    expect(mean([-10, 4, 0])).toBe(-2);
    expect(mean([])).toBeNull();
  });

  it('computes the stats of a crafted history', () => {
    // 4 runs, 8 tasks: 6 done (4 on time), completion days 1, 2, 2, 3, 5, 10 → median (2 + 3) / 2 = 2.5
    // outcomes known for 3 runs, 2 SAVED → 66.7 %; health changes −6, +3, +9 → mean 2
    const s = playbookStats({
      runs: 4,
      suppressed: { COOLDOWN: 1, ALREADY_RUNNING: 3, CONTACT_CAP: 0 },
      tasks: 8,
      tasksDone: 6,
      tasksDoneOnTime: 4,
      daysToComplete: [10, 2, 1, 5, 3, 2],
      runsWithOutcome: 3,
      runsSaved: 2,
      healthChanges: [-6, 3, 9],
    });
    expect(s).toEqual({
      runs: 4,
      suppressed: [
        { reason: 'ALREADY_RUNNING', count: 3 },
        { reason: 'COOLDOWN', count: 1 },
      ],
      suppressedTotal: 4,
      taskCompletionPct: 75,
      onTimePct: 66.7,
      medianDaysToComplete: 2.5,
      saveRatePct: 66.7,
      avgHealthChange30d: 2,
    });
  });

  it('gives nulls where nothing is known', () => {
    const s = playbookStats({
      runs: 0,
      suppressed: {},
      tasks: 0,
      tasksDone: 0,
      tasksDoneOnTime: 0,
      daysToComplete: [],
      runsWithOutcome: 0,
      runsSaved: 0,
      healthChanges: [],
    });
    expect(s).toMatchObject({
      runs: 0,
      suppressed: [],
      suppressedTotal: 0,
      taskCompletionPct: null,
      onTimePct: null,
      medianDaysToComplete: null,
      saveRatePct: null,
      avgHealthChange30d: null,
    });
  });
});
