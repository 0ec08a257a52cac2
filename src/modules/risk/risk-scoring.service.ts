import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';
import { DataSource, EntityManager } from 'typeorm';
import { BackgroundWork, SHUTDOWN_WAIT_MS } from '../../common/background/background-work';
import { preparedRead, runPreparedRead } from '../../common/database/prepared-read';
import { AppConfig } from '../../config/config';
import { InjectConfig } from '../../config/config.module';
import type { HealthBand } from '../../core/health/scorecard-scoring';
import { UUID_RE } from '../../core/ids';
import { driverLabel, explainRisk, healthDisagreementNote, riskBand, RiskCutoffs } from '../../core/risk';
import { accountHeuristic } from '../../core/risk/account-features';
import { lockForTransaction } from '../../database/advisory-locks';
import { RiskFeaturesService } from './risk-features.service';
import { DEFAULT_HORIZON_DAYS, RiskModelsService } from './risk-models.service';
import { RISK_EVENTS, RiskScoredEvent } from './risk.events';

export interface RiskDriverRow {
  feature: string;
  /** Raw value (null for a category or a missing-data indicator). */
  value: number | null;
  /** The value the model used after clipping to the training range; equals `value` when not clipped. */
  clippedValue: number | null;
  /** Ready-to-show English ("No activity for 32 days"). */
  label: string;
  contribution: number;
}

export interface AccountRiskRow {
  accountId: string;
  probability: number;
  band: 'LOW' | 'MEDIUM' | 'HIGH';
  drivers: RiskDriverRow[];
  /** Why the risk contradicts the health band (RED + LOW, GREEN + HIGH), in plain words; else null. */
  note: string | null;
  modelVersion: number | null;
  method: 'LOGISTIC' | 'HEURISTIC';
  computedAt: Date;
}

/** The current churn risk of a DataLoader batch of accounts. */
export const RISK_FOR = preparedRead(
  'risk_for',
  `SELECT account_id, probability, band, drivers, note, model_version, method, computed_at FROM account_risk WHERE account_id = ANY($1::uuid[])`,
);

/** The band people see (an unexpired override wins over the computed one) and the open red flags. */
const HEALTH_BANDS_SQL = `SELECT h.account_id, COALESCE(ho.band, h.band) AS band,
       ARRAY(SELECT f.type FROM health_flags f WHERE f.account_id = h.account_id AND f.cleared_at IS NULL ORDER BY f.type) AS flags
  FROM health_current h
  LEFT JOIN health_overrides ho ON ho.account_id = h.account_id AND ho.cleared_at IS NULL AND ho.expires_at > now()`;

/**
 * Set-based scoring of every active account into `account_risk` with the active model (or the heuristic when
 * the active model is HEURISTIC or there is none yet), and reads of those scores.
 */
@Injectable()
export class RiskScoringService implements OnModuleDestroy {
  private readonly logger = new Logger('Risk');
  private readonly cutoffs: RiskCutoffs;
  private readonly background = new BackgroundWork((err) =>
    this.logger.error(`risk rescore failed: ${err instanceof Error ? err.stack : String(err)}`),
  );
  private rescoreTimer: NodeJS.Timeout | null = null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly events: EventEmitter2,
    private readonly features: RiskFeaturesService,
    private readonly models: RiskModelsService,
    @InjectConfig() config: AppConfig,
  ) {
    this.cutoffs = config.RISK_CUTOFFS;
  }

  async onModuleDestroy(): Promise<void> {
    if (this.rescoreTimer) clearTimeout(this.rescoreTimer);
    if (!(await this.background.drain(SHUTDOWN_WAIT_MS)))
      this.logger.warn(`shutdown: risk rescore still running after ${SHUTDOWN_WAIT_MS / 1000} s`);
  }

  /**
   * One feature query, JS scoring, one bulk upsert; accounts no longer active lose their row. Emits `risk.scored`.
   * The active model, the features and the scores are read under the `risk-scoring` lock: a rescore that started
   * before a new model was activated (e.g. the debounced one after a health recompute) would otherwise write the
   * previous model's (or the heuristic's) scores over the new model's.
   */
  async scoreAll(): Promise<number> {
    const scored = await this.db.transaction(async (em) => {
      await lockForTransaction(em, 'risk-scoring');
      return this.scoreUnderLock(em);
    });
    const event: RiskScoredEvent = { accountIds: scored.ids, modelVersion: scored.modelVersion };
    this.events.emit(RISK_EVENTS.scored, event);
    return scored.ids.length;
  }

  private async scoreUnderLock(em: EntityManager): Promise<{ ids: string[]; modelVersion: number | null }> {
    const model = await this.models.activeModel();
    const horizon = model?.horizonDays ?? DEFAULT_HORIZON_DAYS;
    const features = await this.features.featuresAt(new Date(), horizon, null, true);
    const bandRows: Array<{ account_id: string; band: HealthBand; flags: string[] }> =
      await this.db.query(HEALTH_BANDS_SQL);
    const health = new Map(bandRows.map((r) => [r.account_id, r]));
    const ids: string[] = [];
    const probs: number[] = [];
    const bands: string[] = [];
    const drivers: string[] = [];
    const notes: Array<string | null> = [];
    const logistic = model?.method === 'LOGISTIC' && model.model ? model.model : null;
    // The book's churn rate over the horizon: what keeps a LOW risk LOW when an account's data raise it.
    const baseRate = logistic && logistic.trainingRows > 0 ? logistic.trainingPositives / logistic.trainingRows : null;
    for (const f of features) {
      let p: number;
      let all: RiskDriverRow[];
      if (logistic) {
        const e = explainRisk(logistic, f.row, logistic.columns.length);
        p = e.probability;
        all = e.drivers.map((x) => ({
          feature: x.feature,
          value: typeof x.value === 'number' ? x.value : null,
          clippedValue: x.clippedValue,
          label: driverLabel(x.feature, x.value),
          contribution: x.contribution,
        }));
      } else {
        const h = accountHeuristic(f.row);
        p = h.probability;
        all = h.drivers.map((d) => ({ ...d, clippedValue: d.value, label: driverLabel(d.feature, d.value) }));
      }
      const band = riskBand(p, this.cutoffs);
      ids.push(f.accountId);
      probs.push(p);
      bands.push(band);
      drivers.push(JSON.stringify(all.slice(0, 5)));
      const h = health.get(f.accountId);
      notes.push(
        healthDisagreementNote(h?.band ?? null, h?.flags ?? [], band, all, horizon, { probability: p, baseRate }),
      );
    }
    const method = logistic ? 'LOGISTIC' : 'HEURISTIC';
    await em.query(
      `INSERT INTO account_risk (account_id, probability, band, drivers, note, model_id, model_version, method, computed_at)
         SELECT u.id, u.p, u.band, u.drivers::jsonb, u.note, $6, $7, $8, now()
           FROM unnest($1::uuid[], $2::float8[], $3::text[], $4::text[], $5::text[]) AS u(id, p, band, drivers, note)
         ON CONFLICT (account_id) DO UPDATE
            SET probability = EXCLUDED.probability, band = EXCLUDED.band, drivers = EXCLUDED.drivers, note = EXCLUDED.note,
                model_id = EXCLUDED.model_id, model_version = EXCLUDED.model_version, method = EXCLUDED.method,
                computed_at = EXCLUDED.computed_at`,
      [ids, probs, bands, drivers, notes, model?.id ?? null, model?.version ?? null, method],
    );
    await em.query(`DELETE FROM account_risk WHERE NOT (account_id = ANY($1::uuid[]))`, [ids]);
    return { ids, modelVersion: model?.version ?? null };
  }

  /** After a health recompute: one debounced rescore of the book (set-based, so cheaper than per account). */
  @OnEvent(RISK_EVENTS.healthChanged)
  onHealthChanged(): void {
    if (this.background.closing || this.rescoreTimer) return;
    this.rescoreTimer = setTimeout(() => {
      this.rescoreTimer = null;
      if (!this.background.closing) void this.background.track(this.scoreAll());
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
      drivers: (r.drivers ?? []).map((d: Partial<RiskDriverRow> & { feature: string; value: number | null }) => ({
        ...d,
        clippedValue: d.clippedValue ?? d.value,
        label: d.label ?? driverLabel(d.feature, d.value),
      })),
      note: r.note ?? null,
      modelVersion: r.model_version,
      method: r.method,
      computedAt: r.computed_at,
    }));
  }
}
