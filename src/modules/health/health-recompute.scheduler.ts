import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { OnEvent } from '@nestjs/event-emitter';
import { Cron } from '@nestjs/schedule';
import { DataSource } from 'typeorm';
import { DOMAIN_EVENTS } from '../../common/events/domain-events';
import { rowsOf } from '../../database/query-result';
import { markInterrupted } from '../../database/job-runs';
import { UUID_RE } from '../../core/ids';
import { FULL_HEALTH_JOB, HealthRecomputer } from './health-recompute.service';
import { ScorecardsService } from './scorecards.service';
import { HEALTH_EVENTS } from './health.events';
import { AppConfig } from '../../config/config';
import { InjectConfig } from '../../config/config.module';

/**
 * When health is recomputed: accounts marked dirty by domain events (debounced; the queue is kept in
 * PostgreSQL so any instance drains it), a full recompute after a scorecard save, nightly, and on start-up
 * when a full recompute was interrupted by a stopped instance.
 */
@Injectable()
export class HealthRecomputeScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Health');
  private debounce: NodeJS.Timeout | null = null;
  private poller: NodeJS.Timeout | null = null;
  private draining: Promise<void> | null = null;
  private readonly debounceMs: number;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly scorecards: ScorecardsService,
    private readonly recomputer: HealthRecomputer,
    @InjectConfig() config: AppConfig,
  ) {
    this.debounceMs = config.HEALTH_DEBOUNCE_MS;
  }

  async onApplicationBootstrap(): Promise<void> {
    // Recomputes need a scorecard: the default one exists before any is scheduled.
    await this.scorecards.ensureDefaultScorecard();
    // Dirty accounts left by another instance or a crash are picked up within seconds.
    this.poller = setInterval(() => void this.drainDirty(), Math.max(5000, this.debounceMs * 4));
    this.poller.unref();
    // A full recompute interrupted by a crash (its job_runs row still RUNNING, nobody holding the lock) resumes now.
    void markInterrupted(this.db, FULL_HEALTH_JOB)
      .then((n) => {
        if (n) {
          this.logger.warn(`resuming a full health recompute interrupted by a stopped instance`);
          this.kickFullRecompute();
        }
      })
      .catch((err) => this.logger.warn(`could not check interrupted health recomputes: ${String(err)}`));
  }

  onModuleDestroy(): void {
    if (this.debounce) clearTimeout(this.debounce);
    if (this.poller) clearInterval(this.poller);
  }

  @OnEvent(DOMAIN_EVENTS.signalsIngested)
  @OnEvent(DOMAIN_EVENTS.mrrChanged)
  async onAccountsChanged(event: { accountIds: string[] }): Promise<void> {
    await this.markDirty(event.accountIds);
  }

  @OnEvent(DOMAIN_EVENTS.feedbackRecorded)
  async onFeedback(event: { accountId: string }): Promise<void> {
    await this.markDirty([event.accountId]);
  }

  @OnEvent(DOMAIN_EVENTS.accountCreated)
  async onCreated(event: { accountId: string }): Promise<void> {
    await this.markDirty([event.accountId]);
  }

  /**
   * A full recompute after a scorecard save, in the background. If a full recompute is already running
   * (here or on another instance) it may have read the old scorecard, so this one waits and runs after it.
   */
  @OnEvent(HEALTH_EVENTS.scorecardSaved)
  onScorecardSaved(): void {
    this.kickFullRecompute();
  }

  /** Nightly full recompute at 02:00 UTC; an advisory lock keeps two instances from running it at once. */
  @Cron('0 2 * * *', { timeZone: 'UTC' })
  async nightly(): Promise<void> {
    await this.recomputer
      .recomputeAllLocked()
      .catch((err) => this.logger.error(`nightly health recompute failed: ${String(err)}`));
  }

  /** Marks accounts for the debounced rescan (kept in PostgreSQL so any instance can pick them up). */
  async markDirty(accountIds: string[]): Promise<void> {
    const ids = [...new Set(accountIds)].filter((id) => UUID_RE.test(id));
    if (!ids.length) return;
    try {
      await this.db.query(
        `INSERT INTO health_dirty (account_id) SELECT unnest($1::uuid[]) ON CONFLICT (account_id) DO UPDATE SET marked_at = now()`,
        [ids],
      );
    } catch (err) {
      this.logger.error(`could not mark accounts dirty: ${String(err)}`);
      return;
    }
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = setTimeout(() => void this.drainDirty(), this.debounceMs);
    this.debounce.unref();
  }

  /**
   * Takes the dirty accounts and recomputes them. The claim is a row lock held until the recompute is stored
   * (SKIP LOCKED, so instances never share work): if the instance dies half-way the rows stay dirty and the
   * next pass, here or on another instance, does them; a marking during the recompute waits and stays dirty.
   */
  async drainDirty(): Promise<void> {
    if (this.draining) return this.draining;
    this.draining = (async () => {
      const qr = this.db.createQueryRunner();
      try {
        await qr.connect();
        for (;;) {
          await qr.startTransaction();
          try {
            const rows = rowsOf<{ account_id: string }>(
              await qr.query(
                `SELECT account_id FROM health_dirty ORDER BY marked_at LIMIT 5000 FOR UPDATE SKIP LOCKED`,
              ),
            );
            if (!rows.length) {
              await qr.commitTransaction();
              break;
            }
            const ids = rows.map((r) => r.account_id);
            await this.recomputer.recompute(ids);
            await qr.query(`DELETE FROM health_dirty WHERE account_id = ANY($1::uuid[])`, [ids]);
            await qr.commitTransaction();
          } catch (err) {
            // Rolled back: the claimed accounts stay dirty, the next pass retries; nothing is lost.
            await qr.rollbackTransaction().catch(() => undefined);
            throw err;
          }
        }
      } catch (err) {
        this.logger.error(`health rescan failed: ${String(err)}`);
      } finally {
        await qr.release().catch(() => undefined);
        this.draining = null;
      }
    })();
    return this.draining;
  }

  /** A full recompute in the background; while one is running anywhere, retried every 0.5 s (up to a minute). */
  private kickFullRecompute(): void {
    const attempt = async (n: number): Promise<void> => {
      const done = await this.recomputer.recomputeAllLocked();
      if (done === null && n < 120)
        setTimeout(() => void attempt(n + 1).catch((err) => this.logger.error(String(err))), 500).unref();
    };
    setTimeout(
      () => void attempt(0).catch((err) => this.logger.error(`recompute after scorecard save failed: ${String(err)}`)),
      10,
    ).unref();
  }
}
