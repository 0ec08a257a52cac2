import { errorCode, startTestApp, TestApp } from './utils/test-app';

const MODEL_FIELDS = `id version status method horizonDays trainedAt trainingRows positives churnEvents auc prAuc brier baseRate brierSkill
  calibration { binStart binEnd count meanPredicted observedRate } coefficients { feature coefficient mean std } testRows testPositives testDays note
  featureCoverage { feature rows positives used } warnings`;
const RISK_FIELDS = `risk { probability band modelVersion method computedAt drivers { feature value contribution } }`;
const RISK_LABELS = `risk { note drivers { feature label value clippedValue } }`;

async function trainAndWait(t: TestApp, horizonDays = 90, key = t.adminKey): Promise<any> {
  const started = await t.ok(
    `mutation($h: Int!) { trainRiskModel(horizonDays: $h) { id status version } }`,
    { h: horizonDays },
    key,
  );
  expect(started.trainRiskModel.status).toBe('TRAINING');
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { riskModels } = await t.ok(`{ riskModels { ${MODEL_FIELDS} } }`);
    const m = riskModels.find((x: any) => x.id === started.trainRiskModel.id);
    if (m.status !== 'TRAINING') {
      // Scoring follows activation; wait for the scores of this version.
      for (;;) {
        const r = await t.db.query(`SELECT count(*)::int AS n FROM account_risk WHERE model_version = $1`, [m.version]);
        if (r.rows[0].n > 0 || m.status !== 'ACTIVE' || Date.now() > deadline) break;
        await new Promise((res) => setTimeout(res, 100));
      }
      return m;
    }
    if (Date.now() > deadline) throw new Error('training did not finish');
    await new Promise((res) => setTimeout(res, 100));
  }
}

describe('churn risk on the demo book', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { DEMO_DATA: 'true' } });
  }, 120_000); // the demo book (18 months of signals) loads at first start
  afterAll(() => t?.close());

  it('trains a logistic model in the background, evaluates it on a time holdout, and scores every active account', async () => {
    const began = Date.now();
    const m = await trainAndWait(t);
    const took = Date.now() - began;
    expect(m.status).toBe('ACTIVE');
    expect(m.method).toBe('LOGISTIC');
    expect(m.note).toBeNull();
    expect(took).toBeLessThan(15_000);
    expect(m.churnEvents).toBeGreaterThanOrEqual(20);
    expect(m.positives).toBeGreaterThanOrEqual(m.churnEvents);
    expect(m.trainingRows).toBeGreaterThan(1000);
    expect(m.auc).toBeGreaterThan(0.5);
    expect(m.auc).toBeLessThanOrEqual(1);
    expect(m.prAuc).toBeGreaterThan(0);
    expect(m.brier).toBeGreaterThan(0);
    expect(m.brier).toBeLessThan(0.25);
    expect(m.calibration).toHaveLength(10);
    expect(m.calibration.reduce((s: number, b: any) => s + b.count, 0)).toBe(m.testRows);
    expect(m.testDays).toHaveLength(3);
    expect(m.coefficients[0].feature).toBe('(intercept)');
    // mrrChange90 left the expected list: issue 20's direction policy drops it when its coefficient says growing MRR
    // raises risk (recorded in warnings); the missing-data indicator of signals is new.
    expect(m.coefficients.map((c: any) => c.feature)).toEqual(
      expect.arrayContaining(['mrr', 'tenureDays', 'segment=SMB', 'missing:signals']),
    );
    // Issue 20: honest evaluation and the observed-data rule, visible on the model.
    expect(m.baseRate).toBeGreaterThan(0);
    expect(m.baseRate).toBeLessThan(0.5);
    expect(m.brierSkill).toBeGreaterThan(0); // beats always forecasting the base rate
    const coverage = Object.fromEntries(m.featureCoverage.map((c: any) => [c.feature, c]));
    expect(coverage.mrr.rows).toBe(m.trainingRows);
    // The book's signals start with its history: the first snapshots (< 90 days observed) have no usage features.
    expect(coverage.activeDays30.rows).toBeGreaterThan(0);
    expect(coverage.activeDays30.rows).toBeLessThan(m.trainingRows);
    expect(coverage.activeDays30.used).toBe(true);
    // The demo backfills 60 days of health history only: too little labelled history, so not used, and said so.
    expect(coverage.healthScore).toMatchObject({ rows: 0, used: false });
    expect(m.warnings.some((w: string) => w.startsWith('health:'))).toBe(true);

    // Every active account has a risk row with this version; no other account does.
    const active = await t.count('accounts', `status = 'ACTIVE'`);
    expect(await t.count('account_risk', 'model_version = $1', [m.version])).toBe(active);
    expect(await t.count('account_risk r JOIN accounts a ON a.id = r.account_id', `a.status <> 'ACTIVE'`)).toBe(0);

    const list = await t.ok(
      `{ accounts(first: 20, orderBy: RISK_DESC, filter: { status: ACTIVE }) { edges { node { id ${RISK_FIELDS} labels: risk { drivers { label } } } } } }`,
    );
    const nodes = list.accounts.edges.map((e: any) => e.node);
    expect(nodes).toHaveLength(20);
    for (const n of nodes) {
      expect(n.risk.method).toBe('LOGISTIC');
      for (const d of n.labels.drivers) expect(d.label).toMatch(/^[A-Z]/); // ready-to-show English
      expect(n.risk.modelVersion).toBe(m.version);
      expect(n.risk.drivers.length).toBeGreaterThan(0);
      expect(n.risk.drivers.length).toBeLessThanOrEqual(5);
      const band = n.risk.probability < 0.2 ? 'LOW' : n.risk.probability < 0.5 ? 'MEDIUM' : 'HIGH';
      expect(n.risk.band).toBe(band);
      const abs = n.risk.drivers.map((d: any) => Math.abs(d.contribution));
      expect([...abs].sort((a, b) => b - a)).toEqual(abs);
    }
    const probs = nodes.map((n: any) => n.risk.probability);
    expect([...probs].sort((a, b) => b - a)).toEqual(probs);
  });

  /**
   * Waits until background work that moves scores is over: the health dirty queue drained and no rescore for
   * longer than the rescore debounce (2 s), so that two queries of this test read the same probabilities.
   */
  async function settle(): Promise<void> {
    const deadline = Date.now() + 60_000;
    let last = '';
    let stableSince = Date.now();
    while (Date.now() < deadline) {
      const { rows } = await t.db.query(
        `SELECT (SELECT count(*) FROM health_dirty)::int AS dirty, (SELECT max(computed_at) FROM account_risk)::text AS scored`,
      );
      const now = `${rows[0].dirty}|${rows[0].scored}`;
      if (now !== last || rows[0].dirty > 0) {
        last = now;
        stableSince = Date.now();
      } else if (Date.now() - stableSince > 3000) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error('risk scores kept changing for 60 s');
  }

  it('filters by minimum risk and band, pages in RISK_DESC order, and keeps accounts without risk last', async () => {
    await settle();
    const all = await t.ok(
      `{ accounts(first: 500, orderBy: RISK_DESC) { totalCount edges { node { id status risk { probability band } } } } }`,
    );
    const nodes = all.accounts.edges.map((e: any) => e.node);
    const firstUnscored = nodes.findIndex((n: any) => n.risk === null);
    expect(firstUnscored).toBeGreaterThan(0);
    expect(nodes.slice(firstUnscored).every((n: any) => n.risk === null)).toBe(true);
    // Keyset paging gives the same order.
    const paged: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = await t.ok(
        `query($a: String) { accounts(first: 70, orderBy: RISK_DESC, after: $a) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`,
        { a: after },
      );
      paged.push(...page.accounts.edges.map((e: any) => e.node.id));
      if (!page.accounts.pageInfo.hasNextPage) break;
      after = page.accounts.pageInfo.endCursor;
    }
    expect(paged).toEqual(nodes.map((n: any) => n.id));

    const minRisk = nodes[5].risk.probability;
    const f = await t.ok(
      `query($m: Float) { accounts(first: 500, filter: { minRisk: $m }) { totalCount edges { node { risk { probability } } } } }`,
      { m: minRisk },
    );
    expect(f.accounts.totalCount).toBe(nodes.filter((n: any) => n.risk && n.risk.probability >= minRisk).length);
    expect(f.accounts.edges.every((e: any) => e.node.risk.probability >= minRisk)).toBe(true);
    for (const band of ['LOW', 'MEDIUM', 'HIGH']) {
      const b = await t.ok(`query($b: RiskBand) { accounts(first: 500, filter: { riskBand: $b }) { totalCount } }`, {
        b: band,
      });
      expect(b.accounts.totalCount).toBe(nodes.filter((n: any) => n.risk?.band === band).length);
    }
    expect(errorCode(await t.gql(`{ accounts(filter: { minRisk: 1.5 }) { totalCount } }`))).toBe('BAD_USER_INPUT');
  });

  it('keeps a CSM to the risk of their own book and INGEST/CSM away from training', async () => {
    const csm = await t
      .ok(`{ users { id email role } }`)
      .then((d) => d.users.find((u: any) => u.email === 'alice@demo.vitals'));
    const key = (await t.ok(`mutation($u: ID!) { issueApiKey(userId: $u) { key } }`, { u: csm.id })).issueApiKey.key;
    const mine = await t.ok(
      `{ accounts(first: 500, orderBy: RISK_DESC) { totalCount edges { node { owner { id } risk { probability } } } } }`,
      {},
      key,
    );
    expect(mine.accounts.totalCount).toBeGreaterThan(0);
    expect(mine.accounts.edges.every((e: any) => e.node.owner.id === csm.id)).toBe(true);
    expect(mine.accounts.edges.some((e: any) => e.node.risk !== null)).toBe(true);
    const other = await t.db.query(
      `SELECT a.id FROM accounts a JOIN account_risk r ON r.account_id = a.id WHERE a.owner_id <> $1 LIMIT 1`,
      [csm.id],
    );
    expect(
      (await t.ok(`query($id: ID) { account(id: $id) { ${RISK_FIELDS} } }`, { id: other.rows[0].id }, key)).account,
    ).toBeNull();

    const ingest = await t.user('INGEST');
    expect(errorCode(await t.gql(`mutation { trainRiskModel { id } }`, {}, ingest.key))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql(`mutation { trainRiskModel { id } }`, {}, key))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql(`{ riskModels { id } }`, {}, key))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql(`{ riskModels { id } }`, {}, ingest.key))).toBe('FORBIDDEN');
    const manager = await t.user('MANAGER');
    expect(errorCode(await t.gql(`mutation { trainRiskModel(horizonDays: 0) { id } }`, {}, manager.key))).toBe(
      'BAD_USER_INPUT',
    );
    expect(
      errorCode(
        await t.gql(
          `{ riskFeatures(accountId: "${other.rows[0].id}", asOf: "2025-01-01T00:00:00Z") { active } }`,
          {},
          manager.key,
        ),
      ),
    ).toBe('FORBIDDEN');
  });

  it('retires the previous model when a new one becomes active', async () => {
    const before = await t.ok(`{ riskModels { version status } }`);
    const m = await trainAndWait(t, 60);
    expect(m.status).toBe('ACTIVE');
    expect(m.horizonDays).toBe(60);
    const after = await t.ok(`{ riskModels { version status } }`);
    expect(after.riskModels.filter((x: any) => x.status === 'ACTIVE')).toEqual([
      { version: m.version, status: 'ACTIVE' },
    ]);
    expect(after.riskModels).toHaveLength(before.riskModels.length + 1);
  });
});

describe('churn risk with little history', () => {
  let t: TestApp;

  beforeAll(async () => {
    // Health recomputes are event-driven; keep them out of the way so the proxy heuristic is deterministic here.
    t = await startTestApp({ env: { HEALTH_DEBOUNCE_MS: '3600000' } });
  });
  afterAll(() => t?.close());

  const createAccount = async (externalId: string, segment = 'SMB') =>
    (
      await t.ok(`mutation($i: CreateAccountInput!) { createAccount(input: $i) { id } }`, {
        i: { externalId, name: externalId, segment },
      })
    ).createAccount.id as string;
  const mrr = (accountId: string, mrrCents: number, effectiveAt: string) =>
    t.ok(`mutation($i: RecordMrrChangeInput!) { recordMrrChange(input: $i) { id } }`, {
      i: { accountId, mrrCents, effectiveAt },
    });

  it('falls back to HEURISTIC (from the MRR trend) with fewer than 20 churn events, clearly marked', async () => {
    const now = new Date();
    const monthsAgo = (k: number, day = 10) =>
      new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - k, day)).toISOString();
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const id = await createAccount(`H-${i}`);
      ids.push(id);
      await mrr(id, 10_000, monthsAgo(12));
      if (i < 3) await mrr(id, 0, monthsAgo(6)); // 3 churn events
    }
    // One account halves its MRR within the last 90 days → proxy health 40 → p = 0.374 (MEDIUM).
    await mrr(ids[5], 5_000, monthsAgo(1));
    const m = await trainAndWait(t);
    expect(m.status).toBe('ACTIVE');
    expect(m.method).toBe('HEURISTIC');
    expect(m.churnEvents).toBe(3);
    expect(m.coefficients).toEqual([]);
    expect(m.note).toMatch(/3 churn events/);
    const r = await t.ok(`query($id: ID) { account(id: $id) { ${RISK_FIELDS} } }`, { id: ids[5] });
    expect(r.account.risk.method).toBe('HEURISTIC');
    expect(r.account.risk.probability).toBeCloseTo(0.374, 10);
    expect(r.account.risk.band).toBe('MEDIUM');
    expect(r.account.risk.drivers).toEqual([{ feature: 'mrrChange90', value: -5000, contribution: 30 }]);
    const labelled = await t.ok(`query($id: ID) { account(id: $id) { ${RISK_LABELS} } }`, { id: ids[5] });
    expect(labelled.account.risk).toEqual({
      note: null, // no health score, so nothing to disagree with
      drivers: [{ feature: 'mrrChange90', label: 'MRR down 50.00 over 90 days', value: -5000, clippedValue: -5000 }],
    });
    const flat = await t.ok(`query($id: ID) { account(id: $id) { ${RISK_FIELDS} } }`, { id: ids[6] });
    expect(flat.account.risk.probability).toBeCloseTo(0.131, 10);
    expect(flat.account.risk.band).toBe('LOW');
    // Churned accounts are not scored.
    expect(
      (await t.ok(`query($id: ID) { account(id: $id) { ${RISK_FIELDS} } }`, { id: ids[0] })).account.risk,
    ).toBeNull();

    // With a health score, the heuristic is derived from it: s = 50 → p = 0.05 + 0.9 · 0.25 = 0.275.
    await t.db.query(
      `INSERT INTO health_current (account_id, score, band, computed_at, scorecard_id, scorecard_version, components)
       VALUES ($1, 50, 'YELLOW', now(), gen_random_uuid(), 1, '[]')`,
      [ids[7]],
    );
    const m2 = await trainAndWait(t);
    expect(m2.method).toBe('HEURISTIC');
    const h = await t.ok(`query($id: ID) { account(id: $id) { ${RISK_FIELDS} } }`, { id: ids[7] });
    expect(h.account.risk.probability).toBeCloseTo(0.275, 10);
    expect(h.account.risk.modelVersion).toBe(m2.version);
    expect(h.account.risk.drivers).toEqual([{ feature: 'healthScore', value: 50, contribution: 0 }]);
  });

  it('computes features as of t from data before t only (no leakage)', async () => {
    const id = await createAccount('LEAK-1', 'Mid-Market');
    await mrr(id, 20_000, '2024-01-15T00:00:00Z');
    await mrr(id, 25_000, '2024-04-20T00:00:00Z');
    const asOf = '2024-06-01T00:00:00Z';
    const q = `query($id: ID!, $t: DateTime!) { riskFeatures(accountId: $id, asOf: $t) { active segment churnedWithinHorizon features { name value } } }`;
    const read = async () => {
      const d = await t.ok(q, { id, t: asOf });
      return {
        ...d.riskFeatures,
        features: Object.fromEntries(d.riskFeatures.features.map((f: any) => [f.name, f.value])),
      };
    };
    const before = await read();
    expect(before.active).toBe(true);
    expect(before.segment).toBe('Mid-Market');
    expect(before.churnedWithinHorizon).toBe(false);
    expect(before.features.mrr).toBe(25_000);
    expect(before.features.mrrChange90).toBe(5_000); // 90 days before June 1 is March 3: MRR then 20,000
    expect(before.features.tenureDays).toBe(138); // Jan 15 → Jun 1, 2024
    expect(before.features.daysToRenewal).toBe(228); // next Jan 15 anniversary: Jun 1 2024 → Jan 15 2025

    // Everything after t: MRR changes (incl. at t exactly), NPS, feedback notes, signals.
    await mrr(id, 40_000, asOf);
    await mrr(id, 0, '2024-07-01T00:00:00Z');
    await t.db.query(
      `INSERT INTO nps_responses (account_id, score, responded_at) VALUES ($1, 2, '2024-06-01T00:00:00Z')`,
      [id],
    );
    await t.db.query(
      `INSERT INTO feedback_notes (account_id, text, source, sentiment, occurred_at) VALUES ($1, 'bad', 'TICKET', 'NEGATIVE', '2024-06-05T00:00:00Z')`,
      [id],
    );
    await t.db.query(
      `INSERT INTO signal_daily (account_id, day, type, count, quantity, features, tickets_negative)
       VALUES ($1, '2024-06-01', 'login', 5, 5, '{}', 0), ($1, '2024-06-02', 'feature_used', 3, 3, '{reports}', 0),
              ($1, '2024-06-03', 'support_ticket', 2, 2, '{}', 2), ($1, '2024-06-04', 'payment_failed', 1, 1, '{}', 0)`,
      [id],
    );
    const after = await read();
    expect(after.features).toEqual(before.features);
    // The label sees the churn inside the horizon; the features did not.
    expect(after.churnedWithinHorizon).toBe(true);

    // Data before t does count — once its source has been observed for the whole window (90 days) before t.
    await t.db.query(
      `INSERT INTO nps_responses (account_id, score, responded_at) VALUES ($1, 3, '2024-05-31T23:59:59Z')`,
      [id],
    );
    await t.db.query(
      `INSERT INTO signal_daily (account_id, day, type, count, quantity, features) VALUES ($1, '2024-05-31', 'feature_used', 4, 4, '{reports,export}')`,
      [id],
    );
    // Issue 20's observed-data rule: signals and feedback first seen the day before t are not observed yet.
    const unobserved = await read();
    expect(unobserved.features.npsLatest).toBeNull();
    expect(unobserved.features.activeDays30).toBeNull();
    expect(unobserved.features.daysSinceLastActivity).toBeNull();
    // The book's first signal and first feedback, 120 days before t: both sources are observed from then on.
    await t.db.query(
      `INSERT INTO signal_daily (account_id, day, type, count, quantity, features) VALUES ($1, '2024-02-02', 'email_opened', 1, 1, '{}')`,
      [id],
    );
    await t.db.query(
      `INSERT INTO feedback_notes (account_id, text, source, sentiment, occurred_at) VALUES ($1, 'kick-off', 'CALL', 'NEUTRAL', '2024-02-02T00:00:00Z')`,
      [id],
    );
    const seen = await read();
    expect(seen.features.npsLatest).toBe(3);
    expect(seen.features.detractor).toBe(1);
    expect(seen.features.activeDays30).toBe(1);
    expect(seen.features.daysSinceLastActivity).toBe(1);
    expect(seen.features.featureBreadth).toBe(2);
    expect(seen.features.mrr).toBe(25_000);
  });
});
