import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';
import { Cron, CronExpression } from '@nestjs/schedule';
import { DataSource } from 'typeorm';
import { BackgroundWork, SHUTDOWN_WAIT_MS } from '../../common/background/background-work';
import { loadConfig } from '../../config/config';
import { AppError } from '../../common/errors/app-error';
import {
  brierScore,
  calibrationTable,
  CalibrationBin,
  explainRisk,
  FeatureRow,
  fitRiskModel,
  MIN_EVENTS_FOR_MODEL,
  predictRiskBatch,
  prAuc,
  riskBand,
  RiskCutoffs,
  RiskModel,
  rocAuc,
  shouldUseHeuristic,
} from '../../core/risk';
import {
  ACCOUNT_FEATURE_SPEC,
  ACCOUNT_NUMERIC_FEATURES,
  accountHeuristic,
  completeSnapshotDays,
  monthlySnapshotDays,
  snapshotHoldout,
} from '../../core/risk/account-features';
import { AccountFeatures, FeatureSources, featureQuery, mapFeatureRow, SOURCE_CHECK_SQL } from './risk-features.sql';
import { RISK_EVENTS, RiskScoredEvent } from './risk.events';
import { runExclusive } from '../../database/job-runs';
import { UUID_RE } from '../../core/ids';
import { preparedRead, runPreparedRead } from '../../common/database/prepared-read';

export const DEFAULT_HORIZON_DAYS = 90;
/** One trainer at a time across instances: advisory lock `vitals:risk-training`, runs traced in job_runs. */
const TRAIN_JOB = 'risk-training';
const TRAIN_LOCK = `hashtext('vitals:${TRAIN_JOB}')`;
const SCORE_LOCK = `hashtext('vitals:risk-scoring')`;
const L2 = 1;

export interface RiskModelRow {
  id: string;
  version: number;
  status: 'TRAINING' | 'ACTIVE' | 'RETIRED' | 'FAILED';
  method: 'LOGISTIC' | 'HEURISTIC' | null;
  horizonDays: number;
  startedAt: Date;
  trainedAt: Date | null;
  trainingRows: number | null;
  positives: number | null;
  churnEvents: number | null;
  auc: number | null;
  prAuc: number | null;
  brier: number | null;
  calibration: CalibrationBin[];
  coefficients: Array<{ feature: string; coefficient: number; mean: number | null; std: number | null }>;
  testRows: number | null;
  testPositives: number | null;
  testDays: string[];
  note: string | null;
  model: RiskModel | null;
}

export interface AccountRiskRow {
  accountId: string;
  probability: number;
  band: 'LOW' | 'MEDIUM' | 'HIGH';
  drivers: Array<{ feature: string; value: number | null; contribution: number }>;
  modelVersion: number | null;
  method: 'LOGISTIC' | 'HEURISTIC';
  computedAt: Date;
}

interface TrainingOutcome {
  method: 'LOGISTIC' | 'HEURISTIC';
  trainingRows: number;
  positives: number;
  churnEvents: number;
  auc: number | null;
  prAuc: number | null;
  brier: number | null;
  calibration: CalibrationBin[];
  evaluation: { testRows: number; testPositives: number; testDays: string[]; trainDays: string[] } | null;
  model: RiskModel | null;
  note: string | null;
}

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

function mapModelRow(r: Record<string, any>): RiskModelRow {
  const model: RiskModel | null = r.model ?? null;
  const coefficients = model
    ? [
        { feature: '(intercept)', coefficient: model.intercept, mean: null, std: null },
        ...model.columns.map((c, j) => ({
          feature: c.name,
          coefficient: model.coefficients[j],
          mean: c.kind === 'numeric' ? model.means[c.source] : null,
          std: c.kind === 'numeric' ? model.stds[c.source] : null,
        })),
      ]
    : [];
  const ev = r.evaluation ?? null;
  return {
    id: r.id,
    version: r.version,
    status: r.status,
    method: r.method,
    horizonDays: r.horizon_days,
    startedAt: r.started_at,
    trainedAt: r.trained_at,
    trainingRows: r.training_rows,
    positives: r.positives,
    churnEvents: r.churn_events,
    auc: r.auc,
    prAuc: r.pr_auc,
    brier: r.brier,
    calibration: r.calibration ?? [],
    coefficients,
    testRows: ev?.testRows ?? null,
    testPositives: ev?.testPositives ?? null,
    testDays: ev?.testDays ?? [],
    note: r.note,
    model,
  };
}

/**
 * Churn-risk model: training on monthly as-of snapshots of the book (background, one trainer at a time
 * across instances via a PostgreSQL advisory lock), evaluation on a time-based holdout, and set-based
 * scoring of every active account into `account_risk`.
 */
/** The current churn risk of a DataLoader batch of accounts. */
export const RISK_FOR = preparedRead(
  'risk_for',
  `SELECT account_id, probability, band, drivers, model_version, method, computed_at FROM account_risk WHERE account_id = ANY($1::uuid[])`,
);

@Injectable()
export class RiskService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Risk');
  private readonly cutoffs: RiskCutoffs = loadConfig().RISK_CUTOFFS;
  private readonly background = new BackgroundWork((err) =>
    this.logger.error(`risk background work failed: ${err instanceof Error ? err.stack : String(err)}`),
  );
  private rescoreTimer: NodeJS.Timeout | null = null;

  private get closing(): boolean {
    return this.background.closing;
  }

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly events: EventEmitter2,
  ) {}

  /** Training rows left TRAINING by a crashed instance are marked FAILED (only if nobody holds the lock). */
  async onApplicationBootstrap(): Promise<void> {
    const qr = this.db.createQueryRunner();
    try {
      await qr.connect();
      const [{ ok }] = await qr.query(`SELECT pg_try_advisory_lock(${TRAIN_LOCK}) AS ok`);
      if (ok) {
        try {
          await qr.query(
            `UPDATE risk_models SET status = 'FAILED', note = 'interrupted (the service stopped while training)', trained_at = now() WHERE status = 'TRAINING'`,
          );
          await qr.query(
            `UPDATE job_runs SET status = 'INTERRUPTED', finished_at = clock_timestamp(), detail = 'the instance stopped while running' WHERE job = $1 AND status = 'RUNNING'`,
            [TRAIN_JOB],
          );
        } finally {
          await qr.query(`SELECT pg_advisory_unlock(${TRAIN_LOCK})`);
        }
      }
    } catch (err) {
      this.logger.warn(`could not check interrupted risk trainings: ${String(err)}`);
    } finally {
      await qr.release();
    }
  }

  /** A training or rescore in progress sees `closing` and stops at its next step; it is waited for (≤ 15 s). */
  async onModuleDestroy(): Promise<void> {
    if (this.rescoreTimer) clearTimeout(this.rescoreTimer);
    if (!(await this.background.drain(SHUTDOWN_WAIT_MS)))
      this.logger.warn(`shutdown: risk background work still running after ${SHUTDOWN_WAIT_MS / 1000} s`);
  }

  private track<T>(p: Promise<T>): void {
    void this.background.track(p);
  }

  // ---------------------------------------------------------------- features

  async sources(): Promise<FeatureSources> {
    const [r] = await this.db.query(SOURCE_CHECK_SQL);
    return {
      signals: r.signals,
      feedback: r.feedback,
      healthHistory: r.health_history,
      healthCurrent: r.health_current,
    };
  }

  /** Features of the accounts active at t (one query), with labels for the horizon. */
  async featuresAt(
    t: Date,
    horizonDays: number,
    accountIds: string[] | null,
    live: boolean,
    src?: FeatureSources,
  ): Promise<AccountFeatures[]> {
    const sql = featureQuery(src ?? (await this.sources()), { live });
    const rows = await this.db.query(sql, [t.toISOString(), horizonDays, accountIds]);
    return rows.map(mapFeatureRow);
  }

  /** ADMIN/test view of one account's features as of a moment. */
  async featuresOf(accountId: string, asOf: Date, horizonDays: number) {
    if (!UUID_RE.test(accountId)) throw AppError.badInput('accountId', 'must be an account id');
    const [acc] = await this.db.query(`SELECT id, segment FROM accounts WHERE id = $1`, [accountId]);
    if (!acc) throw AppError.notFound('Account', accountId);
    const [found] = await this.featuresAt(asOf, horizonDays, [accountId], false);
    return {
      accountId,
      asOf,
      active: !!found,
      segment: acc.segment,
      features: ACCOUNT_NUMERIC_FEATURES.map((name) => ({
        name,
        value: found ? ((found.row[name] as number | null) ?? null) : null,
      })),
      churnedWithinHorizon: found ? found.churnEvent !== null : null,
    };
  }

  // ---------------------------------------------------------------- models

  async models(): Promise<RiskModelRow[]> {
    const rows = await this.db.query(`SELECT * FROM risk_models ORDER BY version DESC`);
    return rows.map(mapModelRow);
  }

  async activeModel(): Promise<RiskModelRow | null> {
    const [r] = await this.db.query(`SELECT * FROM risk_models WHERE status = 'ACTIVE' ORDER BY version DESC LIMIT 1`);
    return r ? mapModelRow(r) : null;
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
    this.track(this.runTraining(row.id, horizonDays, true));
    return mapModelRow(row);
  }

  /** Weekly retraining; skipped when another instance is training right now. */
  @Cron(CronExpression.EVERY_WEEK)
  async scheduledTraining(): Promise<void> {
    const horizon = (await this.activeModel())?.horizonDays ?? DEFAULT_HORIZON_DAYS;
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
  private async runTraining(id: string, horizonDays: number, wait: boolean): Promise<void> {
    await new Promise((r) => setImmediate(r)); // after the response
    const r = await runExclusive(this.db, TRAIN_JOB, () => this.trainAndActivate(id, horizonDays), {
      wait,
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
          outcome.evaluation ? JSON.stringify(outcome.evaluation) : null,
          outcome.model ? JSON.stringify(outcome.model) : null,
          outcome.note,
        ],
      );
    });
    this.logger.log(
      `risk model ${id} active: ${outcome.method}, ${outcome.trainingRows} rows, ${outcome.churnEvents} churn events, AUC ${outcome.auc ?? '-'} (${Date.now() - started} ms)`,
    );
    if (!this.closing) await this.scoreAll();
  }

  /** Builds the snapshots, fits (or falls back to the heuristic) and evaluates. Writes nothing. */
  async train(horizonDays: number, now = new Date()): Promise<TrainingOutcome> {
    const [{ first }] = await this.db.query(`SELECT min(effective_at) AS first FROM mrr_movements`);
    const src = await this.sources();
    const days = first ? completeSnapshotDays(monthlySnapshotDays(new Date(first), now), horizonDays, now) : [];
    const rows: FeatureRow[] = [];
    const labels: number[] = [];
    const rowDays: string[] = [];
    const events = new Set<string>();
    for (const day of days) {
      if (this.closing) throw new Error('service is shutting down');
      for (const f of await this.featuresAt(new Date(`${day}T00:00:00Z`), horizonDays, null, false, src)) {
        rows.push(f.row);
        labels.push(f.churnEvent ? 1 : 0);
        rowDays.push(day);
        if (f.churnEvent) events.add(`${f.accountId}|${f.churnEvent}`);
      }
    }
    const positives = labels.reduce((a, b) => a + b, 0);
    const base = { trainingRows: rows.length, positives, churnEvents: events.size };
    const heuristic = (note: string): TrainingOutcome => {
      const both = positives > 0 && positives < rows.length;
      const p = rows.map((r) => accountHeuristic(r).probability);
      return {
        method: 'HEURISTIC',
        ...base,
        auc: both ? finite(rocAuc(p, labels)) : null,
        prAuc: both ? finite(prAuc(p, labels)) : null,
        brier: rows.length ? brierScore(p, labels) : null,
        calibration: rows.length ? calibrationTable(p, labels, 10) : [],
        evaluation: null,
        model: null,
        note,
      };
    };
    if (events.size < MIN_EVENTS_FOR_MODEL || shouldUseHeuristic(labels)) {
      return heuristic(
        `${events.size} churn events (${positives} positive of ${rows.length} rows over ${days.length} snapshots): at least ${MIN_EVENTS_FOR_MODEL} churn events and ${MIN_EVENTS_FOR_MODEL} non-events are needed; metrics are of the heuristic on all labelled rows`,
      );
    }
    const holdout = snapshotHoldout(days, horizonDays, 3);
    const trainIdx: number[] = [];
    const testIdx: number[] = [];
    if (holdout) {
      const tr = new Set(holdout.trainDays);
      const te = new Set(holdout.testDays);
      rowDays.forEach((d, i) => {
        if (tr.has(d)) trainIdx.push(i);
        if (te.has(d)) testIdx.push(i);
      });
    }
    const pick = <T>(xs: T[], idx: number[]) => idx.map((i) => xs[i]);
    const trainLabels = pick(labels, trainIdx);
    const testLabels = pick(labels, testIdx);
    const testPos = testLabels.reduce((a, b) => a + b, 0);
    if (!holdout || trainLabels.reduce((a, b) => a + b, 0) === 0 || testPos === 0 || testPos === testLabels.length) {
      return heuristic(
        'the time-based holdout has no churn event in its training part or test part; the model cannot be evaluated',
      );
    }
    const evalModel = fitRiskModel(pick(rows, trainIdx), trainLabels, ACCOUNT_FEATURE_SPEC, { l2: L2 });
    const p = predictRiskBatch(evalModel, pick(rows, testIdx));
    // The deployed model is refitted on every labelled snapshot with the same pipeline and penalty.
    const model = fitRiskModel(rows, labels, ACCOUNT_FEATURE_SPEC, { l2: L2 });
    return {
      method: 'LOGISTIC',
      ...base,
      auc: finite(rocAuc(p, testLabels)),
      prAuc: finite(prAuc(p, testLabels)),
      brier: brierScore(p, testLabels),
      calibration: calibrationTable(p, testLabels, 10),
      evaluation: {
        testRows: testIdx.length,
        testPositives: testPos,
        testDays: holdout.testDays,
        trainDays: holdout.trainDays,
      },
      model,
      note: null,
    };
  }

  // ---------------------------------------------------------------- scoring

  /**
   * Scores every account active now with the active model (or the heuristic when the active model is
   * HEURISTIC or there is none yet): one feature query, JS scoring, one bulk upsert; accounts no longer
   * active lose their row. Emits `risk.scored`.
   */
  async scoreAll(): Promise<number> {
    const model = await this.activeModel();
    const horizon = model?.horizonDays ?? DEFAULT_HORIZON_DAYS;
    const features = await this.featuresAt(new Date(), horizon, null, true);
    const ids: string[] = [];
    const probs: number[] = [];
    const bands: string[] = [];
    const drivers: string[] = [];
    const logistic = model?.method === 'LOGISTIC' && model.model ? model.model : null;
    for (const f of features) {
      let p: number;
      let d: AccountRiskRow['drivers'];
      if (logistic) {
        const e = explainRisk(logistic, f.row, 5);
        p = e.probability;
        d = e.drivers.map((x) => ({
          feature: x.feature,
          value: typeof x.value === 'number' ? x.value : null,
          contribution: x.contribution,
        }));
      } else {
        const h = accountHeuristic(f.row);
        p = h.probability;
        d = h.drivers.slice(0, 5);
      }
      ids.push(f.accountId);
      probs.push(p);
      bands.push(riskBand(p, this.cutoffs));
      drivers.push(JSON.stringify(d));
    }
    const method = logistic ? 'LOGISTIC' : 'HEURISTIC';
    await this.db.transaction(async (em) => {
      await em.query(`SELECT pg_advisory_xact_lock(${SCORE_LOCK})`);
      await em.query(
        `INSERT INTO account_risk (account_id, probability, band, drivers, model_id, model_version, method, computed_at)
         SELECT u.id, u.p, u.band, u.drivers::jsonb, $5, $6, $7, now()
           FROM unnest($1::uuid[], $2::float8[], $3::text[], $4::text[]) AS u(id, p, band, drivers)
         ON CONFLICT (account_id) DO UPDATE
            SET probability = EXCLUDED.probability, band = EXCLUDED.band, drivers = EXCLUDED.drivers, model_id = EXCLUDED.model_id,
                model_version = EXCLUDED.model_version, method = EXCLUDED.method, computed_at = EXCLUDED.computed_at`,
        [ids, probs, bands, drivers, model?.id ?? null, model?.version ?? null, method],
      );
      await em.query(`DELETE FROM account_risk WHERE NOT (account_id = ANY($1::uuid[]))`, [ids]);
    });
    const event: RiskScoredEvent = { accountIds: ids, modelVersion: model?.version ?? null };
    this.events.emit(RISK_EVENTS.scored, event);
    return ids.length;
  }

  /** After a health recompute: one debounced rescore of the book (set-based, so cheaper than per account). */
  @OnEvent(RISK_EVENTS.healthChanged)
  onHealthChanged(): void {
    if (this.closing || this.rescoreTimer) return;
    this.rescoreTimer = setTimeout(() => {
      this.rescoreTimer = null;
      if (!this.closing) this.track(this.scoreAll());
    }, 2000);
    this.rescoreTimer.unref?.();
  }

  async riskFor(accountIds: readonly string[]): Promise<AccountRiskRow[]> {
    const ids = accountIds.filter((id) => UUID_RE.test(id));
    if (!ids.length) return [];
    const rows = await runPreparedRead(this.db, RISK_FOR, [ids]);
    return rows.map((r: Record<string, any>) => ({
      accountId: r.account_id,
      probability: r.probability,
      band: r.band,
      drivers: r.drivers,
      modelVersion: r.model_version,
      method: r.method,
      computedAt: r.computed_at,
    }));
  }
}
