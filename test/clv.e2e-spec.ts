import { monthlyDiscountRate, sbgDerl } from '../src/core/clv';
import { errorCode, startTestApp, TestApp } from './utils/test-app';

const now = new Date();
const monthDay = (k: number, day: number) =>
  new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + k, day)).toISOString();
const monthIndex = (iso: string) => new Date(iso).getUTCFullYear() * 12 + new Date(iso).getUTCMonth();

describe('CLV and retention forecasts from the ledger', () => {
  let t: TestApp;
  const proAccounts: Array<{ id: string; start: string; mrr: number; churned: boolean }> = [];
  let tinyActive = '';
  let zeroActive = '';

  const createAccount = async (externalId: string, segment: string) =>
    (
      await t.ok(`mutation($i: CreateAccountInput!) { createAccount(input: $i) { id } }`, {
        i: { externalId, name: externalId, segment },
      })
    ).createAccount.id as string;
  const mrr = (accountId: string, mrrCents: number, effectiveAt: string) =>
    t.ok(`mutation($i: RecordMrrChangeInput!) { recordMrrChange(input: $i) { id } }`, {
      i: { accountId, mrrCents, effectiveAt },
    });

  beforeAll(async () => {
    t = await startTestApp({ env: { GROSS_MARGIN: '0.8', RATE_LIMIT_PER_MINUTE: '0' } });
    // "Pro": 10 monthly cohorts (12 … 3 months ago) of 5 customers; in each, customer 0 leaves in its 2nd month
    // and customer 1 in its 4th (when observed): 50 customers.
    for (let c = 12; c >= 3; c--) {
      for (let j = 0; j < 5; j++) {
        const start = monthDay(-c, 10);
        const id = await createAccount(`PRO-${c}-${j}`, 'Pro');
        const value = 10_000 + 1_000 * j;
        await mrr(id, value, start);
        let churned = false;
        if (j === 0) {
          await mrr(id, 0, monthDay(-c + 1, 15));
          churned = true;
        } else if (j === 1 && c >= 4) {
          await mrr(id, 0, monthDay(-c + 3, 15));
          churned = true;
        }
        proAccounts.push({ id, start, mrr: value, churned });
      }
    }
    // "Tiny": one cohort of 4 (14 months ago), one churn 6 months ago → FORMULA.
    for (let j = 0; j < 4; j++) {
      const id = await createAccount(`TINY-${j}`, 'Tiny');
      await mrr(id, 10_000, monthDay(-14, 10));
      if (j === 0) await mrr(id, 0, monthDay(-6, 15));
      else tinyActive = id;
    }
    // "Zero": never churned → FORMULA with no value.
    for (let j = 0; j < 2; j++) {
      zeroActive = await createAccount(`ZERO-${j}`, 'Zero');
      await mrr(zeroActive, 5_000, monthDay(-8, 3));
    }
  });
  afterAll(() => t?.close());

  const FORECAST = `segment method alpha beta cohortsUsed customers monthlyChurn note survival { month survival }`;

  it('fits sBG on the pooled monthly cohorts of a segment: survival starts at 1 and decreases', async () => {
    const { retentionForecast: f } = await t.ok(`{ retentionForecast(segment: "Pro") { ${FORECAST} } }`);
    expect(f.method).toBe('SBG');
    expect(f.segment).toBe('Pro');
    expect(f.cohortsUsed).toBe(10);
    expect(f.customers).toBe(50);
    expect(f.alpha).toBeGreaterThan(0);
    expect(f.beta).toBeGreaterThan(0);
    expect(f.survival).toHaveLength(25);
    expect(f.survival[0]).toEqual({ month: 0, survival: 1 });
    for (let i = 1; i < f.survival.length; i++) expect(f.survival[i].survival).toBeLessThan(f.survival[i - 1].survival);
    expect(f.survival[24].survival).toBeLessThan(0.9);
    const stored = await t.db.query(
      `SELECT method, cohorts, survivors FROM clv_segment_fits WHERE segment_key = 's:Pro'`,
    );
    expect(stored.rows[0].cohorts).toBe(10);
    // Oldest cohort (12 months ago): customer 0 gone by month 2, customer 1 by month 4.
    expect(stored.rows[0].survivors[0]).toEqual([5, 5, 4, 4, 3, 3, 3, 3, 3, 3, 3, 3, 3]);
  });

  it('values an account at MRR × margin × DERL(monthly discount of 10 %/year, renewals = months so far)', async () => {
    const { retentionForecast: f } = await t.ok(
      `{ retentionForecast(segment: "Pro", months: 3) { alpha beta survival { survival } } }`,
    );
    expect(f.survival).toHaveLength(4);
    const d = monthlyDiscountRate(0.1);
    const picks = proAccounts.filter((a) => !a.churned).slice(0, 6);
    const { accounts } = await t.ok(
      `{ accounts(first: 200, filter: { segment: "Pro" }) { edges { node { id mrrCents clv { valueCents method expectedLifetimeMonths renewals } } } } }`,
    );
    const byId = new Map(accounts.edges.map((e: any) => [e.node.id, e.node]));
    for (const a of picks) {
      const node: any = byId.get(a.id);
      const renewals = monthIndex(now.toISOString()) - monthIndex(a.start);
      expect(node.clv.method).toBe('SBG');
      expect(node.clv.renewals).toBe(renewals);
      expect(node.clv.valueCents).toBe(Math.round(a.mrr * 0.8 * sbgDerl(f.alpha, f.beta, d, renewals)));
      expect(node.clv.expectedLifetimeMonths).toBeGreaterThan(0);
    }
    // Churned accounts have no CLV.
    const gone: any = byId.get(proAccounts.find((a) => a.churned)!.id);
    expect(gone.clv).toBeNull();
  });

  it('falls back to the formula with too little history: MRR × margin / monthly churn of the last 12 months', async () => {
    const { retentionForecast: f } = await t.ok(`{ retentionForecast(segment: "Tiny", months: 2) { ${FORECAST} } }`);
    expect(f.method).toBe('FORMULA');
    expect(f.alpha).toBeNull();
    expect(f.cohortsUsed).toBe(1);
    expect(f.note).toMatch(/at least 6 cohorts and 30 customers/);
    // At risk at the starts of the last 12 full months: 6 × 4 + 4 + 5 × 3 = 43 customer-months, 1 churned.
    expect(f.monthlyChurn).toBeCloseTo(1 / 43, 12);
    expect(f.survival.map((p: any) => p.survival)).toEqual([1, 1 - 1 / 43, (1 - 1 / 43) ** 2]);
    const { account } = await t.ok(
      `query($id: ID) { account(id: $id) { clv { valueCents method expectedLifetimeMonths } } }`,
      { id: tinyActive },
    );
    expect(account.clv).toEqual({
      valueCents: Math.round(10_000 * 0.8 * 43),
      method: 'FORMULA',
      expectedLifetimeMonths: 43,
    });
    const zero = await t.ok(
      `query($id: ID) { account(id: $id) { clv { valueCents method expectedLifetimeMonths } } }`,
      { id: zeroActive },
    );
    expect(zero.account.clv).toEqual({ valueCents: null, method: 'FORMULA', expectedLifetimeMonths: null });
  });

  it('caches fits, refits on demand, and checks roles and inputs', async () => {
    const before = await t.db.query(`SELECT fitted_at FROM clv_segment_fits WHERE segment_key = '*'`);
    const { retentionForecast: all } = await t.ok(`{ retentionForecast { segment method cohortsUsed customers } }`);
    expect(all.segment).toBeNull();
    expect(all.customers).toBe(56);
    const again = await t.db.query(`SELECT fitted_at FROM clv_segment_fits WHERE segment_key = '*'`);
    expect(again.rows[0].fitted_at).toEqual(before.rows[0].fitted_at);
    const refit = await t.ok(`mutation { refitClvModels { segment method } }`);
    expect(refit.refitClvModels.map((r: any) => r.segment ?? '*').sort()).toEqual(['*', 'Pro', 'Tiny', 'Zero']);
    const after = await t.db.query(`SELECT fitted_at FROM clv_segment_fits WHERE segment_key = '*'`);
    expect(after.rows[0].fitted_at.getTime()).toBeGreaterThan(before.rows[0].fitted_at.getTime());

    const csm = await t.user('CSM');
    const ingest = await t.user('INGEST');
    expect((await t.ok(`{ retentionForecast(segment: "Pro") { method } }`, {}, csm.key)).retentionForecast.method).toBe(
      'SBG',
    );
    expect(errorCode(await t.gql(`{ retentionForecast(segment: "Pro") { method } }`, {}, ingest.key))).toBe(
      'FORBIDDEN',
    );
    expect(errorCode(await t.gql(`mutation { refitClvModels { method } }`, {}, csm.key))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql(`{ retentionForecast(segment: "Nope") { method } }`))).toBe('NOT_FOUND');
    expect(errorCode(await t.gql(`{ retentionForecast(segment: "Pro", months: 0) { method } }`))).toBe(
      'BAD_USER_INPUT',
    );
  });
});
