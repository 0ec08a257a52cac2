import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CalibrationBin, FeatureCoverage, featureTitle, RiskModel, TrainingEvaluation } from '../../core/risk';

export const DEFAULT_HORIZON_DAYS = 90;

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
  baseRate: number | null;
  brierSkill: number | null;
  calibration: CalibrationBin[];
  coefficients: Array<{ feature: string; label: string; coefficient: number; mean: number | null; std: number | null }>;
  testRows: number | null;
  testPositives: number | null;
  testDays: string[];
  featureCoverage: FeatureCoverage[];
  warnings: string[];
  note: string | null;
  model: RiskModel | null;
}

/** A `risk_models` row as the API shows it (the evaluation details live in the `evaluation` jsonb). */
export function mapModelRow(r: Record<string, any>): RiskModelRow {
  const model: RiskModel | null = r.model ?? null;
  const coefficients = model
    ? [
        {
          feature: '(intercept)',
          label: featureTitle('(intercept)'),
          coefficient: model.intercept,
          mean: null,
          std: null,
        },
        ...model.columns.map((c, j) => ({
          feature: c.name,
          label: featureTitle(c.name),
          coefficient: model.coefficients[j],
          mean: c.kind === 'numeric' ? model.means[c.source] : null,
          std: c.kind === 'numeric' ? model.stds[c.source] : null,
        })),
      ]
    : [];
  const ev: Partial<TrainingEvaluation> | null = r.evaluation ?? null;
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
    baseRate: ev?.baseRate ?? null,
    brierSkill: ev?.brierSkill ?? null,
    calibration: r.calibration ?? [],
    coefficients,
    testRows: ev && ev.testRows ? ev.testRows : null,
    testPositives: ev && ev.testRows ? (ev.testPositives ?? null) : null,
    testDays: ev?.testDays ?? [],
    featureCoverage: ev?.coverage ?? [],
    warnings: ev?.warnings ?? [],
    note: r.note,
    model,
  };
}

/** Reads of the churn models: every training run, and the active one. */
@Injectable()
export class RiskModelsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async models(): Promise<RiskModelRow[]> {
    const rows = await this.db.query(`SELECT * FROM risk_models ORDER BY version DESC`);
    return rows.map(mapModelRow);
  }

  async activeModel(): Promise<RiskModelRow | null> {
    const [r] = await this.db.query(`SELECT * FROM risk_models WHERE status = 'ACTIVE' ORDER BY version DESC LIMIT 1`);
    return r ? mapModelRow(r) : null;
  }
}
