import { errorCode, startTestApp, TestApp } from './utils/test-app';
import { insertAccount, setHealth } from './utils/workspace-seed';

const SCORECARD = `query($p: PeriodInput!) { csmScorecard(period: $p) {
  owner { id } accounts startMrrCents mrrCents nrr grr churnedMrrCents customersServed
  healthMix { green yellow red unknown }
  tasksCompleted tasksCompletedOnTime onTimeShare tasksOverdue csCostCents crcCents } }`;
const RETENTION = `query($p: PeriodInput!, $f: MetricsFilter) { retentionMetrics(period: $p, filter: $f) {
  nrr grr churnedMrrCents customersServed csCostCents crcCents } }`;
const P = { from: '2025-03-01', to: '2025-04-01' };

/**
 * The CSM scorecard's fields on a small book worked by hand (March 2025):
 * CSM 1 owns A (10,000, churns 03-10), B (20,000 → 25,000 on 03-15; RED overridden to GREEN) and D (no MRR,
 * YELLOW); CSM 2 owns C (30,000, steady, no health yet). A cost of 10,000 covers exactly March.
 */
describe('csmScorecard (HTTP)', () => {
  let t: TestApp;
  let c1: { id: string; key: string };
  let c2: { id: string; key: string };
  const ids: Record<string, string> = {};
  const mrr = (name: string, at: string, cents: number) =>
    t.ok(`mutation($i: RecordMrrChangeInput!) { recordMrrChange(input: $i) { type } }`, {
      i: { accountId: ids[name], mrrCents: cents, effectiveAt: at },
    });
  const task = (assignee: string, created: string, due: string, status: string, completed: string | null) =>
    t.db.query(
      `INSERT INTO tasks (account_id, title, type, due_at, status, assignee_id, created_at, completed_at)
       VALUES ($1, 'Call', 'CALL', $2, $3, $4, $5, $6)`,
      [ids.B, due, status, assignee, created, completed],
    );

  beforeAll(async () => {
    t = await startTestApp();
    c1 = await t.user('CSM');
    c2 = await t.user('CSM');
    for (const [name, owner] of [
      ['A', c1.id],
      ['B', c1.id],
      ['D', c1.id],
      ['C', c2.id],
    ])
      ids[name] = await insertAccount(t, { name, owner, mrrCents: 0 });
    await mrr('A', '2025-01-01T00:00:00Z', 10_000);
    await mrr('B', '2025-01-01T00:00:00Z', 20_000);
    await mrr('C', '2025-01-01T00:00:00Z', 30_000);
    await mrr('A', '2025-03-10T00:00:00Z', 0);
    await mrr('B', '2025-03-15T00:00:00Z', 25_000);
    await setHealth(t, ids.B, { score: 20, band: 'RED' });
    await t.db.query(
      `INSERT INTO health_overrides (account_id, band, reason, expires_at) VALUES ($1, 'GREEN', 'exec sponsor back', now() + interval '3 days')`,
      [ids.B],
    );
    await setHealth(t, ids.D, { score: 55, band: 'YELLOW' });
    await t.ok(`mutation($i: RecordCsCostInput!) { recordCsCost(input: $i) { id } }`, {
      i: { periodStart: '2025-03-01', periodEnd: '2025-04-01', amountCents: 10_000, category: 'STAFF' },
    });
    // CSM 1's tasks (the period ends 2025-04-01, in the past: overdue is counted at that instant).
    await task(c1.id, '2025-02-20T00:00Z', '2025-03-05T00:00Z', 'DONE', '2025-03-04T10:00Z'); // done, on time
    await task(c1.id, '2025-03-01T00:00Z', '2025-03-10T00:00Z', 'DONE', '2025-03-12T10:00Z'); // done, late
    await task(c1.id, '2025-03-01T00:00Z', '2025-03-20T00:00Z', 'OPEN', null); // overdue at the end
    await task(c1.id, '2025-03-01T00:00Z', '2025-03-25T00:00Z', 'DONE', '2025-04-03T10:00Z'); // overdue at the end
    await task(c1.id, '2025-03-01T00:00Z', '2025-04-10T00:00Z', 'OPEN', null); // not yet due at the end
    await task(c1.id, '2025-03-01T00:00Z', '2025-03-15T00:00Z', 'CANCELLED', null); // never counted
    await task(c1.id, '2025-02-01T00:00Z', '2025-02-28T00:00Z', 'DONE', '2025-02-27T00:00Z'); // before the period
    await task(c2.id, '2025-03-01T00:00Z', '2025-03-31T00:00Z', 'DONE', '2025-03-31T00:00Z'); // at its due time: on time
  });
  afterAll(() => t?.close());

  it('adds churned MRR, the health mix, tasks and CRC to each row, worked by hand', async () => {
    const rows = (await t.ok(SCORECARD, { p: P })).csmScorecard;
    const one = rows.find((r: any) => r.owner.id === c1.id);
    const two = rows.find((r: any) => r.owner.id === c2.id);
    expect(one).toMatchObject({
      accounts: 3,
      startMrrCents: 30_000,
      mrrCents: 25_000,
      churnedMrrCents: 10_000, // A
      customersServed: 2, // A (until 03-10) and B
      healthMix: { green: 1, yellow: 1, red: 0, unknown: 0 }, // B by its override, D; A is churned
      tasksCompleted: 2,
      tasksCompletedOnTime: 1,
      onTimeShare: 50,
      tasksOverdue: 2,
      // 10,000 × 2 / 3 served = 6,666.67 → 6,667; CRC = 6,667 / 2 = 3,333.5 → 3,334 (halves up).
      csCostCents: 6_667,
      crcCents: 3_334,
    });
    // NRR = (30,000 + 5,000 − 10,000) / 30,000; GRR = (30,000 − 10,000) / 30,000.
    expect(one.nrr).toBeCloseTo(83.3333, 3);
    expect(one.grr).toBeCloseTo(66.6667, 3);
    expect(two).toMatchObject({
      accounts: 1,
      churnedMrrCents: 0,
      customersServed: 1,
      healthMix: { green: 0, yellow: 0, red: 0, unknown: 1 },
      tasksCompleted: 1,
      tasksCompletedOnTime: 1,
      onTimeShare: 100,
      tasksOverdue: 0,
      csCostCents: 3_333, // 10,000 / 3
      crcCents: 3_333,
      nrr: 100,
      grr: 100,
    });
  });

  it('agrees with retentionMetrics filtered to the same owner (one definition of NRR, GRR, churned MRR and CRC)', async () => {
    const rows = (await t.ok(SCORECARD, { p: P })).csmScorecard;
    for (const owner of [c1.id, c2.id]) {
      const r = (await t.ok(RETENTION, { p: P, f: { ownerId: owner } })).retentionMetrics;
      const row = rows.find((x: any) => x.owner.id === owner);
      expect({
        nrr: row.nrr,
        grr: row.grr,
        churnedMrrCents: row.churnedMrrCents,
        customersServed: row.customersServed,
        csCostCents: row.csCostCents,
        crcCents: row.crcCents,
      }).toEqual(r);
    }
  });

  it('a period without tasks or costs: on-time share null, cost 0, CRC 0; a CSM gets only their row; bad period refused', async () => {
    const rows = (await t.ok(SCORECARD, { p: { from: '2025-01-01', to: '2025-02-01' } })).csmScorecard;
    const one = rows.find((r: any) => r.owner.id === c1.id);
    expect(one).toMatchObject({ tasksCompleted: 0, onTimeShare: null, tasksOverdue: 0, csCostCents: 0, crcCents: 0 });
    const own = (await t.ok(SCORECARD, { p: P }, c2.key)).csmScorecard;
    expect(own.map((r: any) => r.owner.id)).toEqual([c2.id]);
    const bad = await t.gql(SCORECARD, { p: { from: '2025-04-01', to: '2025-03-01' } });
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
  });
});
