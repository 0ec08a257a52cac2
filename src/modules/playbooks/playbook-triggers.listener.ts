import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { OnEvent } from '@nestjs/event-emitter';
import { DataSource } from 'typeorm';
import { SerialWork } from '../../common/background/serial-work';
import { SHUTDOWN_WAIT_MS } from '../../common/background/background-work';
import {
  AccountChurnedEvent,
  AccountCreatedEvent,
  DOMAIN_EVENTS,
  FeedbackRecordedEvent,
  HealthChangedEvent,
  RiskScoredEvent,
} from '../../common/events/domain-events';
import { healthTriggerFires, riskAboveEntered, ScorePoint, TriggerKind, triggerKey } from '../../core/playbooks';
import { PlaybooksService } from './playbooks.service';
import { PlaybookRow, PlaybookTriggerKind } from './playbooks.models';
import { PlaybookRunStarter } from './playbook-run-starter.service';

/**
 * Event-driven triggers: domain events (account created or churned, NPS detractor, health changed, risk scored)
 * start the enabled playbooks whose trigger fires, one event at a time per instance.
 */
@Injectable()
export class PlaybookTriggerListener implements OnModuleDestroy {
  private readonly logger = new Logger('Playbooks');
  /** Event work; at shutdown the item in progress is waited for and queued ones are not started (the pool is about to close). */
  private readonly work = new SerialWork((what, err) => this.fail(what, err));

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly playbooks: PlaybooksService,
    private readonly starter: PlaybookRunStarter,
  ) {}

  /**
   * At shutdown the item being handled finishes (at most 15 s) before the pool closes; items still queued are
   * not started, and their number is logged (they would otherwise each fail on the closed pool).
   */
  async onModuleDestroy(): Promise<void> {
    const { settled, dropped } = await this.work.drain(SHUTDOWN_WAIT_MS);
    if (!settled) this.logger.warn(`shutdown: playbook event work still running after ${SHUTDOWN_WAIT_MS / 1000} s`);
    if (dropped) this.logger.warn(`shutdown: ${dropped} queued playbook event(s) not handled`);
  }

  @OnEvent(DOMAIN_EVENTS.accountCreated)
  onAccountCreated(e: AccountCreatedEvent): Promise<void> {
    return this.work.run('account.created', () =>
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
    const churnedAt = new Date(e.churnedAt);
    return this.work.run('account.churned', () =>
      this.fireAll(
        ['ACCOUNT_CHURNED'],
        e.accountId,
        () => true,
        () => triggerKey('ACCOUNT_CHURNED', { churnedAt }),
      ),
    );
  }

  @OnEvent(DOMAIN_EVENTS.feedbackRecorded)
  onFeedback(e: FeedbackRecordedEvent): Promise<void> {
    if (e.kind !== 'NPS' || e.npsCategory !== 'DETRACTOR') return Promise.resolve();
    return this.work.run('feedback.recorded', () =>
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
    return this.work.run('health.changed', () => this.onHealthChanged(e));
  }

  /** risk.scored: RISK_ABOVE fires for accounts whose probability crossed the playbook's threshold. */
  @OnEvent(DOMAIN_EVENTS.riskScored)
  onRiskScored(e: RiskScoredEvent): Promise<void> {
    return this.work.run('risk.scored', () => this.riskScored(e));
  }

  /**
   * health.changed: HEALTH_BAND_ENTERED / FLAG_RAISED / HEALTH_DROP playbooks (HEALTH_DROP reads the account's
   * health_history for its window). Returns the runs started.
   */
  async onHealthChanged(e: HealthChangedEvent): Promise<number> {
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
        await this.starter
          .attempt(pb, s.accountId, {
            triggerKind: 'RISK_ABOVE',
            key: null,
            note: null,
            actorId: null,
            auto: true,
          })
          .catch((err) => this.fail('risk.scored', err));
      }
    }
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
        const r = await this.starter.attempt(pb, accountId, {
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

  private fail(what: string, err: unknown): void {
    this.logger.error(`playbooks: handling ${what} failed: ${(err as Error)?.message ?? String(err)}`);
  }
}
