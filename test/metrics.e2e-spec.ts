import { errorCode, startTestApp, TestApp } from './utils/test-app';

/**
 * Retention metrics over HTTP on a small book built through the API, with every expected number worked by
 * hand below. Period P = March 2025 = [2025-03-01, 2025-04-01). Owners: csm1 (A B E G), csm2 (C D F H).
 *
 *   A SMB  csm1  10,000 from 2024-11-01 → EXPANSION to 15,000 on 03-10
 *   B SMB  csm1  20,000 from 2024-06-01, CONTRACTION to 16,000 on 03-15, then a back-dated 25,000 on 2025-01-10
 *                (recorded last: re-derives B's March movement into a 9,000 contraction from 25,000)
 *   C ENT  csm2   8,000 from 2024-09-15 → CHURN exactly at 03-01T00:00Z (belongs to P; not served in P)
 *   D ENT  csm2  12,000 from 2024-10-01 → CHURN 03-05, REACTIVATION at 9,000 on 03-20
 *   E SMB  csm1  NEW 6,000 on 03-02, CHURN 03-25 (joined and left inside P)
 *   F SMB  csm2  NEW 7,000 on 03-12
 *   G ENT  csm1   5,000 from 2025-01-20 → EXPANSION to 6,000 exactly at 04-01T00:00Z (next period)
 *   H SMB  csm2   3,000 from 2024-01-10, CHURN 2024-08-01 → REACTIVATION at 4,000 on 03-18
 *
 * S (MRR > 0 just before 03-01) = {A 10,000, B 25,000, C 8,000, D 12,000, G 5,000}: 5 customers, 60,000.
 * In P: new 6,000 + 7,000 = 13,000; expansion 5,000; contraction 9,000; churn 8,000 + 12,000 + 6,000 = 26,000;
 * reactivation 9,000 + 4,000 = 13,000. End: A 15,000 B 16,000 D 9,000 F 7,000 G 5,000 H 4,000 = 56,000
 * = 60,000 + 13,000 + 5,000 + 13,000 − 9,000 − 26,000.
 */
const P = { from: '2025-03-01', to: '2025-04-01' };

const METRICS = `customersAtStart customersAtEnd newCustomers acquiredCustomers churnedCustomers reactivatedCustomers customersServed
  churnRate crr logoRetentionRate startMrrCents newMrrCents expansionMrrCents contractionMrrCents churnedMrrCents reactivationMrrCents endMrrCents
  netNewMrrCents nrr grr startArrCents endArrCents arrGrowth mrrGrowthQoq mrrGrowthYoy quickRatio arpaCents clvCents csCostCents
  crcCents existingRevenueShare nps npsResponses days from to`;
const RETENTION = `query($p: PeriodInput!, $f: MetricsFilter) { retentionMetrics(period: $p, filter: $f) { ${METRICS} } }`;
const WATERFALL = `query($from: Date!, $to: Date!, $i: MetricsInterval, $f: MetricsFilter) {
  mrrMovements(from: $from, to: $to, interval: $i, filter: $f) { periodStart periodEnd start new expansion contraction churn reactivation end } }`;
const COHORTS = `query($from: Date!, $to: Date!, $i: CohortInterval, $f: MetricsFilter) {
  cohortRetention(from: $from, to: $to, interval: $i, filter: $f) {
    cohortStart size baseMrrCents periods { index periodStart periodEnd activeCustomers logoRetention mrrCents mrrRetention } } }`;
const SCORECARD = `query($p: PeriodInput!) { csmScorecard(period: $p) {
  owner { id name } accounts activeCustomers startMrrCents mrrCents churnRate nrr grr averageHealth nps } }`;
const RECORD_COST = `mutation($i: RecordCsCostInput!) { recordCsCost(input: $i) { id periodStart periodEnd amountCents category note recordedAt } }`;

describe('retention metrics over GraphQL', () => {
  let t: TestApp;
  let csm1: { id: string; key: string };
  let csm2: { id: string; key: string };
  let manager: { id: string; key: string };
  let ingest: { id: string; key: string };
  const ids: Record<string, string> = {};

  const mrr = (name: string, at: string, cents: number) =>
    t.ok(`mutation($i: RecordMrrChangeInput!) { recordMrrChange(input: $i) { type } }`, {
      i: { accountId: ids[name], mrrCents: cents, effectiveAt: at },
    });
  const nps = (name: string, score: number, at: string) =>
    t.ok(`mutation($i: RecordNpsInput!) { recordNps(input: $i) { id } }`, {
      i: { accountId: ids[name], score, respondedAt: at },
    });
  const retention = async (period = P, filter: Record<string, unknown> | null = null, key = t.adminKey) =>
    (await t.ok(RETENTION, { p: period, f: filter }, key)).retentionMetrics;

  beforeAll(async () => {
    t = await startTestApp({ env: { GROSS_MARGIN: '0.8' } });
    csm1 = await t.user('CSM');
    csm2 = await t.user('CSM');
    manager = await t.user('MANAGER');
    ingest = await t.user('INGEST');
    const book: Array<[string, string, string]> = [
      ['A', 'SMB', csm1.id],
      ['B', 'SMB', csm1.id],
      ['C', 'ENT', csm2.id],
      ['D', 'ENT', csm2.id],
      ['E', 'SMB', csm1.id],
      ['F', 'SMB', csm2.id],
      ['G', 'ENT', csm1.id],
      ['H', 'SMB', csm2.id],
    ];
    for (const [name, segment, ownerId] of book) {
      const r = await t.ok(`mutation($i: CreateAccountInput!) { createAccount(input: $i) { id } }`, {
        i: { externalId: `M-${name}`, name: `Account ${name}`, segment, ownerId },
      });
      ids[name] = r.createAccount.id;
    }
    await mrr('A', '2024-11-01T00:00:00Z', 10_000);
    await mrr('A', '2025-03-10T09:00:00Z', 15_000);
    await mrr('B', '2024-06-01T00:00:00Z', 20_000);
    await mrr('B', '2025-03-15T00:00:00Z', 16_000);
    await mrr('C', '2024-09-15T00:00:00Z', 8_000);
    await mrr('C', '2025-03-01T00:00:00Z', 0);
    await mrr('D', '2024-10-01T00:00:00Z', 12_000);
    await mrr('D', '2025-03-05T00:00:00Z', 0);
    await mrr('D', '2025-03-20T00:00:00Z', 9_000);
    await mrr('E', '2025-03-02T00:00:00Z', 6_000);
    await mrr('E', '2025-03-25T00:00:00Z', 0);
    await mrr('F', '2025-03-12T00:00:00Z', 7_000);
    await mrr('G', '2025-01-20T00:00:00Z', 5_000);
    await mrr('G', '2025-04-01T00:00:00Z', 6_000);
    await mrr('H', '2024-01-10T00:00:00Z', 3_000);
    await mrr('H', '2024-08-01T00:00:00Z', 0);
    await mrr('H', '2025-03-18T00:00:00Z', 4_000);
    // Back-dated: B was raised to 25,000 in January (recorded after its March contraction).
    await mrr('B', '2025-01-10T00:00:00Z', 25_000);
    // NPS in P: A 10 and B 9 (promoters), C 3 (detractor); D's (04-01) and E's (02-28) fall outside.
    await nps('A', 10, '2025-03-05T12:00:00Z');
    await nps('B', 9, '2025-03-31T23:59:59Z');
    await nps('C', 3, '2025-03-10T00:00:00Z');
    await nps('D', 8, '2025-04-01T00:00:00Z');
    await nps('E', 0, '2025-02-28T23:59:59Z');
  });
  afterAll(() => t?.close());

  it('computes every figure of the period for the whole book', async () => {
    const m = await retention();
    expect(m).toMatchObject({
      from: '2025-03-01T00:00:00.000Z',
      to: '2025-04-01T00:00:00.000Z',
      days: 31,
      customersAtStart: 5,
      customersAtEnd: 6, // A B D F G H
      newCustomers: 2, // E F
      acquiredCustomers: 3, // E F + H (reactivated while not in S)
      churnedCustomers: 3, // C D E — E joined and left inside P, and counts although not in S
      reactivatedCustomers: 2, // D (churned and reactivated in P) and H
      customersServed: 7, // all but C, whose churn is exactly at from
      churnRate: 60, // 3 / 5
      crr: 60, // the seed's count formula: (|E| 6 − |N| 3) / |S| 5 (E joined and left in P, and still counts in N)
      logoRetentionRate: 80, // |E − N| = {A B D G} = 4 of 5 start customers still active
      startMrrCents: 60_000,
      newMrrCents: 13_000,
      expansionMrrCents: 5_000,
      contractionMrrCents: 9_000, // B 25,000 → 16,000 after the back-dated change
      churnedMrrCents: 26_000,
      reactivationMrrCents: 13_000,
      endMrrCents: 56_000,
      netNewMrrCents: -4_000,
      nrr: 60, // (A 15,000 + B 16,000 + G 5,000) / 60,000; C and D count as fully churned
      startArrCents: 720_000,
      endArrCents: 672_000,
      mrrGrowthQoq: 12, // MRR before 2025-01-01: A 10,000 B 20,000 C 8,000 D 12,000 = 50,000 → 56,000
      arpaCents: 9_333, // 56,000 / 6
      nps: (100 * (2 - 1)) / 3,
      npsResponses: 3,
    });
    expect(m.grr).toBeCloseTo((100 * 31_000) / 60_000, 10); // min(start, end): 10,000 + 16,000 + 5,000
    expect(m.arrGrowth).toBeCloseTo((100 * -48_000) / 720_000, 10);
    expect(m.mrrGrowthYoy).toBeCloseTo((100 * (56_000 - 3_000)) / 3_000, 10); // before 2024-04-01 only H paid
    expect(m.quickRatio).toBeCloseTo(31_000 / 35_000, 12);
    expect(m.existingRevenueShare).toBeCloseTo((100 * 45_000) / 56_000, 10); // A B D G of S at the end
    // CLV = ARPA × GROSS_MARGIN (0.8 here) × lifetime; monthly churn = 1 − 0.4^(30.4375 / 31) = 0.5932939…
    // lifetime 1.6855053 months → 9,333 × 0.8 × 1.6855053 = 12,584.8.
    expect(m.clvCents).toBe(12_585);
    // No costs recorded yet: cost 0 and CRC 0 for 7 customers served.
    expect(m.csCostCents).toBe(0);
    expect(m.crcCents).toBe(0);
    // The identity.
    expect(
      m.startMrrCents +
        m.newMrrCents +
        m.expansionMrrCents +
        m.reactivationMrrCents -
        m.contractionMrrCents -
        m.churnedMrrCents,
    ).toBe(m.endMrrCents);
  });

  it('puts a movement exactly at from in the period and one exactly at to in the next', async () => {
    const april = await retention({ from: '2025-04-01', to: '2025-05-01' });
    expect(april).toMatchObject({
      customersAtStart: 6,
      expansionMrrCents: 1_000,
      startMrrCents: 56_000,
      endMrrCents: 57_000,
      churnedCustomers: 0,
    });
    expect(april.churnRate).toBe(0);
    expect(april.quickRatio).toBeNull();
    expect(april.clvCents).toBeNull(); // no churn → no finite lifetime
    const firstOfMarch = await retention({ from: '2025-03-01', to: '2025-03-02' });
    // C's churn at 03-01T00:00Z is in [03-01, 03-02); nothing else happens that day.
    expect(firstOfMarch).toMatchObject({
      customersAtStart: 5,
      churnedCustomers: 1,
      churnedMrrCents: 8_000,
      customersServed: 4,
      endMrrCents: 52_000,
    });
  });

  it('answers an empty period with zeros and nulls, not errors', async () => {
    const m = await retention({ from: '1990-01-01', to: '1990-02-01' });
    expect(m).toMatchObject({
      customersAtStart: 0,
      customersAtEnd: 0,
      customersServed: 0,
      startMrrCents: 0,
      endMrrCents: 0,
      churnRate: null,
      crr: null,
      logoRetentionRate: null,
      nrr: null,
      grr: null,
      arrGrowth: null,
      mrrGrowthQoq: null,
      mrrGrowthYoy: null,
      quickRatio: null,
      arpaCents: null,
      clvCents: null,
      csCostCents: 0,
      crcCents: null,
      existingRevenueShare: null,
      nps: null,
      npsResponses: 0,
    });
  });

  it('filters by segment and by owner', async () => {
    // SMB = A B E F H. S = {A 10,000, B 25,000}; end A 15,000 B 16,000 F 7,000 H 4,000 = 42,000; churned E.
    const smb = await retention(P, { segment: 'SMB' });
    expect(smb).toMatchObject({
      customersAtStart: 2,
      customersAtEnd: 4,
      churnedCustomers: 1,
      churnRate: 50,
      startMrrCents: 35_000,
      endMrrCents: 42_000,
      newMrrCents: 13_000,
      churnedMrrCents: 6_000,
      reactivationMrrCents: 4_000,
      customersServed: 5,
    });
    expect(smb.nrr).toBeCloseTo((100 * 31_000) / 35_000, 10);
    expect(smb.grr).toBeCloseTo((100 * 26_000) / 35_000, 10);
    // csm1 = A B E G: S = {A, B, G} 40,000; end 36,000; churned E; NRR 36,000 / 40,000; GRR 31,000 / 40,000.
    const own = await retention(P, { ownerId: csm1.id });
    expect(own).toMatchObject({
      customersAtStart: 3,
      startMrrCents: 40_000,
      endMrrCents: 36_000,
      churnedCustomers: 1,
      nrr: 90,
      grr: 77.5,
    });
    expect(own.churnRate).toBeCloseTo(100 / 3, 10);
    expect(own.nps).toBe(100); // A and B promoters
    // Both filters: SMB of csm2 = F H: nobody at start.
    const both = await retention(P, { segment: 'SMB', ownerId: csm2.id });
    expect(both).toMatchObject({
      customersAtStart: 0,
      customersAtEnd: 2,
      churnRate: null,
      nrr: null,
      endMrrCents: 11_000,
      acquiredCustomers: 2,
    });
  });

  it('restricts a CSM to their own book and keeps INGEST out', async () => {
    const mine = await retention(P, null, csm1.key);
    expect(mine).toMatchObject({ customersAtStart: 3, startMrrCents: 40_000, endMrrCents: 36_000 });
    expect((await retention(P, { ownerId: csm1.id }, csm1.key)).startMrrCents).toBe(40_000);
    expect((await retention(P, { segment: 'ENT' }, csm1.key)).startMrrCents).toBe(5_000); // only G
    const other = await t.gql(RETENTION, { p: P, f: { ownerId: csm2.id } }, csm1.key);
    expect(errorCode(other)).toBe('FORBIDDEN');
    expect(
      errorCode(await t.gql(WATERFALL, { from: '2025-01-01', to: '2025-02-01', f: { ownerId: csm2.id } }, csm1.key)),
    ).toBe('FORBIDDEN');
    expect((await t.ok(WATERFALL, { from: '2025-03-01', to: '2025-04-01' }, csm1.key)).mrrMovements[0]).toMatchObject({
      start: 40_000,
      end: 36_000,
    });
    for (const [doc, vars] of [
      [RETENTION, { p: P }],
      [WATERFALL, { from: '2025-01-01', to: '2025-02-01' }],
      [COHORTS, { from: '2025-01-01', to: '2025-02-01' }],
      [SCORECARD, { p: P }],
      [`query($p: PeriodInput!) { churnReasons(period: $p) { reason count } }`, { p: P }],
    ] as const) {
      expect(errorCode(await t.gql(doc, vars, ingest.key))).toBe('FORBIDDEN');
      expect((await t.gql(doc, vars, manager.key)).errors).toBeUndefined();
    }
  });

  it('validates periods, naming the field', async () => {
    const same = await t.gql(RETENTION, { p: { from: '2025-03-01', to: '2025-03-01' } });
    expect(errorCode(same)).toBe('BAD_USER_INPUT');
    expect(same.errors![0].extensions!.field).toBe('period.to');
    const reversed = await t.gql(WATERFALL, { from: '2025-03-01', to: '2025-02-01' });
    expect(reversed.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
    const tooLong = await t.gql(RETENTION, { p: { from: '2000-01-01', to: '2010-01-02' } });
    expect(tooLong.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'period.to' });
    expect((await t.gql(RETENTION, { p: { from: '2000-01-01', to: '2010-01-01' } })).errors).toBeUndefined();
    expect(errorCode(await t.gql(RETENTION, { p: { from: '2025-02-30', to: '2025-03-01' } }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await t.gql(RETENTION, { p: P, f: { ownerId: 'nope' } }))).toBe('BAD_USER_INPUT');
  });

  it('builds a monthly waterfall whose ends chain into the next starts', async () => {
    const rows = (await t.ok(WATERFALL, { from: '2025-01-01', to: '2025-04-15', i: 'MONTH' })).mrrMovements;
    const z = { new: 0, expansion: 0, contraction: 0, churn: 0, reactivation: 0 };
    expect(rows).toEqual([
      // Before 2025-01-01: A 10,000 B 20,000 C 8,000 D 12,000. January: B +5,000 (back-dated), G NEW 5,000.
      {
        periodStart: '2025-01-01T00:00:00.000Z',
        periodEnd: '2025-02-01T00:00:00.000Z',
        start: 50_000,
        ...z,
        new: 5_000,
        expansion: 5_000,
        end: 60_000,
      },
      {
        periodStart: '2025-02-01T00:00:00.000Z',
        periodEnd: '2025-03-01T00:00:00.000Z',
        start: 60_000,
        ...z,
        end: 60_000,
      },
      {
        periodStart: '2025-03-01T00:00:00.000Z',
        periodEnd: '2025-04-01T00:00:00.000Z',
        start: 60_000,
        new: 13_000,
        expansion: 5_000,
        contraction: 9_000,
        churn: 26_000,
        reactivation: 13_000,
        end: 56_000,
      },
      // A partial last bucket: G's expansion exactly at 04-01.
      {
        periodStart: '2025-04-01T00:00:00.000Z',
        periodEnd: '2025-04-15T00:00:00.000Z',
        start: 56_000,
        ...z,
        expansion: 1_000,
        end: 57_000,
      },
    ]);
    for (let i = 0; i + 1 < rows.length; i++) expect(rows[i + 1].start).toBe(rows[i].end);
    for (const r of rows) expect(r.start + r.new + r.expansion + r.reactivation - r.contraction - r.churn).toBe(r.end);

    const quarters = (await t.ok(WATERFALL, { from: '2025-01-01', to: '2025-04-15', i: 'QUARTER' })).mrrMovements;
    expect(
      quarters.map((q: any) => [
        q.periodStart.slice(0, 10),
        q.start,
        q.new,
        q.expansion,
        q.contraction,
        q.churn,
        q.reactivation,
        q.end,
      ]),
    ).toEqual([
      ['2025-01-01', 50_000, 18_000, 10_000, 9_000, 26_000, 13_000, 56_000],
      ['2025-04-01', 56_000, 0, 1_000, 0, 0, 0, 57_000],
    ]);
    // A partial first bucket starts at from, and the waterfall agrees with retentionMetrics on the same span.
    const mid = (await t.ok(WATERFALL, { from: '2025-02-15', to: '2025-03-20', i: 'YEAR', f: { segment: 'SMB' } }))
      .mrrMovements;
    const same = await retention({ from: '2025-02-15', to: '2025-03-20' }, { segment: 'SMB' });
    expect(mid).toHaveLength(1);
    expect(mid[0]).toMatchObject({
      periodStart: '2025-02-15T00:00:00.000Z',
      start: same.startMrrCents,
      end: same.endMrrCents,
    });
  });

  it('reports cohorts by customerSince with logo and MRR retention', async () => {
    const rows = (await t.ok(COHORTS, { from: '2024-09-01', to: '2025-04-01', i: 'MONTH' })).cohortRetention;
    const summary = rows.map((r: any) => ({
      cohort: r.cohortStart.slice(0, 7),
      size: r.size,
      base: r.baseMrrCents,
      mrr: r.periods.map((p: any) => p.mrrCents),
      active: r.periods.map((p: any) => p.activeCustomers),
    }));
    expect(summary).toEqual([
      // C: 8,000 until its churn exactly at 2025-03-01, so the period ending 04-01 has 0.
      {
        cohort: '2024-09',
        size: 1,
        base: 8_000,
        mrr: [8_000, 8_000, 8_000, 8_000, 8_000, 8_000, 0],
        active: [1, 1, 1, 1, 1, 1, 0],
      },
      // D: 12,000, churned 03-05 and back at 9,000 on 03-20.
      {
        cohort: '2024-10',
        size: 1,
        base: 12_000,
        mrr: [12_000, 12_000, 12_000, 12_000, 12_000, 9_000],
        active: [1, 1, 1, 1, 1, 1],
      },
      {
        cohort: '2024-11',
        size: 1,
        base: 10_000,
        mrr: [10_000, 10_000, 10_000, 10_000, 15_000],
        active: [1, 1, 1, 1, 1],
      },
      { cohort: '2025-01', size: 1, base: 5_000, mrr: [5_000, 5_000, 5_000], active: [1, 1, 1] },
      // E joined and left in March, F stays.
      { cohort: '2025-03', size: 2, base: 7_000, mrr: [7_000], active: [1] },
    ]);
    expect(rows[1].periods[5]).toMatchObject({
      index: 5,
      periodStart: '2025-03-01T00:00:00.000Z',
      periodEnd: '2025-04-01T00:00:00.000Z',
      logoRetention: 100,
      mrrRetention: 75,
    });
    expect(rows[2].periods[4].mrrRetention).toBe(150);
    expect(rows[4].periods[0]).toMatchObject({ logoRetention: 50, mrrRetention: 100 });
    expect(rows[0].periods[6]).toMatchObject({ logoRetention: 0, mrrRetention: 0 });

    const smb = (await t.ok(COHORTS, { from: '2024-09-01', to: '2025-04-01', i: 'MONTH', f: { segment: 'SMB' } }))
      .cohortRetention;
    expect(smb.map((r: any) => [r.cohortStart.slice(0, 7), r.size])).toEqual([
      ['2024-11', 1],
      ['2025-03', 2],
    ]);
    const q = (await t.ok(COHORTS, { from: '2024-07-01', to: '2025-04-01', i: 'QUARTER' })).cohortRetention;
    // Q3 2024 = C; Q4 2024 = D and A; Q1 2025 = G E F.
    expect(q.map((r: any) => [r.cohortStart.slice(0, 10), r.size, r.periods.map((p: any) => p.mrrCents)])).toEqual([
      ['2024-07-01', 1, [8_000, 8_000, 0]],
      ['2024-10-01', 2, [22_000, 24_000]],
      ['2025-01-01', 3, [12_000]],
    ]);
  });

  it('scores each CSM from one grouped computation; a CSM sees only their row', async () => {
    const present = (await t.db.query(`SELECT to_regclass('health_current') IS NOT NULL AS p`)).rows[0].p;
    const rows = (await t.ok(SCORECARD, { p: P }, manager.key)).csmScorecard;
    const byOwner = new Map(rows.map((r: any) => [r.owner.id, r]));
    expect(rows).toHaveLength(2);
    expect(byOwner.get(csm1.id)).toMatchObject({
      accounts: 4,
      activeCustomers: 3, // A B G
      startMrrCents: 40_000,
      mrrCents: 36_000,
      nrr: 90,
      grr: 77.5,
      nps: 100,
    });
    expect((byOwner.get(csm1.id) as any).churnRate).toBeCloseTo(100 / 3, 10);
    expect(byOwner.get(csm2.id)).toMatchObject({
      accounts: 4,
      activeCustomers: 3, // D F H
      startMrrCents: 20_000, // C 8,000 D 12,000
      mrrCents: 20_000,
      churnRate: 100, // C and D both churned
      nrr: 0,
      grr: 0,
      nps: -100,
    });
    if (!present) expect((byOwner.get(csm1.id) as any).averageHealth).toBeNull();
    const own = (await t.ok(SCORECARD, { p: P }, csm2.key)).csmScorecard;
    expect(own.map((r: any) => r.owner.id)).toEqual([csm2.id]);
  });

  it('records CS costs (MANAGER/ADMIN) and prorates a straddling cost into CRC', async () => {
    // 6,000 over [2025-02-15, 2025-03-17) = 30 days, 16 of them in March → 3,200; April's 1,000 adds nothing.
    const cost = await t.ok(
      RECORD_COST,
      {
        i: {
          periodStart: '2025-02-15',
          periodEnd: '2025-03-17',
          amountCents: 6_000,
          category: 'STAFF',
          note: 'half a CSM',
        },
      },
      manager.key,
    );
    expect(cost.recordCsCost).toMatchObject({
      periodStart: '2025-02-15',
      periodEnd: '2025-03-17',
      amountCents: 6_000,
      category: 'STAFF',
      note: 'half a CSM',
    });
    await t.ok(RECORD_COST, {
      i: { periodStart: '2025-04-01', periodEnd: '2025-05-01', amountCents: 1_000, category: 'TOOLS' },
    });
    const m = await retention();
    expect(m.csCostCents).toBe(3_200);
    expect(m.crcCents).toBe(457); // 3,200 / 7 served = 457.14
    // Filtered: the share of customers served — SMB served 5 of 7 → 3,200 × 5 / 7 = 2,285.7 → 2,286; CRC 457.2 → 457.
    const smb = await retention(P, { segment: 'SMB' });
    expect(smb).toMatchObject({ csCostCents: 2_286, crcCents: 457 });
    // February: 14 of the 30 days → 2,800; served in Feb: A B C D G H? H churned in 2024 → A B C D G = 5 → 560.
    expect(await retention({ from: '2025-02-01', to: '2025-03-01' })).toMatchObject({
      csCostCents: 2_800,
      crcCents: 560,
    });

    const before = await t.count('cs_costs');
    const bad = [
      [
        { periodStart: '2025-03-01', periodEnd: '2025-03-01', amountCents: 1, category: 'OTHER' },
        'periodEnd',
        manager.key,
      ],
      [
        { periodStart: '2025-03-01', periodEnd: '2025-04-01', amountCents: -1, category: 'OTHER' },
        'amountCents',
        manager.key,
      ],
    ] as const;
    for (const [i, field, key] of bad) {
      const r = await t.gql(RECORD_COST, { i }, key);
      expect(errorCode(r)).toBe('BAD_USER_INPUT');
      expect(r.errors![0].extensions!.field).toBe(field);
    }
    const good = { periodStart: '2025-03-01', periodEnd: '2025-04-01', amountCents: 1, category: 'OTHER' };
    expect(errorCode(await t.gql(RECORD_COST, { i: good }, csm1.key))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql(RECORD_COST, { i: good }, ingest.key))).toBe('FORBIDDEN');
    expect(await t.count('cs_costs')).toBe(before);
  });

  // Runs last: it adds accounts to the book.
  it('treats several movements at one instant by their ledger order (served = the state after the last one)', async () => {
    for (const name of ['J', 'K']) {
      const r = await t.ok(`mutation($i: CreateAccountInput!) { createAccount(input: $i) { id } }`, {
        i: { externalId: `M-${name}`, name: `Account ${name}`, segment: 'EDGE' },
      });
      ids[name] = r.createAccount.id;
    }
    // J: NEW 5,000 and CHURN at the same instant → never served. K: NEW 3,000 then 4,000 at the same instant → served.
    await mrr('J', '2025-05-10T00:00:00Z', 5_000);
    await mrr('J', '2025-05-10T00:00:00Z', 0);
    await mrr('K', '2025-05-20T00:00:00Z', 3_000);
    await mrr('K', '2025-05-20T00:00:00Z', 4_000);
    await t.ok(RECORD_COST, {
      i: { periodStart: '2025-05-01', periodEnd: '2025-06-01', amountCents: 3_100, category: 'PROGRAMS' },
    });
    const may = { from: '2025-05-01', to: '2025-06-01' };
    const edge = await retention(may, { segment: 'EDGE' });
    expect(edge).toMatchObject({
      customersAtStart: 0,
      customersAtEnd: 1,
      newCustomers: 2,
      churnedCustomers: 1,
      customersServed: 1,
      newMrrCents: 8_000,
      expansionMrrCents: 1_000,
      churnedMrrCents: 5_000,
      endMrrCents: 4_000,
      // Whole book in May: A B D F G H active at 05-01, plus K = 7 served; 3,100 × 1 / 7 = 442.9 → 443.
      csCostCents: 443,
      crcCents: 443,
    });
    const all = await retention(may);
    expect(all).toMatchObject({ customersServed: 7, csCostCents: 3_100, crcCents: 443, endMrrCents: 57_000 + 4_000 });
  });

  it('counts churn reasons by reason in the period and scope (empty while the table is missing)', async () => {
    const REASONS = `query($p: PeriodInput!, $f: MetricsFilter) { churnReasons(period: $p, filter: $f) { reason count } }`;
    const present = (await t.db.query(`SELECT to_regclass('churn_reasons') IS NOT NULL AS p`)).rows[0].p;
    if (!present) {
      expect((await t.ok(REASONS, { p: P })).churnReasons).toEqual([]);
      // The playbooks migration's shape (account_id, reason, detail, recorded_at).
      await t.db
        .query(`CREATE TABLE churn_reasons (account_id uuid NOT NULL REFERENCES accounts(id), id uuid NOT NULL DEFAULT gen_random_uuid(),
        reason text NOT NULL, detail text, recorded_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (account_id, id))`);
    }
    const add = (name: string, reason: string, at: string) =>
      t.db.query(`INSERT INTO churn_reasons (account_id, reason, detail, recorded_at) VALUES ($1, $2, 'e2e', $3)`, [
        ids[name],
        reason,
        at,
      ]);
    await add('C', 'PRICE', '2025-03-01T00:00:00Z'); // exactly at from: in
    await add('E', 'PRICE', '2025-03-25T00:00:00Z');
    await add('D', 'SERVICE', '2025-03-05T00:00:00Z');
    await add('H', 'PRICE', '2025-04-01T00:00:00Z'); // exactly at to: out
    expect((await t.ok(REASONS, { p: P })).churnReasons).toEqual([
      { reason: 'PRICE', count: 2 },
      { reason: 'SERVICE', count: 1 },
    ]);
    expect((await t.ok(REASONS, { p: P, f: { segment: 'ENT' } })).churnReasons).toEqual([
      { reason: 'PRICE', count: 1 },
      { reason: 'SERVICE', count: 1 },
    ]);
    expect((await t.ok(REASONS, { p: P }, csm1.key)).churnReasons).toEqual([{ reason: 'PRICE', count: 1 }]); // E
    expect(errorCode(await t.gql(REASONS, { p: P, f: { ownerId: csm1.id } }, csm2.key))).toBe('FORBIDDEN');
  });
});
