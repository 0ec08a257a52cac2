import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Churn risk and CLV (issue #5): trained risk models (coefficients as JSON), the current risk of each
 * account, and the cached sBG fits per segment.
 */
export class RiskClv1764000611000 implements MigrationInterface {
  name = 'RiskClv1764000611000';

  async up(q: QueryRunner): Promise<void> {
    // One row per training run. status: TRAINING → ACTIVE (evaluated, the latest one is used) → RETIRED, or FAILED.
    await q.query(`
      CREATE TABLE risk_models (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        version serial NOT NULL UNIQUE,
        status text NOT NULL CHECK (status IN ('TRAINING','ACTIVE','RETIRED','FAILED')),
        method text CHECK (method IN ('LOGISTIC','HEURISTIC')),
        horizon_days int NOT NULL CHECK (horizon_days BETWEEN 1 AND 730),
        requested_by uuid REFERENCES users(id),
        started_at timestamptz NOT NULL DEFAULT now(),
        trained_at timestamptz,
        training_rows int,
        positives int,
        churn_events int,
        auc double precision,
        pr_auc double precision,
        brier double precision,
        calibration jsonb NOT NULL DEFAULT '[]',
        evaluation jsonb,
        model jsonb,
        note text
      )`);
    await q.query(`CREATE INDEX risk_models_active_idx ON risk_models (version DESC) WHERE status = 'ACTIVE'`);
    await q.query(`
      CREATE TABLE account_risk (
        account_id uuid PRIMARY KEY REFERENCES accounts(id),
        probability double precision NOT NULL CHECK (probability >= 0 AND probability <= 1),
        band text NOT NULL CHECK (band IN ('LOW','MEDIUM','HIGH')),
        drivers jsonb NOT NULL DEFAULT '[]',
        model_id uuid REFERENCES risk_models(id),
        model_version int,
        method text NOT NULL CHECK (method IN ('LOGISTIC','HEURISTIC')),
        computed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX account_risk_probability_idx ON account_risk (probability DESC, account_id)`);
    await q.query(`
      CREATE TABLE clv_segment_fits (
        segment_key text PRIMARY KEY,
        segment text,
        method text NOT NULL CHECK (method IN ('SBG','FORMULA')),
        alpha double precision,
        beta double precision,
        log_likelihood double precision,
        converged boolean,
        cohorts int NOT NULL,
        customers int NOT NULL,
        survivors jsonb NOT NULL DEFAULT '[]',
        monthly_churn double precision,
        churn_customer_months int NOT NULL DEFAULT 0,
        arpa_cents bigint,
        note text,
        fitted_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE clv_segment_fits`);
    await q.query(`DROP TABLE account_risk`);
    await q.query(`DROP TABLE risk_models`);
  }
}
