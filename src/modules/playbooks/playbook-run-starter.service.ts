import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppError, isUniqueViolation } from '../../common/errors/app-error';
import { Principal } from '../../common/auth/principal';
import {
  addDays,
  resolveAssignee,
  segmentMatches,
  suppressionReason,
  triggerAppliesToStatus,
  TriggerKind,
} from '../../core/playbooks';
import { AppConfig } from '../../config/config';
import { InjectConfig } from '../../config/config.module';
import { AccountsService } from '../accounts/accounts.service';
import { WebhooksService } from '../webhooks/webhooks.service';
import { WebhookEvent } from '../webhooks/webhooks.models';
import { PlaybooksService } from './playbooks.service';
import { PlaybookRow, PlaybookRunResult, TaskRow } from './playbooks.models';
import {
  checkText,
  lockAccountForPlaybooks,
  mapPlaybook,
  mapRun,
  mapTask,
  PLAYBOOK_COLUMNS,
  RUN_COLUMNS,
  TASK_COLUMNS,
  taskEventData,
  UUID_RE,
} from './playbooks.rows';

export interface AttemptContext {
  triggerKind: TriggerKind;
  key: string | null;
  note: string | null;
  actorId: string | null;
  /** Automatic triggers skip disabled and other-segment playbooks silently (no suppression row per account). */
  auto: boolean;
}

/**
 * Starting a run (by hand, or for a trigger): dedupe, cooldown and the contact cap decided under a per-account
 * advisory lock (the partial unique index on open runs is the backstop); a suppressed attempt is recorded; a
 * started run gets its tasks, and its webhooks are enqueued in the same transaction.
 */
@Injectable()
export class PlaybookRunStarter {
  private readonly contactCap: number;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly playbooks: PlaybooksService,
    private readonly accounts: AccountsService,
    private readonly webhooks: WebhooksService,
    @InjectConfig() config: AppConfig,
  ) {
    this.contactCap = config.CONTACT_CAP_PER_WEEK;
  }

  /** Manual trigger: any playbook, on an account the caller may see (a CSM: their own book). */
  async trigger(
    p: Principal,
    playbookId: string,
    accountId: string,
    note: string | null | undefined,
  ): Promise<PlaybookRunResult> {
    if (!UUID_RE.test(accountId)) throw AppError.badInput('accountId', 'must be an account id');
    if (!UUID_RE.test(playbookId)) throw AppError.badInput('playbookId', 'must be a playbook id');
    const text = checkText('note', note);
    await this.accounts.getVisible(p, accountId);
    const pb = await this.playbooks.get(playbookId, 'playbookId');
    const result = await this.attempt(pb, accountId, {
      triggerKind: 'MANUAL',
      key: null,
      note: text,
      actorId: p.userId,
      auto: false,
    });
    if (!result) throw AppError.notFound('Account', accountId);
    return result;
  }

  /**
   * One attempt to start `pb` for the account. Null when there is nothing to record (automatic trigger of a
   * disabled / other-segment playbook, or a once-only key already used, or the account is gone).
   */
  async attempt(pb: PlaybookRow, accountId: string, ctx: AttemptContext): Promise<PlaybookRunResult | null> {
    for (let tries = 0; ; tries++) {
      try {
        const result = await this.db.transaction((em) => this.attemptIn(em, pb.id, accountId, ctx));
        if (result?.run) this.webhooks.kick();
        return result;
      } catch (err) {
        // The advisory lock makes this rare; the unique indexes are the last word: try again and see why.
        if (isUniqueViolation(err) && tries < 2) continue;
        throw err;
      }
    }
  }

  private async attemptIn(
    em: EntityManager,
    playbookId: string,
    accountId: string,
    ctx: AttemptContext,
  ): Promise<PlaybookRunResult | null> {
    await lockAccountForPlaybooks(em, accountId);
    const [acc] = await em.query(`SELECT id, segment, owner_id, status FROM accounts WHERE id = $1`, [accountId]);
    if (!acc) return null;
    const [pbRow] = await em.query(`SELECT ${PLAYBOOK_COLUMNS} FROM playbooks WHERE id = $1`, [playbookId]);
    if (!pbRow) return null;
    const pb = mapPlaybook(pbRow);
    if (ctx.auto && (!pb.enabled || !segmentMatches(pb.segment, acc.segment))) return null;
    if (ctx.auto && !triggerAppliesToStatus(ctx.triggerKind, acc.status)) return null;
    if (ctx.key) {
      const used = await em.query(
        `SELECT 1 FROM playbook_runs WHERE account_id = $1 AND playbook_id = $2 AND trigger_key = $3`,
        [accountId, pb.id, ctx.key],
      );
      if (used.length) return null;
    }
    const now = new Date();
    const [state] = await em.query(
      `SELECT EXISTS (SELECT 1 FROM playbook_runs WHERE account_id = $1 AND playbook_id = $2 AND status = 'OPEN') AS open,
              (SELECT max(ended_at) FROM playbook_runs WHERE account_id = $1 AND playbook_id = $2 AND status = 'ENDED') AS last_ended`,
      [accountId, pb.id],
    );
    const maxDue = Math.max(0, ...pb.steps.map((s) => s.dueInDays));
    const touchRows: Array<{ at: Date }> = await em.query(
      `SELECT at FROM (SELECT CASE WHEN status = 'DONE' THEN completed_at ELSE due_at END AS at FROM tasks
                        WHERE account_id = $1 AND touches_customer
                          AND (status = 'OPEN' OR (status = 'DONE' AND outcome IS DISTINCT FROM 'NOT_NEEDED'))) x
        WHERE at > $2::timestamptz - interval '7 days' AND at < $2::timestamptz + make_interval(days => $3::int + 7)`,
      [accountId, now, maxDue],
    );
    const newTouches = pb.steps.filter((s) => s.touchesCustomer).map((s) => addDays(now, s.dueInDays));
    const reason = suppressionReason({
      enabled: pb.enabled,
      playbookSegment: pb.segment,
      accountSegment: acc.segment,
      hasOpenRun: state.open,
      lastEndedAt: state.last_ended,
      cooldownDays: pb.cooldownDays,
      now,
      existingTouches: touchRows.map((r) => r.at),
      newTouches,
      contactCap: this.contactCap,
    });
    if (reason) {
      await em.query(
        `INSERT INTO playbook_runs (account_id, playbook_id, status, suppressed_reason, trigger_kind, trigger_key, note, triggered_by, started_at, ended_at)
         VALUES ($1, $2, 'SUPPRESSED', $3, $4, $5, $6, $7, $8, $8)`,
        [accountId, pb.id, reason, ctx.triggerKind, ctx.key, ctx.note, ctx.actorId, now],
      );
      return { run: null, tasks: [], suppressed: reason };
    }
    const [{ admin_id, score }] = await em.query(
      `SELECT (SELECT id FROM users WHERE role = 'ADMIN' ORDER BY created_at, id LIMIT 1) AS admin_id,
              (SELECT score FROM health_current WHERE account_id = $1) AS score`,
      [accountId],
    );
    const [runRow] = await em.query(
      `INSERT INTO playbook_runs (account_id, playbook_id, status, trigger_kind, trigger_key, note, triggered_by, started_at, start_score)
       VALUES ($1, $2, 'OPEN', $3, $4, $5, $6, $7, $8) RETURNING ${RUN_COLUMNS}`,
      [accountId, pb.id, ctx.triggerKind, ctx.key, ctx.note, ctx.actorId, now, score],
    );
    const run = mapRun(runRow);
    const assignees = pb.steps.map((s) => {
      const a = resolveAssignee(s, acc.owner_id, pb.fallbackUserId, admin_id);
      if (!a) throw new Error('No user can be assigned playbook tasks (no owner, fallback user or ADMIN)');
      return a;
    });
    const taskRows = await em.query(
      `INSERT INTO tasks (account_id, playbook_run_id, step_index, title, description, type, due_at, assignee_id, assigned_via, touches_customer, created_by, created_at)
       SELECT $1, $2, i, ti, de, ty, du, asg, via, tc, $3, $4
         FROM unnest($5::int[], $6::text[], $7::text[], $8::text[], $9::timestamptz[], $10::uuid[], $11::text[], $12::bool[]) AS s(i, ti, de, ty, du, asg, via, tc)
       ORDER BY i
       RETURNING ${TASK_COLUMNS}`,
      [
        accountId,
        run.id,
        ctx.actorId,
        now,
        pb.steps.map((_, i) => i),
        pb.steps.map((s) => s.title),
        pb.steps.map((s) => s.description),
        pb.steps.map((s) => s.type),
        pb.steps.map((s) => addDays(now, s.dueInDays)),
        assignees.map((a) => a.userId),
        assignees.map((a) => a.via),
        pb.steps.map((s) => s.touchesCustomer),
      ],
    );
    const tasks: TaskRow[] = taskRows
      .map(mapTask)
      .sort((a: TaskRow, b: TaskRow) => a.dueAt.getTime() - b.dueAt.getTime());
    await this.webhooks.enqueue(em, WebhookEvent.PLAYBOOK_RUN_STARTED, [
      {
        runId: run.id,
        playbookId: pb.id,
        playbookName: pb.name,
        accountId,
        triggerKind: ctx.triggerKind,
        startedAt: run.startedAt,
        taskIds: tasks.map((t) => t.id),
      },
    ]);
    await this.webhooks.enqueue(
      em,
      WebhookEvent.TASK_CREATED,
      tasks.map((t) => taskEventData(t, pb.id)),
    );
    return { run, tasks, suppressed: null };
  }
}
