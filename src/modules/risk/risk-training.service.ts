import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Cron, CronExpression } from '@nestjs/schedule';
import { DataSource } from 'typeorm';
import { BackgroundWork, SHUTDOWN_WAIT_MS } from '../../common/background/background-work';
import { AppError } from '../../common/errors/app-error';
import { trainChurnModel, TrainingOutcome, TrainingSnapshot } from '../../core/risk';
import { completeSnapshotDays, monthlySnapshotDays } from '../../core/risk/account-features';
import { markInterrupted, runExclusive } from '../../database/job-runs';
import { RiskFeaturesService } from './risk-features.service';
import { DEFAULT_HORIZON_DAYS, mapModelRow, RiskModelRow, RiskModelsService } from './risk-models.service';
import { RiskScoringService } from './risk-scoring.service';

/** One trainer at a time across instances: job `risk-training` (advisory lock, runs traced in job_runs). */
export const TRAIN_JOB = 'risk-training';
const L2 = 20;

/**
 * Training of the churn model in the background: gathers the labelled monthly snapshots of the book, hands them
 * to the pure pipeline (core/risk/training.ts), stores and activates the outcome, then rescores the book.
 */
@Injectable()
export class RiskTrainingService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Risk');
  private readonly background = new BackgroundWork((err) =>
    this.logger.error(`risk training failed: ${err instanceof Error ? err.stack : String(err)}`),
  );

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly features: RiskFeaturesService,
    private readonly models: RiskModelsService,
    private readonly scoring: RiskScoringService,
  ) {}

  private get closing(): boolean {
    return this.background.closing;
  }

  /** Trainings left TRAINING by a stopped instance are marked FAILED (only when nobody is training now). */
  async onApplicationBootstrap(): Promise<void> {
    try {
      await markInterrupted(this.db, TRAIN_JOB, async (query) => {
        await query(
          `UPDATE risk_models SET status = 'FAILED', note = 'interrupted (the service stopped while training)', trained_at = now() WHERE status = 'TRAINING'`,
        );
      });
    } catch (err) {
      this.logger.warn(`could not check interrupted risk trainings: ${String(err)}`);
    }
  }

  /** A training in progress sees `closing` and stops at its next step; it is waited for (≤ 15 s). */
  async onModuleDestroy(): Promise<void> {
    if (!(await this.background.drain(SHUTDOWN_WAIT_MS)))
      this.logger.warn(`shutdown: risk training still running after ${SHUTDOWN_WAIT_MS / 1000} s`);
  }

  /**
   * Creates a TRAINING model row and returns it at once; training, evaluation, activation and scoring
   * continue in the background (waiting for any training already running on any instance).
   */
  async requestTraining(horizonDays: number, userId: string | null): Promise<RiskModelRow> {
    if (!Number.isInteger(horizonDays) || horizonDays < 1 || horizonDays > 730)
      throw AppError.badInput('horizonDays', 'must be an integer between 1 and 730');
    const [row] = await this.db.query(
      `INSERT INTO risk_models (status, horizon_days, requested_by) VALUES ('TRAINING', $1, $2) RETURNING *`,
      [horizonDays, userId],
    );
    void this.background.track(this.runTraining(row.id, horizonDays));
    return mapModelRow(row);
  }

  /** Weekly retraining; skipped when another instance is training right now. */
  @Cron(CronExpression.EVERY_WEEK)
  async scheduledTraining(): Promise<void> {
    const horizon = (await this.models.activeModel())?.horizonDays ?? DEFAULT_HORIZON_DAYS;
    const r = await runExclusive(this.db, TRAIN_JOB, async () => {
      const [row] = await this.db.query(
        `INSERT INTO risk_models (status, horizon_days) VALUES ('TRAINING', $1) RETURNING id`,
        [horizon],
      );
      await this.trainAndActivate(row.id, horizon);
    });
    if (!r.ran) this.logger.log('scheduled risk training skipped: another instance is training');
  }

  /**
   * Waits for the lock by polling (a blocking pg_advisory_lock would hit statement_timeout behind a long
   * training and leave this row TRAINING), then trains.
   */
  private async runTraining(id: string, horizonDays: number): Promise<void> {
    await new Promise((r) => setImmediate(r)); // after the response
    const r = await runExclusive(this.db, TRAIN_JOB, () => this.trainAndActivate(id, horizonDays), {
      wait: true,
      pollMs: 250,
      cancelled: () => this.closing,
    });
    if (!r.ran) {
      await this.db.query(
        `UPDATE risk_models SET status = 'FAILED', trained_at = now(), note = $2 WHERE id = $1 AND status = 'TRAINING'`,
        [
          id,
          this.closing
            ? 'not started: the service stopped first'
            : 'not started: another training held the lock too long',
        ],
      );
    }
  }

  private async trainAndActivate(id: string, horizonDays: number): Promise<void> {
    const started = Date.now();
    let outcome: TrainingOutcome;
    try {
      outcome = await this.train(horizonDays);
    } catch (err) {
      // Stopped on purpose by a shutdown: a warning, not an error (the row says so; a later training replaces it).
      if (this.closing) this.logger.warn(`risk training ${id} stopped: the service is shutting down`);
      else this.logger.error(`risk training ${id} failed: ${err instanceof Error ? err.stack : String(err)}`);
      await this.db.query(`UPDATE risk_models SET status = 'FAILED', trained_at = now(), note = $2 WHERE id = $1`, [
        id,
        `training failed: ${String(err)}`.slice(0, 2000),
      ]);
      return;
    }
    await this.db.transaction(async (em) => {
      await em.query(`UPDATE risk_models SET status = 'RETIRED' WHERE status = 'ACTIVE' AND id <> $1`, [id]);
      await em.query(
        `UPDATE risk_models SET status = 'ACTIVE', method = $2, trained_at = now(), training_rows = $3, positives = $4, churn_events = $5,
                auc = $6, pr_auc = $7, brier = $8, calibration = $9::jsonb, evaluation = $10::jsonb, model = $11::jsonb, note = $12
          WHERE id = $1`,
        [
          id,
          outcome.method,
          outcome.trainingRows,
          outcome.positives,
          outcome.churnEvents,
          outcome.auc,
          outcome.prAuc,
          outcome.brier,
          JSON.stringify(outcome.calibration),
          JSON.stringify(outcome.evaluation),
          outcome.model ? JSON.stringify(outcome.model) : null,
          outcome.note,
        ],
      );
    });
    const warnings = outcome.evaluation.warnings.length;
    this.logger.log(
      `risk model ${id} active: ${outcome.method}, ${outcome.trainingRows} rows, ${outcome.churnEvents} churn events, AUC ${outcome.auc ?? '-'}, ${warnings} warning(s) (${Date.now() - started} ms)`,
    );
    if (!this.closing) await this.scoring.scoreAll();
  }

  /** Gathers the labelled snapshots (one feature query per monthly snapshot day) and trains. Writes nothing. */
  async train(horizonDays: number, now = new Date()): Promise<TrainingOutcome> {
    const [{ first }] = await this.db.query(`SELECT min(effective_at) AS first FROM mrr_movements`);
    const ctx = await this.features.context();
    const days = first ? completeSnapshotDays(monthlySnapshotDays(new Date(first), now), horizonDays, now) : [];
    const snapshots: TrainingSnapshot[] = [];
    for (const day of days) {
      if (this.closing) throw new Error('service is shutting down');
      for (const f of await this.features.featuresAt(new Date(`${day}T00:00:00Z`), horizonDays, null, false, ctx))
        snapshots.push({ day, row: f.row, churnEvent: f.churnEvent, accountId: f.accountId });
    }
    return trainChurnModel(snapshots, { horizonDays, days, l2: L2 });
  }
}
