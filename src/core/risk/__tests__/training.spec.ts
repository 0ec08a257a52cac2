import { brierSkillScore, contradictions, mulberry32, thinGroups, trainChurnModel, TrainingSnapshot } from '..';

const DAY = 86_400_000;
const monthDays = (n: number) =>
  Array.from({ length: n }, (_, k) => new Date(Date.UTC(2024, k, 1)).toISOString().slice(0, 10));

/**
 * 18 monthly snapshots of 150 accounts: churn within the horizon is driven by inactivity; usage signals exist only
 * from snapshot `signalsFrom` on (earlier rows have them missing, as a book connecting its SDK late).
 */
function snapshots(signalsFrom: number, seed = 3): { snaps: TrainingSnapshot[]; days: string[] } {
  const r = mulberry32(seed);
  const days = monthDays(18);
  const snaps: TrainingSnapshot[] = [];
  days.forEach((day, k) => {
    for (let a = 0; a < 150; a++) {
      const inactive = Math.floor(r() * r() * 90);
      const churn = r() < 1 / (1 + Math.exp(-(-3.2 + 0.06 * inactive)));
      const observed = k >= signalsFrom;
      snaps.push({
        day,
        accountId: `a${a}`,
        churnEvent: churn ? `c${k}-${a}` : null,
        row: {
          daysSinceLastActivity: observed ? inactive : null,
          activeDays30: observed ? Math.max(0, 30 - inactive) : null,
          mrr: 10_000 + Math.floor(r() * 50_000),
          segment: a % 3 ? 'SMB' : 'Enterprise',
        },
      });
    }
  });
  return { snaps, days };
}

const spec = {
  numeric: ['daysSinceLastActivity', 'activeDays30', 'mrr'],
  categorical: ['segment'],
  log: ['daysSinceLastActivity', 'mrr'],
  clip: { lower: 0.01, upper: 0.99 },
  missingGroups: { signals: ['daysSinceLastActivity', 'activeDays30'] },
};
const groups = { signals: ['daysSinceLastActivity', 'activeDays30'] };
const directions = { daysSinceLastActivity: 1, activeDays30: -1 } as const;

describe('trainChurnModel (the pure training pipeline)', () => {
  it('evaluates on a time holdout with AUC, PR AUC, Brier, the Brier skill score vs the base rate, calibration with counts', () => {
    const { snaps, days } = snapshots(0);
    const o = trainChurnModel(snaps, { horizonDays: 90, days, spec, groups, directions, l2: 1 });
    expect(o.method).toBe('LOGISTIC');
    expect(o.note).toBeNull();
    expect(o.evaluation.testDays).toEqual(days.slice(-3));
    // Training days end at least a horizon before the first test day (no training label seen after it).
    const lastTrain = o.evaluation.trainDays[o.evaluation.trainDays.length - 1];
    expect(Date.parse(lastTrain) + 90 * DAY).toBeLessThanOrEqual(Date.parse(o.evaluation.testDays[0]));
    expect(o.evaluation.testRows).toBe(450);
    expect(o.calibration.reduce((s, b) => s + b.count, 0)).toBe(450);
    expect(o.auc!).toBeGreaterThan(0.7);
    expect(o.evaluation.brierSkill!).toBeGreaterThan(0);
    expect(o.evaluation.brierSkill!).toBeCloseTo(1 - o.brier! / o.evaluation.baseBrier!, 12);
    // activeDays30 is nearly 30 − daysSinceLastActivity here: its sign is whatever the collinearity gives, and the
    // direction policy drops it when that contradicts "more active days lower risk" — saying so.
    const cov = o.evaluation.coverage.find((c) => c.feature === 'activeDays30')!;
    expect(cov.rows).toBe(2700);
    expect(cov.used).toBe(!o.evaluation.warnings.some((w) => w.startsWith('activeDays30:')));
    expect(contradictions(o.model!, directions)).toEqual([]);
  });

  it('trains on observed data only: coverage counts the rows each feature had, the indicator covers the rest', () => {
    const { snaps, days } = snapshots(9);
    const o = trainChurnModel(snaps, { horizonDays: 90, days, spec, groups, directions, l2: 1 });
    expect(o.method).toBe('LOGISTIC');
    const cov = Object.fromEntries(o.evaluation.coverage.map((c) => [c.feature, c]));
    expect(cov.daysSinceLastActivity.rows).toBe(9 * 150);
    expect(cov.mrr.rows).toBe(18 * 150);
    expect(o.model!.featureNames).toContain('missing:signals');
    // The deployed model never contradicts a documented direction.
    const b = (name: string) => o.model!.coefficients[o.model!.featureNames.indexOf(name)];
    expect(b('daysSinceLastActivity')).toBeGreaterThan(0);
    expect(b('activeDays30') ?? -1).toBeLessThanOrEqual(0);
  });

  it('leaves out a source with too little labelled history, with a warning (fewer features)', () => {
    // Signals only on the last 4 snapshots: none of them in the evaluation model's training part.
    const { snaps, days } = snapshots(14);
    const o = trainChurnModel(snaps, { horizonDays: 90, days, spec, groups, directions, l2: 1 });
    expect(o.method).toBe('LOGISTIC');
    expect(o.evaluation.warnings[0]).toMatch(
      /^signals: observed on \d+ training rows with \d+ churned \(at least 20 of each are needed\)/,
    );
    expect(o.model!.featureNames).toEqual(['mrr', 'segment=Enterprise', 'segment=SMB']);
    expect(o.evaluation.coverage.find((c) => c.feature === 'activeDays30')!.used).toBe(false);
  });

  it('falls back to HEURISTIC with a note when there are too few churn events', () => {
    const { snaps, days } = snapshots(0);
    const few = snaps.map((s, i) => ({ ...s, churnEvent: i < 10 ? `c${i}` : null }));
    const o = trainChurnModel(few, { horizonDays: 90, days, spec, groups, directions });
    expect(o.method).toBe('HEURISTIC');
    expect(o.model).toBeNull();
    expect(o.note).toMatch(/^10 churn events/);
  });

  it('thinGroups and brierSkillScore by hand', () => {
    const rows = [{ a: 1 }, { a: null }, { a: 2 }];
    expect(thinGroups(rows, [1, 1, 0], { g: ['a'] }, 1)).toEqual([]);
    expect(thinGroups(rows, [1, 1, 0], { g: ['a'] }, 2)).toEqual([{ group: 'g', rows: 2, positives: 1 }]);
    // p = (0.9, 0.2), y = (1, 0): Brier = (0.01 + 0.04) / 2 = 0.025; base rate 0.5: 0.25; skill = 1 − 0.1 = 0.9.
    const s = brierSkillScore([0.9, 0.2], [1, 0], 0.5);
    expect(s.brier).toBeCloseTo(0.025, 15);
    expect(s.baseBrier).toBe(0.25);
    expect(s.skill).toBeCloseTo(0.9, 15);
  });
});
