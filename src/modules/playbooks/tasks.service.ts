import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppError } from '../../common/errors/app-error';
import { Principal, bookOwnerFilter } from '../../common/auth/principal';
import { Role } from '../../common/auth/role.enum';
import { Connection, readPageArgs, toConnection, lazyCount } from '../../common/pagination/connection';
import { rowsOf } from '../../database/query-result';
import { WebhooksService } from '../webhooks/webhooks.service';
import { WebhookEvent } from '../webhooks/webhooks.models';
import { CreateTaskInput, TaskFilter, UpdateTaskInput } from './playbooks.inputs';
import { AssignedVia, ChurnReasonKind, ChurnReasonModel, TaskOutcome, TaskRow, TaskStatus } from './playbooks.models';
import { snoozeUntilProblem } from '../../core/playbooks';
import { checkText, endRunIfDone, mapTask, TASK_COLUMNS, taskEventData, UUID_RE } from './playbooks.rows';
import { visibleAccountSql } from '../../common/auth/account-access';

const MAX_NOTE = 4000;

/**
 * Tasks (from playbook runs or ad hoc) and churn reasons. A CSM sees and works the tasks on their book
 * and the tasks assigned to them; ADMIN and MANAGER see all.
 */
@Injectable()
export class TasksService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly webhooks: WebhooksService,
  ) {}

  async list(
    p: Principal,
    filter: TaskFilter | null | undefined,
    first: number | null | undefined,
    after: string | null | undefined,
  ): Promise<Connection<TaskRow>> {
    const page = readPageArgs(first, after, ['timestamp', 'uuid']);
    const params: unknown[] = [];
    const where: string[] = [];
    const add = (sql: (n: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    const me = bookOwnerFilter(p);
    if (me) add((n) => `(a.owner_id = ${n}::uuid OR t.assignee_id = ${n}::uuid)`, me);
    if (filter?.assigneeId) add((n) => `t.assignee_id = ${n}::uuid`, filter.assigneeId);
    if (filter?.accountId) add((n) => `t.account_id = ${n}::uuid`, filter.accountId);
    if (filter?.status) add((n) => `t.status = ${n}`, filter.status);
    if (filter?.overdue === true) where.push(`(t.status = 'OPEN' AND t.due_at < now())`);
    if (filter?.overdue === false) where.push(`NOT (t.status = 'OPEN' AND t.due_at < now())`);
    if (filter?.playbookId) add((n) => `r.playbook_id = ${n}::uuid`, filter.playbookId);
    if (!filter?.includeSnoozed) where.push(`(t.snoozed_until IS NULL OR t.snoozed_until <= now())`);
    const whereSql = where.length ? where.join(' AND ') : 'TRUE';
    const from = `tasks t JOIN accounts a ON a.id = t.account_id LEFT JOIN playbook_runs r ON r.account_id = t.account_id AND r.id = t.playbook_run_id`;
    const countParams = [...params];
    let keyset = '';
    if (page.after) {
      params.push(...page.after);
      keyset = ` AND (t.due_at, t.id) > ($${params.length - 1}::timestamptz, $${params.length}::uuid)`;
    }
    params.push(page.first + 1);
    const rows = await this.db.query(
      `SELECT ${TASK_COLUMNS.split(', ')
        .map((c) => `t.${c}`)
        .join(', ')} FROM ${from}
        WHERE ${whereSql}${keyset} ORDER BY t.due_at, t.id LIMIT $${params.length}`,
      params,
    );
    const total = lazyCount(
      async () => (await this.db.query(`SELECT count(*)::int AS n FROM ${from} WHERE ${whereSql}`, countParams))[0].n,
    );
    return toConnection(rows.map(mapTask), page.first, (t) => [t.dueAt.toISOString(), t.id], total);
  }

  async tasksOfRuns(runIds: readonly string[]): Promise<TaskRow[]> {
    const valid = runIds.filter((id) => UUID_RE.test(id));
    if (!valid.length) return [];
    const rows = await this.db.query(
      `SELECT ${TASK_COLUMNS} FROM tasks WHERE playbook_run_id = ANY($1::uuid[]) ORDER BY due_at, id`,
      [valid],
    );
    return rows.map(mapTask);
  }

  async create(p: Principal, input: CreateTaskInput): Promise<TaskRow> {
    const task = await this.db.transaction(async (em) => {
      const acc = await this.visibleAccount(em, p, input.accountId, 'accountId');
      let assignee = input.assigneeId ?? acc.owner_id ?? p.userId;
      let via = input.assigneeId ? AssignedVia.USER : acc.owner_id ? AssignedVia.OWNER : AssignedVia.USER;
      if (input.assigneeId) await this.checkAssignee(em, p, input.assigneeId, acc.owner_id, 'assigneeId');
      if (!assignee) {
        assignee = p.userId;
        via = AssignedVia.USER;
      }
      const rows = await em.query(
        `INSERT INTO tasks (account_id, title, description, type, due_at, assignee_id, assigned_via, touches_customer, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${TASK_COLUMNS}`,
        [
          input.accountId,
          input.title.trim(),
          input.description?.trim() || null,
          input.type ?? 'OTHER',
          input.dueAt,
          assignee,
          via,
          input.touchesCustomer ?? false,
          p.userId,
        ],
      );
      const t = mapTask(rows[0]);
      await this.webhooks.enqueue(em, WebhookEvent.TASK_CREATED, [taskEventData(t, null)]);
      return t;
    });
    this.webhooks.kick();
    return task;
  }

  async update(p: Principal, id: string, input: UpdateTaskInput): Promise<TaskRow> {
    return this.db.transaction(async (em) => {
      const cur = await this.workableTask(em, p, id);
      const sets: string[] = [];
      const params: unknown[] = [cur.account_id, id];
      const set = (col: string, value: unknown) => {
        params.push(value);
        sets.push(`${col} = $${params.length}`);
      };
      if (input.title != null) set('title', input.title.trim());
      if (input.dueAt != null) set('due_at', input.dueAt);
      if (input.assigneeId != null) {
        await this.checkAssignee(em, p, input.assigneeId, cur.owner_id, 'assigneeId');
        set('assignee_id', input.assigneeId);
        set('assigned_via', AssignedVia.USER);
      }
      if (input.status != null && input.status !== cur.status) {
        set('status', input.status);
        if (input.status === TaskStatus.DONE) {
          sets.push(`completed_at = now()`, `outcome = 'DONE'`);
        } else {
          sets.push(`completed_at = NULL`, `outcome = NULL`);
        }
      }
      if (!sets.length) throw AppError.badInput('input', 'give at least one of title, dueAt, assigneeId, status');
      const rows = await em.query(
        `UPDATE tasks SET ${sets.join(', ')} WHERE account_id = $1 AND id = $2 RETURNING ${TASK_COLUMNS}`,
        params,
      );
      const t = mapTask(rowsOf(rows)[0]);
      await endRunIfDone(em, t.accountId, t.playbookRunId);
      return t;
    });
  }

  async complete(p: Principal, id: string, outcome: TaskOutcome, note: string | null | undefined): Promise<TaskRow> {
    const text = checkText('note', note, MAX_NOTE);
    return this.db.transaction(async (em) => {
      const cur = await this.workableTask(em, p, id);
      if (cur.status !== TaskStatus.OPEN) throw AppError.conflict(`The task is already ${cur.status}`, 'id');
      const rows = await em.query(
        `UPDATE tasks SET status = 'DONE', outcome = $3, note = COALESCE($4, note), completed_at = now()
          WHERE account_id = $1 AND id = $2 RETURNING ${TASK_COLUMNS}`,
        [cur.account_id, id, outcome, text],
      );
      const t = mapTask(rowsOf(rows)[0]);
      await endRunIfDone(em, t.accountId, t.playbookRunId);
      return t;
    });
  }

  /** Hides an open task until `until` (null: wakes it now). */
  async snooze(p: Principal, id: string, until: Date | null): Promise<TaskRow> {
    if (until) {
      const problem = snoozeUntilProblem(until, new Date());
      if (problem) throw AppError.badInput('until', problem);
    }
    return this.db.transaction(async (em) => {
      const cur = await this.workableTask(em, p, id);
      if (cur.status !== TaskStatus.OPEN) throw AppError.conflict(`The task is already ${cur.status}`, 'id');
      const rows = await em.query(
        `UPDATE tasks SET snoozed_until = $3 WHERE account_id = $1 AND id = $2 RETURNING ${TASK_COLUMNS}`,
        [cur.account_id, id, until],
      );
      return mapTask(rowsOf(rows)[0]);
    });
  }

  /**
   * MANAGER/ADMIN: gives a task to another user who can work the account — an ADMIN or MANAGER, or the CSM
   * who owns it (a CSM cannot open accounts outside their book).
   */
  async reassign(p: Principal, id: string, assigneeId: string): Promise<TaskRow> {
    if (!UUID_RE.test(assigneeId)) throw AppError.badInput('assigneeId', 'must be a user id');
    return this.db.transaction(async (em) => {
      const cur = await this.workableTask(em, p, id);
      if (cur.status !== TaskStatus.OPEN) throw AppError.conflict(`The task is already ${cur.status}`, 'id');
      const users = await em.query(`SELECT role, deactivated_at FROM users WHERE id = $1`, [assigneeId]);
      if (!users.length) throw AppError.badInput('assigneeId', 'no such user');
      if (users[0].deactivated_at) throw AppError.badInput('assigneeId', 'the user is deactivated');
      const role = users[0].role as Role;
      if (role === Role.INGEST) throw AppError.badInput('assigneeId', 'an INGEST user cannot be assigned tasks');
      if (role === Role.CSM && assigneeId !== cur.owner_id)
        throw AppError.badInput('assigneeId', 'a CSM can be assigned only tasks on accounts of their own book');
      const rows = await em.query(
        `UPDATE tasks SET assignee_id = $3, assigned_via = 'USER' WHERE account_id = $1 AND id = $2 RETURNING ${TASK_COLUMNS}`,
        [cur.account_id, id, assigneeId],
      );
      return mapTask(rowsOf(rows)[0]);
    });
  }

  async recordChurnReason(
    p: Principal,
    accountId: string,
    reason: ChurnReasonKind,
    detail: string | null | undefined,
  ): Promise<ChurnReasonModel> {
    const text = checkText('detail', detail, MAX_NOTE);
    return this.db.transaction(async (em) => {
      await this.visibleAccount(em, p, accountId, 'accountId');
      const [r] = await em.query(
        `INSERT INTO churn_reasons (account_id, reason, detail, recorded_by) VALUES ($1, $2, $3, $4)
         RETURNING id, account_id, reason, detail, recorded_at, recorded_by`,
        [accountId, reason, text, p.userId],
      );
      return {
        id: r.id,
        accountId: r.account_id,
        reason: r.reason,
        detail: r.detail,
        recordedAt: r.recorded_at,
        recordedById: r.recorded_by,
      };
    });
  }

  private async visibleAccount(
    em: EntityManager,
    p: Principal,
    accountId: string,
    field: string,
  ): Promise<{ id: string; owner_id: string | null }> {
    const rows = UUID_RE.test(accountId)
      ? await em.query(`SELECT id, owner_id FROM accounts a WHERE id = $1 AND ${visibleAccountSql('$2')}`, [
          accountId,
          bookOwnerFilter(p),
        ])
      : [];
    if (!rows.length) throw AppError.notFound('Account', accountId, field);
    return rows[0];
  }

  /** The task, locked, if the caller may work on it (a CSM: on their book or assigned to them). */
  private async workableTask(em: EntityManager, p: Principal, id: string) {
    const rows = UUID_RE.test(id)
      ? await em.query(
          `SELECT t.account_id, t.status, t.assignee_id, a.owner_id FROM tasks t JOIN accounts a ON a.id = t.account_id WHERE t.id = $1 FOR UPDATE OF t`,
          [id],
        )
      : [];
    const me = bookOwnerFilter(p);
    if (!rows.length || (me && rows[0].owner_id !== me && rows[0].assignee_id !== me))
      throw AppError.notFound('Task', id);
    return rows[0] as { account_id: string; status: TaskStatus; assignee_id: string; owner_id: string | null };
  }

  /** Assignees are users who can work (not INGEST); a CSM may assign only to themselves or the account's owner. */
  private async checkAssignee(
    em: EntityManager,
    p: Principal,
    userId: string,
    ownerId: string | null,
    field: string,
  ): Promise<void> {
    const rows = await em.query(`SELECT role FROM users WHERE id = $1`, [userId]);
    if (!rows.length) throw AppError.badInput(field, 'no such user');
    if (rows[0].role === Role.INGEST) throw AppError.badInput(field, 'an INGEST user cannot be assigned tasks');
    if (p.role === Role.CSM && userId !== p.userId && userId !== ownerId)
      throw AppError.forbidden('A CSM may assign tasks only to themselves or the account owner');
  }
}
