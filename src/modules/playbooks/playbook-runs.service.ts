import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError } from '../../common/errors/app-error';
import { Principal, bookOwnerFilter } from '../../common/auth/principal';
import { Connection, readPageArgs, toConnection, lazyCount } from '../../common/pagination/connection';
import { rowsOf } from '../../database/query-result';
import { PlaybookRunFilter } from './playbooks.inputs';
import { PlaybookRunOutcome, RunRow } from './playbooks.models';
import { mapRun, RUN_COLUMNS, UUID_RE } from './playbooks.rows';

/** Playbook runs once started: closing one by hand, listing them (a CSM: their own book), loading by id. */
@Injectable()
export class PlaybookRunsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Ends a run now (open tasks cancelled) and/or records its outcome by hand. */
  async close(p: Principal, id: string, outcome: PlaybookRunOutcome | null | undefined): Promise<RunRow> {
    return this.db.transaction(async (em) => {
      const owner = bookOwnerFilter(p);
      // Lock order tasks → run, as completeTask has it (it locks its task, then ends the run when it was the
      // last open one): locking the run first and the tasks second deadlocked against a concurrent completion.
      if (UUID_RE.test(id))
        await em.query(`SELECT 1 FROM tasks WHERE playbook_run_id = $1 AND status = 'OPEN' ORDER BY id FOR UPDATE`, [
          id,
        ]);
      const found = UUID_RE.test(id)
        ? await em.query(
            `SELECT r.account_id, r.status, r.outcome, a.owner_id FROM playbook_runs r JOIN accounts a ON a.id = r.account_id WHERE r.id = $1 FOR UPDATE OF r`,
            [id],
          )
        : [];
      if (!found.length || (owner && found[0].owner_id !== owner)) throw AppError.notFound('PlaybookRun', id);
      const run = found[0];
      if (run.status === 'SUPPRESSED')
        throw AppError.conflict('A suppressed attempt is not a run and cannot be closed', 'id');
      if (run.status === 'ENDED' && !outcome)
        throw AppError.conflict('The run has already ended; give an outcome to record one', 'outcome');
      await em.query(
        `UPDATE tasks SET status = 'CANCELLED', note = COALESCE(note, 'cancelled: the run was closed') WHERE account_id = $1 AND playbook_run_id = $2 AND status = 'OPEN'`,
        [run.account_id, id],
      );
      const rows = await em.query(
        `UPDATE playbook_runs SET status = 'ENDED', ended_at = COALESCE(ended_at, now()),
                outcome = COALESCE($3, outcome), outcome_at = CASE WHEN $3::text IS NULL THEN outcome_at ELSE now() END
          WHERE account_id = $1 AND id = $2 RETURNING ${RUN_COLUMNS}`,
        [run.account_id, id, outcome ?? null],
      );
      return mapRun(rowsOf(rows)[0]);
    });
  }

  async list(
    p: Principal,
    filter: PlaybookRunFilter | null | undefined,
    first: number | null | undefined,
    after: string | null | undefined,
  ): Promise<Connection<RunRow>> {
    const page = readPageArgs(first, after, ['timestamp', 'uuid']);
    const params: unknown[] = [];
    const where: string[] = [];
    const add = (sql: (n: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    const owner = bookOwnerFilter(p);
    if (owner) add((n) => `a.owner_id = ${n}::uuid`, owner);
    if (filter?.suppressed === true) where.push(`r.status = 'SUPPRESSED'`);
    if (filter?.suppressed === false) where.push(`r.status <> 'SUPPRESSED'`);
    if (filter?.status) add((n) => `r.status = ${n}`, filter.status);
    if (filter?.playbookId) add((n) => `r.playbook_id = ${n}::uuid`, filter.playbookId);
    if (filter?.accountId) add((n) => `r.account_id = ${n}::uuid`, filter.accountId);
    const whereSql = where.length ? where.join(' AND ') : 'TRUE';
    const countParams = [...params];
    let keyset = '';
    if (page.after) {
      params.push(...page.after);
      keyset = ` AND (r.started_at, r.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`;
    }
    params.push(page.first + 1);
    const rows = await this.db.query(
      `SELECT ${RUN_COLUMNS.split(', ')
        .map((c) => `r.${c}`)
        .join(', ')} FROM playbook_runs r JOIN accounts a ON a.id = r.account_id
        WHERE ${whereSql}${keyset} ORDER BY r.started_at DESC, r.id DESC LIMIT $${params.length}`,
      params,
    );
    const total = lazyCount(
      async () =>
        (
          await this.db.query(
            `SELECT count(*)::int AS n FROM playbook_runs r JOIN accounts a ON a.id = r.account_id WHERE ${whereSql}`,
            countParams,
          )
        )[0].n,
    );
    return toConnection(rows.map(mapRun), page.first, (r) => [r.startedAt.toISOString(), r.id], total);
  }

  async runsByIds(ids: readonly string[]): Promise<RunRow[]> {
    const valid = ids.filter((id) => UUID_RE.test(id));
    if (!valid.length) return [];
    return (await this.db.query(`SELECT ${RUN_COLUMNS} FROM playbook_runs WHERE id = ANY($1::uuid[])`, [valid])).map(
      mapRun,
    );
  }
}
