import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError } from '../../common/errors/app-error';
import { playbookStats } from '../../core/playbooks';
import { checkPeriod } from '../../core/metrics/reporting';
import { PlaybooksService } from './playbooks.service';

/** The effectiveness report: per playbook, how its runs and tasks went and what happened to health after. */
@Injectable()
export class PlaybookEffectiveness {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly playbooks: PlaybooksService,
  ) {}

  /**
   * Per playbook, over runs (and suppressed attempts) started in [from, to): four set-based queries, then the
   * formulas of core/playbooks/effectiveness.
   */
  async effectiveness(from: string, to: string) {
    const period = { from: new Date(`${from}T00:00:00Z`), to: new Date(`${to}T00:00:00Z`) };
    const problem = checkPeriod(period.from, period.to, { from: 'period.from', to: 'period.to' });
    if (problem) throw AppError.badInput(problem.field, problem.message);
    const args = [period.from, period.to];
    const inPeriod = `r.started_at >= $1 AND r.started_at < $2`;
    const [runs, suppressed, tasks, health, playbooks] = await Promise.all([
      this.db.query(
        `SELECT r.playbook_id, count(*)::int AS runs, count(*) FILTER (WHERE r.outcome IS NOT NULL)::int AS with_outcome,
                count(*) FILTER (WHERE r.outcome = 'SAVED')::int AS saved
           FROM playbook_runs r WHERE ${inPeriod} AND r.status <> 'SUPPRESSED' GROUP BY r.playbook_id`,
        args,
      ),
      this.db.query(
        `SELECT r.playbook_id, r.suppressed_reason AS reason, count(*)::int AS n
           FROM playbook_runs r WHERE ${inPeriod} AND r.status = 'SUPPRESSED' GROUP BY 1, 2`,
        args,
      ),
      this.db.query(
        `SELECT r.playbook_id, count(*)::int AS tasks, count(*) FILTER (WHERE t.status = 'DONE')::int AS done,
                count(*) FILTER (WHERE t.status = 'DONE' AND t.completed_at <= t.due_at)::int AS on_time,
                COALESCE(array_agg(extract(epoch FROM t.completed_at - t.created_at) / 86400.0) FILTER (WHERE t.status = 'DONE'), '{}') AS days
           FROM playbook_runs r JOIN tasks t ON t.account_id = r.account_id AND t.playbook_run_id = r.id
          WHERE ${inPeriod} AND r.status <> 'SUPPRESSED' GROUP BY r.playbook_id`,
        args,
      ),
      this.db.query(
        `SELECT r.playbook_id, array_agg(e.score - s.score) AS changes
           FROM playbook_runs r
           CROSS JOIN LATERAL (SELECT h.score FROM health_history h WHERE h.account_id = r.account_id AND h.day <= r.started_at::date
                                 AND h.score IS NOT NULL ORDER BY h.day DESC LIMIT 1) s
           CROSS JOIN LATERAL (SELECT h.score FROM health_history h WHERE h.account_id = r.account_id AND h.day > r.started_at::date
                                 AND h.day <= r.started_at::date + 30 AND h.score IS NOT NULL ORDER BY h.day DESC LIMIT 1) e
          WHERE ${inPeriod} AND r.status <> 'SUPPRESSED' AND r.started_at::date + 30 <= current_date
          GROUP BY r.playbook_id`,
        args,
      ),
      this.playbooks.list(),
    ]);
    const by = <T extends { playbook_id: string }>(rows: T[]) => new Map(rows.map((r) => [r.playbook_id, r]));
    const runMap = by(runs as any[]);
    const taskMap = by(tasks as any[]);
    const healthMap = by(health as any[]);
    return playbooks.map((pb) => {
      const r = runMap.get(pb.id);
      const t = taskMap.get(pb.id);
      const h = healthMap.get(pb.id);
      const sup: Record<string, number> = {};
      for (const s of suppressed as Array<{ playbook_id: string; reason: string; n: number }>)
        if (s.playbook_id === pb.id) sup[s.reason] = s.n;
      return {
        playbook: pb,
        ...playbookStats({
          runs: r?.runs ?? 0,
          suppressed: sup,
          tasks: t?.tasks ?? 0,
          tasksDone: t?.done ?? 0,
          tasksDoneOnTime: t?.on_time ?? 0,
          daysToComplete: (t?.days ?? []).map(Number),
          runsWithOutcome: r?.with_outcome ?? 0,
          runsSaved: r?.saved ?? 0,
          healthChanges: (h?.changes ?? []).map(Number),
        }),
      };
    });
  }
}
