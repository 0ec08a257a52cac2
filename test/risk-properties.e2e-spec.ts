import { runCli } from './utils/cli';
import { riskProperties, RiskProperties } from './utils/risk-properties';
import { createTestDatabase, startTestApp, TestApp } from './utils/test-app';

async function trainAndWait(t: TestApp): Promise<any> {
  const started = await t.ok(`mutation { trainRiskModel(horizonDays: 90) { id } }`);
  const deadline = Date.now() + 120_000;
  for (;;) {
    const { riskModels } = await t.ok(`{ riskModels { id version status method auc brierSkill warnings } }`);
    const m = riskModels.find((x: any) => x.id === started.trainRiskModel.id);
    if (m.status !== 'TRAINING') {
      for (;;) {
        const r = await t.db.query(`SELECT count(*)::int AS n FROM account_risk WHERE model_version = $1`, [m.version]);
        if (r.rows[0].n > 0 || Date.now() > deadline) return m;
        await new Promise((res) => setTimeout(res, 100));
      }
    }
    if (Date.now() > deadline) throw new Error('training did not finish');
    await new Promise((res) => setTimeout(res, 200));
  }
}

/** Issue 20's common-sense properties of the churn risk a newcomer sees. */
function expectCommonSense(p: RiskProperties): void {
  expect(p.scored).toBeGreaterThan(100);
  // Every stored score is the trained model's (a stale rescore once wrote the heuristic's over it).
  expect(p.notByActiveModel).toBe(0);
  // No account whose inactivity (≥ 14 days without activity, or no active day in 30) lowers its risk.
  expect(p.inactivityLowers).toBe(0);
  // Dormant accounts and RED accounts with four flags or more are not at LOW risk (the demo book has some of each).
  // Issue 20 allows an exception with a stated reason: at most one in ten, each with a note (checked below). The
  // demo book is generated relative to today, so the exact accounts vary by date. The one seen (2026-12-05) is a
  // steady account with a chance 8-day gap: DORMANT by its own rhythm (threshold 7 days), otherwise active (11 of
  // 30 days); its drivers on balance raise its risk (p = 0.13 against a 9 % base rate), not to MEDIUM's 20 %, and
  // its note says so.
  // A DORMANT account silent in absolute terms (≥ 14 days, or no active day in 30) is never LOW.
  expect(p.dormant).toBeGreaterThan(0);
  expect(p.dormantLow).toBeLessThanOrEqual(Math.floor(p.dormant / 10));
  expect(p.dormantLowLongSilent).toBe(0);
  expect(p.redMultiFlag).toBeGreaterThan(0);
  expect(p.redMultiFlagLow).toBeLessThanOrEqual(Math.floor(p.redMultiFlag / 10));
  // Where health and risk still disagree, the risk says why in plain words.
  expect(p.disagreementsWithoutNote).toBe(0);
}

describe('churn risk agrees with common sense', () => {
  describe('on the demo book (loaded at first start)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ env: { DEMO_DATA: 'true' } });
    }, 120_000);
    afterAll(() => t?.close());

    it('has no inactivity lowering risk, no dormant or multi-flag RED account at LOW risk, and notes where health disagrees', async () => {
      const m = await trainAndWait(t);
      expect(m.method).toBe('LOGISTIC');
      const p = await riskProperties(t.db);
      process.stdout.write(`demo book: ${JSON.stringify({ auc: m.auc, brierSkill: m.brierSkill, ...p })}\n`);
      expectCommonSense(p);
      // Every disagreement note names its reasons.
      const { rows } = await t.db.query(`SELECT note FROM account_risk WHERE note IS NOT NULL`);
      for (const r of rows) expect(r.note).toMatch(/^Health is (RED|GREEN|YELLOW|UNKNOWN|unknown).*: [A-Z]/);
    }, 180_000);
  });

  describe('on a book whose signals start 6 months after its billing history', () => {
    let t: TestApp;
    beforeAll(async () => {
      // The demo book loaded by the CLI, then every signal of its first 6 months removed: usage data "connected" later.
      const url = await createTestDatabase();
      const loaded = runCli(['demo'], url, { timeoutMs: 180_000 });
      expect(loaded.code).toBe(0);
      t = await startTestApp({ databaseUrl: url, env: { DEMO_DATA: 'false' } });
      const { rows } = await t.db.query(
        `DELETE FROM signal_daily WHERE day < (SELECT (min(effective_at) AT TIME ZONE 'UTC')::date + 183 FROM mrr_movements)
         RETURNING 1`,
      );
      expect(rows.length).toBeGreaterThan(1000);
      await t.ok(`mutation { recomputeHealth }`);
    }, 240_000);
    afterAll(() => t?.close());

    it('trains on observed data only and keeps the same properties', async () => {
      const m = await trainAndWait(t);
      expect(m.method).toBe('LOGISTIC');
      const { riskModels } = await t.ok(`{ riskModels { id trainingRows featureCoverage { feature rows used } } }`);
      const model = riskModels.find((x: any) => x.id === m.id);
      const coverage = Object.fromEntries(model.featureCoverage.map((c: any) => [c.feature, c]));
      // Usage features exist only on snapshots ≥ 90 days after the first signal (month 9 of 18, and the book grows).
      expect(coverage.activeDays30.rows).toBeGreaterThan(0);
      expect(coverage.activeDays30.rows).toBeLessThan(model.trainingRows * 0.7);
      expect(coverage.mrr.rows).toBe(model.trainingRows);
      const p = await riskProperties(t.db);
      process.stdout.write(
        `signals 6 months late: ${JSON.stringify({ auc: m.auc, brierSkill: m.brierSkill, ...p })}\n`,
      );
      expectCommonSense(p);
    }, 180_000);
  });
});
