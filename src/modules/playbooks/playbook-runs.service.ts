import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { OnEvent } from '@nestjs/event-emitter';
import { Cron } from '@nestjs/schedule';
import { DataSource, EntityManager } from 'typeorm';
import { BackgroundWork, SHUTDOWN_WAIT_MS } from '../../common/background/background-work';
import { AppError, isUniqueViolation } from '../../common/errors/app-error';
import { runExclusive } from '../../database/job-runs';
import { Principal, bookOwnerFilter } from '../../common/auth/principal';
import { Connection, readPageArgs, toConnection, lazyCount } from '../../common/pagination/connection';
import {
  AccountChurnedEvent,
  AccountCreatedEvent,
  DOMAIN_EVENTS,
  FeedbackRecordedEvent,
  HealthChangedEvent,
  RiskScoredEvent,
} from '../../common/events/domain-events';
import {
  addDays,
  CHURNED_FOR_GRACE_DAYS,
  churnedFor,
  healthTriggerFires,
  OUTCOME_AFTER_DAYS,
  playbookStats,
  renewalWithin,
  resolveAssignee,
  riskAboveEntered,
  runOutcome,
  ScorePoint,
  segmentMatches,
  suppressionReason,
  TriggerKind,
  triggerKey,
} from '../../core/playbooks';
import { checkPeriod } from '../../core/metrics/reporting';
import { loadConfig } from '../../config/config';
import { rowsOf } from '../../database/query-result';
import { AccountsService } from '../accounts/accounts.service';
import { WebhooksService } from '../webhooks/webhooks.service';
import { WebhookEvent } from '../webhooks/webhooks.models';
import { PlaybooksService } from './playbooks.service';
import { PlaybookRunFilter } from './playbooks.inputs';
import {
  PlaybookRow,
  PlaybookRunOutcome,
  PlaybookRunResult,
  PlaybookSuppression,
  PlaybookTriggerKind,
  RunRow,
  TaskRow,
} from './playbooks.models';
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
 * Starting runs (manual, event-driven, daily sweep) with dedupe, cooldown and the contact cap decided under
 * a per-account advisory lock (the partial unique index on open runs is the backstop); suppressed attempts
 * are recorded. Also the 90-day outcomes, closing runs, listing runs and effectiveness.
 */
@Injectable()
export class PlaybookRunsService implements OnModuleDestroy {
  private readonly logger = new Logger('Playbooks');
  private readonly contactCap = loadConfig().CONTACT_CAP_PER_WEEK;
  private queue: Promise<void> = Promise.resolve();
  /** Event work; at shutdown the item in progress is waited for and queued ones are not started (the pool is about to close). */
  private readonly background = new BackgroundWork((err) =>
    this.logger.error(`playbook event work failed: ${String(err)}`),
  );
  private dropped = 0;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly playbooks: PlaybooksService,
    private readonly accounts: AccountsService,
    private readonly webhooks: WebhooksService,
  ) {}

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
      return { run: null, tasks: [], suppressed: reason as PlaybookSuppression };
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

  /** Runs every enabled playbook of these kinds (that passes `fires`) for the account; failures are logged. */
  private async fireAll(
    kinds: TriggerKind[],
    accountId: string,
    fires: (pb: PlaybookRow) => boolean,
    key: (pb: PlaybookRow) => string | null,
  ): Promise<number> {
    let started = 0;
    for (const pb of await this.playbooks.enabledWith(kinds)) {
      if (!fires(pb)) continue;
      try {
        const r = await this.attempt(pb, accountId, {
          triggerKind: pb.trigger.kind,
          key: key(pb),
          note: null,
          actorId: null,
          auto: true,
        });
        if (r?.run) started++;
      } catch (err) {
        this.logger.error(`playbook ${pb.id} for account ${accountId} failed: ${(err as Error).message}`);
      }
    }
    return started;
  }

  /**
   * Event work runs one item at a time per instance (a nightly recompute can emit thousands of events; they
   * must not take every pooled connection from API requests). Failures are logged, never thrown at the emitter.
   */
  private serial(what: string, fn: () => Promise<unknown>): Promise<void> {
    const run = () => {
      if (!this.background.closing) return fn();
      this.dropped++;
      return undefined;
    };
    this.queue = this.queue.then(run).then(
      () => undefined,
      (err) => this.fail(what, err),
    );
    return this.background.track(this.queue);
  }

  /**
   * At shutdown the item being handled finishes (at most 15 s) before the pool closes; items still queued are
   * not started, and their number is logged (they would otherwise each fail on the closed pool).
   */
  async onModuleDestroy(): Promise<void> {
    if (!(await this.background.drain(SHUTDOWN_WAIT_MS)))
      this.logger.warn(`shutdown: playbook event work still running after ${SHUTDOWN_WAIT_MS / 1000} s`);
    if (this.dropped) this.logger.warn(`shutdown: ${this.dropped} queued playbook event(s) not handled`);
  }

  @OnEvent(DOMAIN_EVENTS.accountCreated)
  onAccountCreated(e: AccountCreatedEvent): Promise<void> {
    return this.serial('account.created', () =>
      this.fireAll(
        ['ACCOUNT_CREATED'],
        e.accountId,
        () => true,
        () => triggerKey('ACCOUNT_CREATED', {}),
      ),
    );
  }

  @OnEvent(DOMAIN_EVENTS.accountChurned)
  onAccountChurned(e: AccountChurnedEvent): Promise<void> {
    return this.serial('account.churned', async () => {
      const churnedAt = new Date(e.churnedAt);
      await this.db.transaction((em) =>
        this.webhooks.enqueue(em, WebhookEvent.ACCOUNT_CHURNED, [{ accountId: e.accountId, churnedAt }]),
      );
      this.webhooks.kick();
      await this.fireAll(
        ['ACCOUNT_CHURNED'],
        e.accountId,
        () => true,
        () => triggerKey('ACCOUNT_CHURNED', { churnedAt }),
      );
    });
  }

  @OnEvent(DOMAIN_EVENTS.feedbackRecorded)
  onFeedback(e: FeedbackRecordedEvent): Promise<void> {
    if (e.kind !== 'NPS' || e.npsCategory !== 'DETRACTOR') return Promise.resolve();
    return this.serial('feedback.recorded', () =>
      this.fireAll(
        ['NPS_DETRACTOR'],
        e.accountId,
        () => true,
        () => null,
      ),
    );
  }

  @OnEvent(DOMAIN_EVENTS.healthChanged)
  handleHealthChanged(e: HealthChangedEvent): Promise<void> {
    return this.serial('health.changed', () => this.onHealthChanged(e));
  }

  /**
   * health.changed: HEALTH_BAND_CHANGED webhooks, then HEALTH_BAND_ENTERED / FLAG_RAISED / HEALTH_DROP playbooks
   * (HEALTH_DROP reads the account's health_history for its window). Returns the runs started.
   */
  async onHealthChanged(e: HealthChangedEvent): Promise<number> {
    if (e.oldBand && e.oldBand !== e.newBand) {
      await this.db.transaction((em) =>
        this.webhooks.enqueue(em, WebhookEvent.HEALTH_BAND_CHANGED, [
          {
            accountId: e.accountId,
            oldBand: e.oldBand,
            newBand: e.newBand,
            oldScore: e.oldScore,
            newScore: e.newScore,
            computedAt: e.computedAt,
          },
        ]),
      );
      this.webhooks.kick();
    }
    const pbs = await this.playbooks.enabledWith(['HEALTH_BAND_ENTERED', 'FLAG_RAISED', 'HEALTH_DROP']);
    if (!pbs.length) return 0;
    const at = new Date(e.computedAt);
    let history: ScorePoint[] = [];
    const windows = pbs
      .filter((p) => p.trigger.kind === PlaybookTriggerKind.HEALTH_DROP)
      .map((p) => p.trigger.days ?? 0);
    if (windows.length) {
      const rows: Array<{ day: string; score: number | null }> = await this.db.query(
        `SELECT to_char(day, 'YYYY-MM-DD') AS day, score FROM health_history
          WHERE account_id = $1 AND day >= ($2::timestamptz)::date - $3::int AND day <= ($2::timestamptz)::date`,
        [e.accountId, at, Math.max(...windows)],
      );
      history = rows.map((r) => ({
        at: new Date(`${r.day}T00:00:00Z`),
        score: r.score === null ? null : Number(r.score),
      }));
    }
    return this.fireAll(
      ['HEALTH_BAND_ENTERED', 'FLAG_RAISED', 'HEALTH_DROP'],
      e.accountId,
      (pb) => healthTriggerFires(pb.trigger, e, history, at),
      () => null,
    );
  }

  /** risk.scored: RISK_ABOVE fires for accounts whose probability crossed the playbook's threshold. */
  @OnEvent(DOMAIN_EVENTS.riskScored)
  onRiskScored(e: RiskScoredEvent): Promise<void> {
    return this.serial('risk.scored', () => this.riskScored(e));
  }

  async riskScored(e: RiskScoredEvent): Promise<void> {
    const pbs = await this.playbooks.enabledWith(['RISK_ABOVE']);
    if (!pbs.length || !e.accountIds.length) return;
    const risks: Array<{ account_id: string; probability: number }> = await this.db.query(
      `SELECT account_id, probability FROM account_risk WHERE account_id = ANY($1::uuid[])`,
      [e.accountIds],
    );
    for (const pb of pbs) {
      const prev: Array<{ account_id: string; holding: boolean }> = await this.db.query(
        `SELECT account_id, holding FROM playbook_condition_state WHERE playbook_id = $1 AND account_id = ANY($2::uuid[])`,
        [pb.id, e.accountIds],
      );
      const before = new Map(prev.map((r) => [r.account_id, r.holding]));
      const states = risks.map((r) => ({
        accountId: r.account_id,
        ...riskAboveEntered(before.get(r.account_id) ?? null, Number(r.probability), pb.trigger.probability ?? 1),
      }));
      await this.db.query(
        `INSERT INTO playbook_condition_state (account_id, playbook_id, holding)
         SELECT a, $1, h FROM unnest($2::uuid[], $3::bool[]) AS t(a, h)
         ON CONFLICT (account_id, playbook_id) DO UPDATE SET holding = EXCLUDED.holding,
           changed_at = CASE WHEN playbook_condition_state.holding <> EXCLUDED.holding THEN now() ELSE playbook_condition_state.changed_at END`,
        [pb.id, states.map((s) => s.accountId), states.map((s) => s.holding)],
      );
      for (const s of states.filter((x) => x.fires)) {
        await this.attempt(pb, s.accountId, {
          triggerKind: 'RISK_ABOVE',
          key: null,
          note: null,
          actorId: null,
          auto: true,
        }).catch((err) => this.fail('risk.scored', err));
      }
    }
  }

  private fail(what: string, err: unknown): void {
    this.logger.error(`playbooks: handling ${what} failed: ${(err as Error)?.message ?? String(err)}`);
  }

  /** Daily at 04:30 UTC. Safe on several instances: once-only keys and the per-account lock prevent doubles. */
  @Cron('30 4 * * *', { timeZone: 'UTC' })
  async daily(): Promise<void> {
    await this.sweep(new Date()).catch((err) => this.fail('daily sweep', err));
  }

  /**
   * The daily sweep as of `asOf`: RENEWAL_WITHIN (once per renewal date), CHURNED_FOR (once per churn, within
   * a 30-day grace after entering), then the 90-day outcomes. Returns the runs started.
   */
  async sweep(asOf: Date): Promise<number> {
    // One sweep at a time across instances (job_runs traces it); a second caller waits, then finds nothing left.
    const r = await runExclusive(this.db, 'playbook-sweep', () => this.sweepNow(asOf), { wait: true });
    return r.ran ? r.result : 0;
  }

  private async sweepNow(asOf: Date): Promise<number> {
    let started = 0;
    const today = asOf.toISOString().slice(0, 10);
    for (const pb of await this.playbooks.enabledWith(['RENEWAL_WITHIN'])) {
      const days = pb.trigger.days ?? 0;
      const rows: Array<{ id: string; rd: string }> = await this.db.query(
        `SELECT a.id, to_char(a.renewal_date, 'YYYY-MM-DD') AS rd FROM accounts a
          WHERE a.status = 'ACTIVE' AND a.renewal_date BETWEEN $1::date AND $1::date + $2::int
            AND ($3::text IS NULL OR a.segment = $3)
            AND NOT EXISTS (SELECT 1 FROM playbook_runs r WHERE r.account_id = a.id AND r.playbook_id = $4
                              AND r.trigger_key = 'renewal:' || to_char(a.renewal_date, 'YYYY-MM-DD'))
          ORDER BY a.id`,
        [today, days, pb.segment, pb.id],
      );
      for (const r of rows) {
        if (!renewalWithin(r.rd, today, days)) continue;
        started += await this.sweepAttempt(
          pb,
          r.id,
          'RENEWAL_WITHIN',
          triggerKey('RENEWAL_WITHIN', { renewalDate: r.rd }),
        );
      }
    }
    for (const pb of await this.playbooks.enabledWith(['CHURNED_FOR'])) {
      const days = pb.trigger.days ?? 0;
      const rows: Array<{ id: string; churned_at: Date }> = await this.db.query(
        `SELECT a.id, a.churned_at FROM accounts a
          WHERE a.status = 'CHURNED' AND a.churned_at <= $1::timestamptz - make_interval(days => $2::int)
            AND a.churned_at > $1::timestamptz - make_interval(days => $2::int + $3::int)
            AND ($4::text IS NULL OR a.segment = $4)
          ORDER BY a.id`,
        [asOf, days, CHURNED_FOR_GRACE_DAYS, pb.segment],
      );
      for (const r of rows) {
        if (!churnedFor(r.churned_at, asOf, days)) continue;
        started += await this.sweepAttempt(
          pb,
          r.id,
          'CHURNED_FOR',
          triggerKey('CHURNED_FOR', { churnedAt: r.churned_at }),
        );
      }
    }
    await this.decideOutcomes(asOf);
    return started;
  }

  private async sweepAttempt(
    pb: PlaybookRow,
    accountId: string,
    kind: TriggerKind,
    key: string | null,
  ): Promise<number> {
    try {
      const r = await this.attempt(pb, accountId, { triggerKind: kind, key, note: null, actorId: null, auto: true });
      return r?.run ? 1 : 0;
    } catch (err) {
      this.fail(`sweep ${kind}`, err);
      return 0;
    }
  }

  /** Runs started ≥ 90 days before asOf get their outcome; runs still open then are ended (open tasks cancelled). */
  async decideOutcomes(asOf: Date): Promise<number> {
    return this.db.transaction(async (em) => {
      const rows: Array<{
        account_id: string;
        id: string;
        status: string;
        account_status: string;
        band: string | null;
      }> = await em.query(
        `SELECT r.account_id, r.id, r.status, a.status AS account_status, COALESCE(ho.band, h.band) AS band
           FROM playbook_runs r
           JOIN accounts a ON a.id = r.account_id
           LEFT JOIN health_current h ON h.account_id = r.account_id
           LEFT JOIN health_overrides ho ON ho.account_id = r.account_id AND ho.cleared_at IS NULL AND ho.expires_at > now()
          WHERE r.status <> 'SUPPRESSED' AND r.outcome IS NULL AND r.started_at <= $1::timestamptz - make_interval(days => $2::int)
          FOR UPDATE OF r SKIP LOCKED`,
        [asOf, OUTCOME_AFTER_DAYS],
      );
      if (!rows.length) return 0;
      await em.query(
        `UPDATE playbook_runs r SET outcome = t.o, outcome_at = now(),
                status = 'ENDED', ended_at = COALESCE(r.ended_at, now())
           FROM unnest($1::uuid[], $2::uuid[], $3::text[]) AS t(a, i, o)
          WHERE r.account_id = t.a AND r.id = t.i`,
        [rows.map((r) => r.account_id), rows.map((r) => r.id), rows.map((r) => runOutcome(r.account_status, r.band))],
      );
      await em.query(
        `UPDATE tasks t SET status = 'CANCELLED', note = COALESCE(t.note, 'cancelled: the run ended at 90 days')
           FROM unnest($1::uuid[], $2::uuid[]) AS x(a, i)
          WHERE t.account_id = x.a AND t.playbook_run_id = x.i AND t.status = 'OPEN'`,
        [rows.map((r) => r.account_id), rows.map((r) => r.id)],
      );
      return rows.length;
    });
  }

  /** Ends a run now (open tasks cancelled) and/or records its outcome by hand. */
  async close(p: Principal, id: string, outcome: PlaybookRunOutcome | null | undefined): Promise<RunRow> {
    return this.db.transaction(async (em) => {
      const owner = bookOwnerFilter(p);
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
    const page = readPageArgs(first, after);
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
      const [at, rid] = page.after;
      if (typeof at !== 'string' || Number.isNaN(Date.parse(at)) || typeof rid !== 'string' || !UUID_RE.test(rid))
        throw AppError.badInput('after', 'is not a valid cursor');
      params.push(at, rid);
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
