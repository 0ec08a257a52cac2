import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { crossValidateRiskModel, explainRisk, fitRiskModel, parseTelcoCsv } from '..';

// ../shared/data from the integration checkout (/work/main); from a worktree under /work/wt/<name> it is ../../shared.
const CANDIDATES = ['../shared/data', '../../shared/data'].map((d) =>
  resolve(process.cwd(), d, 'Telco-Customer-Churn.csv'),
);
const FILE = CANDIDATES.find((f) => existsSync(f)) ?? CANDIDATES[0];
const hasData = existsSync(FILE);

if (!hasData) {
  it('needs the Telco churn data', () => {
    console.warn('Telco churn reference check not run: ../shared/data/Telco-Customer-Churn.csv absent');
  });
} else {
  describe('Telco customer churn reference check', () => {
    const text = readFileSync(FILE, 'utf8');

    it('parses 7,043 customers, 1,869 churners, blank TotalCharges as 0', () => {
      const d = parseTelcoCsv(text);
      expect(d.rows).toHaveLength(7043);
      expect(d.labels.reduce((a, b) => a + b, 0)).toBe(1869);
      const blank = d.rows.filter((r) => r.tenure === 0);
      expect(blank).toHaveLength(11);
      expect(blank.every((r) => r.TotalCharges === 0)).toBe(true);
      expect(d.rows.every((r) => !('customerID' in r))).toBe(true);
    });

    it('5-fold stratified CV: mean AUC ≥ 0.84 (extended features), basic features near the published 0.842', () => {
      const ext = parseTelcoCsv(text, 'extended');
      const r = crossValidateRiskModel(ext.rows, ext.labels, ext.spec, { folds: 5, seed: 42, l2: 1 });
      expect(r.n).toBe(7043);
      expect(r.positives).toBe(1869);
      expect(r.folds).toHaveLength(5);
      expect(r.auc).toBeGreaterThanOrEqual(0.84);
      expect(r.aucStd).toBeLessThan(0.03);
      expect(r.prAuc).toBeGreaterThan(0.6);
      expect(r.brier).toBeLessThan(0.15);

      const basic = parseTelcoCsv(text, 'basic');
      const b = crossValidateRiskModel(basic.rows, basic.labels, basic.spec, { folds: 5, seed: 42, l2: 1 });
      expect(b.auc).toBeGreaterThan(0.83);
      expect(b.auc).toBeLessThan(0.86);
      expect(r.auc).toBeGreaterThan(b.auc);
    });

    it('explains a month-to-month, fibre, 1-month customer with readable drivers', () => {
      const d = parseTelcoCsv(text);
      const m = fitRiskModel(d.rows, d.labels, d.spec, { l2: 1 });
      expect(m.converged).toBe(true);
      const i = d.rows.findIndex(
        (r) => r.Contract === 'Month-to-month' && r.InternetService === 'Fiber optic' && r.tenure === 1,
      );
      const e = explainRisk(m, d.rows[i], 5);
      expect(e.probability).toBeGreaterThan(0.5);
      expect(e.drivers).toHaveLength(5);
      expect(e.drivers.some((x) => x.contribution > 0)).toBe(true);
      expect(e.drivers.every((x) => /^[A-Za-z]+(=.+)?$/.test(x.feature))).toBe(true);
    });
  });
}
