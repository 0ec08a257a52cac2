/**
 * Playbook effectiveness from per-playbook aggregates (SQL computes the counts; these formulas turn them
 * into the reported figures, so they can be checked on hand-worked numbers).
 */

export interface PlaybookAggregates {
  runs: number;
  suppressed: Record<string, number>;
  tasks: number;
  tasksDone: number;
  tasksDoneOnTime: number;
  /** Days from task creation to completion, for done tasks. */
  daysToComplete: readonly number[];
  runsWithOutcome: number;
  runsSaved: number;
  /** Health score change from the run start to +30 days, for runs where both are known. */
  healthChanges: readonly number[];
}

export interface PlaybookStatsFigures {
  runs: number;
  suppressed: Array<{ reason: string; count: number }>;
  suppressedTotal: number;
  taskCompletionPct: number | null;
  onTimePct: number | null;
  medianDaysToComplete: number | null;
  saveRatePct: number | null;
  avgHealthChange30d: number | null;
}

/** 100 × part / whole rounded to 0.1, null when whole is 0. */
export function pct(part: number, whole: number): number | null {
  if (!whole) return null;
  return Math.round((1000 * part) / whole) / 10;
}

export function median(values: readonly number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function mean(values: readonly number[]): number | null {
  if (!values.length) return null;
  return values.reduce((a, b) => a + b, 0) / values.length;
}

const round2 = (x: number | null) => (x === null ? null : Math.round(x * 100) / 100);

/**
 * Task completion % = done / all tasks of the period's runs; on-time % = done by the due instant / done;
 * save rate % = SAVED / runs whose outcome is known (decided at 90 days or by closePlaybookRun).
 */
export function playbookStats(a: PlaybookAggregates): PlaybookStatsFigures {
  const suppressed = Object.entries(a.suppressed)
    .filter(([, n]) => n > 0)
    .map(([reason, count]) => ({ reason, count }))
    .sort((x, y) => y.count - x.count || x.reason.localeCompare(y.reason));
  return {
    runs: a.runs,
    suppressed,
    suppressedTotal: suppressed.reduce((s, x) => s + x.count, 0),
    taskCompletionPct: pct(a.tasksDone, a.tasks),
    onTimePct: pct(a.tasksDoneOnTime, a.tasksDone),
    medianDaysToComplete: round2(median(a.daysToComplete)),
    saveRatePct: pct(a.runsSaved, a.runsWithOutcome),
    avgHealthChange30d: round2(mean(a.healthChanges)),
  };
}
