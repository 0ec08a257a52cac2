import { errorCode, startTestApp, TestApp } from './utils/test-app';

/**
 * renewals(from, to, interval, filter) over HTTP on a hand-built book. Past renewals (2025, by quarter) are the
 * anniversaries of each account's renewal date (its sign-up when it has none); due when paying 30 days before,
 * outcome from the MRR 30 days after (docs/metrics.md, "Renewals"). Worked by hand:
 *   R1 SMB csm1 renews 2029-03-15: 10,000 since 2024-01-01, 12,000 from 2025-03-15 → Q1: due 10,000, renewed
 *      12,000, expanded +2,000
 *   R2 ENT csm2 no renewal date, customer since 2023-05-10: 20,000, 0 on 2025-05-10 → Q2: due 20,000, churned 20,000
 *   R3 SMB csm1 renews 2029-08-20: 5,000 since 2024-08-20, 4,000 from 2025-08-25 → Q3: due 5,000, renewed 4,000,
 *      contracted −1,000
 *   R4 ENT csm2 renews 2029-11-01: 3,000 since 2025-01-15 → Q4: due 3,000, renewed 3,000 (flat)
 *   R5 SMB csm1 renews 2029-02-01: 7,000 since 2025-01-20 → 2025-02-01 is not due (not paying on 2025-01-02)
 * Upcoming (relative to today): U1 renews in 10 days (1,000, GREEN), U2 in 20 days (2,000, RED override),
 * U3 in 40 days (3,000, YELLOW override), U4 churned (never listed); their MRR starts on 2026-03-01, so their 2025
 * anniversaries fall before they were customers and are not renewals.
 */
const QUARTERS = `query($f: MetricsFilter) { renewals(from: "2025-01-01", to: "2026-01-01", interval: QUARTER, filter: $f) {
  periods { periodStart dueCount dueMrrCents renewedCount renewedMrrCents churnedCount churnedMrrCents
            expandedCount expansionMrrCents contractedCount contractionMrrCents upcomingCount } } }`;
const UPCOMING = `query($from: Date!, $to: Date!, $first: Int) { renewals(from: $from, to: $to, interval: MONTH, upcomingLimit: $first) {
  upcomingCount upcoming { name renewalDate mrrCents band priority }
  periods { upcomingCount upcomingMrrCents atRiskCount atRiskMrrCents watchCount watchMrrCents dueCount } } }`;

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe('renewals (API)', () => {
  let t: TestApp;
  let csm1: { id: string; key: string };
  let csm2: { id: string; key: string };
  const ids: Record<string, string> = {};

  const mrr = (n: string, at: string, cents: number) =>
    t.ok(`mutation($i: RecordMrrChangeInput!) { recordMrrChange(input: $i) { type } }`, {
      i: { accountId: ids[n], mrrCents: cents, effectiveAt: at },
    });

  beforeAll(async () => {
    t = await startTestApp();
    csm1 = await t.user('CSM');
    csm2 = await t.user('CSM');
    const book: Array<[string, string, string, string | null, string | null]> = [
      ['R1', 'SMB', csm1.id, '2029-03-15', null],
      ['R2', 'ENT', csm2.id, null, '2023-05-10T00:00:00Z'],
      ['R3', 'SMB', csm1.id, '2029-08-20', null],
      ['R4', 'ENT', csm2.id, '2029-11-01', null],
      ['R5', 'SMB', csm1.id, '2029-02-01', null],
      ['U1', 'MID', csm2.id, day(10), null],
      ['U2', 'MID', csm2.id, day(20), null],
      ['U3', 'MID', csm2.id, day(40), null],
      ['U4', 'MID', csm2.id, day(15), null],
    ];
    for (const [n, segment, ownerId, renewalDate, customerSince] of book) {
      const r = await t.ok(`mutation($i: CreateAccountInput!) { createAccount(input: $i) { id } }`, {
        i: { externalId: `RN-${n}`, name: n, segment, ownerId, renewalDate, customerSince },
      });
      ids[n] = r.createAccount.id;
    }
    await mrr('R1', '2024-01-01T00:00:00Z', 10_000);
    await mrr('R1', '2025-03-15T00:00:00Z', 12_000);
    await mrr('R2', '2023-05-10T00:00:00Z', 20_000);
    await mrr('R2', '2025-05-10T00:00:00Z', 0);
    await mrr('R3', '2024-08-20T00:00:00Z', 5_000);
    await mrr('R3', '2025-08-25T00:00:00Z', 4_000);
    await mrr('R4', '2025-01-15T00:00:00Z', 3_000);
    await mrr('R5', '2025-01-20T00:00:00Z', 7_000);
    await mrr('U1', '2026-03-01T00:00:00Z', 1_000);
    await mrr('U2', '2026-03-01T00:00:00Z', 2_000);
    await mrr('U3', '2026-03-01T00:00:00Z', 3_000);
    await mrr('U4', '2026-03-01T00:00:00Z', 4_000);
    await mrr('U4', day(-5) + 'T00:00:00Z', 0);
    const expiresAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
    for (const [n, band] of [
      ['U1', 'GREEN'],
      ['U2', 'RED'],
      ['U3', 'YELLOW'],
    ]) {
      await t.ok(
        `mutation($a: ID!, $b: OverrideBand!, $e: DateTime!) { overrideHealth(accountId: $a, band: $b, expiresAt: $e, reason: "Test band for renewals") { band } }`,
        { a: ids[n], b: band, e: expiresAt },
      );
    }
  });
  afterAll(() => t?.close());

  const zero = {
    dueCount: 0,
    dueMrrCents: 0,
    renewedCount: 0,
    renewedMrrCents: 0,
    churnedCount: 0,
    churnedMrrCents: 0,
    expandedCount: 0,
    expansionMrrCents: 0,
    contractedCount: 0,
    contractionMrrCents: 0,
    upcomingCount: 0,
  };
  const q1 = {
    ...zero,
    dueCount: 1,
    dueMrrCents: 10_000,
    renewedCount: 1,
    renewedMrrCents: 12_000,
    expandedCount: 1,
    expansionMrrCents: 2_000,
  };
  const q2 = { ...zero, dueCount: 1, dueMrrCents: 20_000, churnedCount: 1, churnedMrrCents: 20_000 };
  const q3 = {
    ...zero,
    dueCount: 1,
    dueMrrCents: 5_000,
    renewedCount: 1,
    renewedMrrCents: 4_000,
    contractedCount: 1,
    contractionMrrCents: 1_000,
  };
  const q4 = { ...zero, dueCount: 1, dueMrrCents: 3_000, renewedCount: 1, renewedMrrCents: 3_000 };
  const strip = (periods: any[]) => periods.map(({ periodStart: _s, ...rest }) => rest);

  it('counts past renewals renewed, churned, expanded and contracted, worked by hand', async () => {
    const r = (await t.ok(QUARTERS)).renewals;
    expect(r.periods.map((p: any) => p.periodStart)).toEqual([
      '2025-01-01T00:00:00.000Z',
      '2025-04-01T00:00:00.000Z',
      '2025-07-01T00:00:00.000Z',
      '2025-10-01T00:00:00.000Z',
    ]);
    expect(strip(r.periods)).toEqual([q1, q2, q3, q4]);
  });

  it('filters by segment, and a CSM gets only their own book', async () => {
    expect(strip((await t.ok(QUARTERS, { f: { segment: 'SMB' } })).renewals.periods)).toEqual([q1, zero, q3, zero]);
    expect(strip((await t.ok(QUARTERS, {}, csm1.key)).renewals.periods)).toEqual([q1, zero, q3, zero]);
    expect(strip((await t.ok(QUARTERS, { f: { ownerId: csm2.id } })).renewals.periods)).toEqual([zero, q2, zero, q4]);
    expect(errorCode(await t.gql(QUARTERS, { f: { ownerId: csm2.id } }, csm1.key))).toBe('FORBIDDEN');
  });

  it('lists upcoming renewals at risk first, with the MRR up for renewal', async () => {
    const r = (await t.ok(UPCOMING, { from: day(0), to: day(60) })).renewals;
    // U4 churned: not up for renewal. U2 (RED) first, then U3 (YELLOW), then U1.
    expect(r.upcoming.map((u: any) => [u.name, u.priority, u.mrrCents])).toEqual([
      ['U2', 'AT_RISK', 2_000],
      ['U3', 'WATCH', 3_000],
      ['U1', 'OK', 1_000],
    ]);
    expect(r.upcomingCount).toBe(3);
    const sum = (k: string) => r.periods.reduce((s: number, p: any) => s + p[k], 0);
    expect([sum('upcomingCount'), sum('upcomingMrrCents')]).toEqual([3, 6_000]);
    expect([sum('atRiskCount'), sum('atRiskMrrCents'), sum('watchCount'), sum('watchMrrCents')]).toEqual([
      1, 2_000, 1, 3_000,
    ]);
    const cut = (await t.ok(UPCOMING, { from: day(0), to: day(60), first: 1 })).renewals;
    expect([cut.upcoming.length, cut.upcomingCount]).toEqual([1, 3]);
  });

  it('reads an explicit null interval as the default MONTH (renewals, mrrMovements, cohortRetention)', async () => {
    // A null given for a defaulted argument used to reach the services as null: cohortRetention then never
    // advanced its periods and the service ran out of memory (found by the query fuzz test).
    const q = `query($i: MetricsInterval, $c: CohortInterval) {
      renewals(from: "2025-01-01", to: "2025-04-01", interval: $i) { periods { periodStart } }
      mrrMovements(from: "2025-01-01", to: "2025-04-01", interval: $i) { periodStart }
      cohortRetention(from: "2024-01-01", to: "2025-04-01", interval: $c) { cohortStart } }`;
    const r = await t.ok(q, { i: null, c: null });
    expect(r.renewals.periods).toHaveLength(3);
    expect(r.mrrMovements).toHaveLength(3);
    expect(r.cohortRetention.map((c: any) => c.cohortStart)).toEqual([
      '2024-01-01T00:00:00.000Z',
      '2024-08-01T00:00:00.000Z',
      '2025-01-01T00:00:00.000Z',
    ]);
  });

  it('refuses bad input with BAD_USER_INPUT', async () => {
    expect(errorCode(await t.gql(UPCOMING, { from: '2025-02-01', to: '2025-01-01' }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await t.gql(UPCOMING, { from: '2025-01-01', to: '2025-02-01', first: 501 }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(errorCode(await t.gql(UPCOMING, { from: '2025-01-01', to: '2025-02-01', first: -1 }))).toBe(
      'BAD_USER_INPUT',
    );
  });
});
