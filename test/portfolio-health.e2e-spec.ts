import { errorCode, startTestApp, TestApp } from './utils/test-app';
import { insertAccount, setHealth, setHealthHistory, setRisk, utcDay } from './utils/workspace-seed';

const PORTFOLIO = `query($w: Int, $s: String, $o: ID) { portfolioHealth(weeks: $w, segment: $s, ownerId: $o) {
  ownerId segment segments
  weeks { weekStart day accounts bands { band accounts mrrCents } }
  mrrAtRisk { accounts mrrCents redAccounts highRiskAccounts bookAccounts bookMrrCents }
  declines { account { name } comparedDay scoreFrom scoreTo bandFrom bandTo bandWorsened reason }
  declinesCount
} }`;
const COUNT = `query($f: AccountFilter) { accounts(filter: $f, first: 1) { totalCount } }`;

/** Days from today back to the Sunday ending the ISO week `weeksBack` weeks ago (1 = last week). */
function sundayAgo(weeksBack: number): number {
  const weekday = (new Date().getUTCDay() + 6) % 7; // Monday 0
  return weekday + 1 + 7 * (weeksBack - 1);
}

describe('portfolioHealth (HTTP)', () => {
  let t: TestApp;
  let csm: { id: string; key: string };
  let other: { id: string; key: string };
  let ingest: { id: string; key: string };
  const acc: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    csm = await t.user('CSM');
    other = await t.user('CSM');
    ingest = await t.user('INGEST');
    const [w2, w1] = [sundayAgo(2), sundayAgo(1)];
    // Weekly bars (segment ENT): A GREEN, GREEN, YELLOW; B GREEN, RED, RED; C (other CSM) —, YELLOW, UNKNOWN.
    acc.A = await insertAccount(t, { name: 'A', segment: 'ENT', owner: csm.id, mrrCents: 100_000 });
    acc.B = await insertAccount(t, { name: 'B', segment: 'ENT', owner: csm.id, mrrCents: 50_000 });
    acc.C = await insertAccount(t, { name: 'C', segment: 'ENT', owner: other.id, mrrCents: 20_000 });
    acc.D = await insertAccount(t, { name: 'D', segment: 'SMB', owner: csm.id, mrrCents: 7_000 });
    await setHealthHistory(t, acc.A, [
      [w2, 80, 'GREEN'],
      [w1, 78, 'GREEN'],
      [0, 60, 'YELLOW'],
    ]);
    await setHealthHistory(t, acc.B, [
      [w2, 75, 'GREEN'],
      [w1, 30, 'RED'],
      [0, 28, 'RED'],
    ]);
    await setHealthHistory(t, acc.C, [
      [w1, 55, 'YELLOW'],
      [0, null, 'UNKNOWN'],
    ]);
    await setHealthHistory(t, acc.D, [
      [w1, 35, 'RED'],
      [0, 85, 'GREEN'],
    ]);

    // MRR at risk (segment RISK): R1 RED; R2 HIGH risk; R3 both (once); R4 RED by override; R5 RED overridden to
    // GREEN (not at risk); R6 churned (never); R7 GREEN without a risk score.
    const risk = async (name: string, mrr: number, band: string, riskBand: string | null, status = 'ACTIVE') => {
      const id = await insertAccount(t, { name, segment: 'RISK', owner: other.id, mrrCents: mrr, status });
      await setHealth(t, id, { score: band === 'RED' ? 20 : band === 'YELLOW' ? 50 : 90, band });
      if (riskBand) await setRisk(t, id, riskBand === 'HIGH' ? 0.8 : 0.2, riskBand);
      return id;
    };
    await risk('R1', 10_000, 'RED', 'LOW');
    await risk('R2', 20_000, 'GREEN', 'HIGH');
    await risk('R3', 40_000, 'RED', 'HIGH');
    const r4 = await risk('R4', 80_000, 'YELLOW', 'MEDIUM');
    const r5 = await risk('R5', 160_000, 'RED', 'MEDIUM');
    await risk('R6', 320_000, 'RED', 'HIGH', 'CHURNED');
    await risk('R7', 640_000, 'GREEN', null);
    for (const [id, band] of [
      [r4, 'RED'],
      [r5, 'GREEN'],
    ])
      await t.db.query(
        `INSERT INTO health_overrides (account_id, band, reason, expires_at) VALUES ($1, $2, 'seen', now() + interval '5 days')`,
        [id, band],
      );

    // Declines (segment DECL), compared with the latest scored day of 7..10 days ago (8 here).
    const decl = async (name: string, past: [number, number, string], now: Parameters<typeof setHealth>[2]) => {
      const id = await insertAccount(t, { name, segment: 'DECL', owner: csm.id, mrrCents: 1_000 });
      await setHealthHistory(t, id, [past]);
      await setHealth(t, id, now);
      return id;
    };
    await decl('X1 fell 15 and worse band', [8, 70, 'GREEN'], {
      score: 55,
      band: 'YELLOW',
      flags: [{ type: 'PAYMENT_FAILED', evidence: '2 failed payment(s) in 30 days', since: new Date() }],
    });
    await decl('X2 fell 4, worse band', [8, 62, 'GREEN'], { score: 58, band: 'YELLOW' });
    await decl('X3 fell 9', [8, 65, 'YELLOW'], { score: 56, band: 'YELLOW' });
    await decl('X4 fell exactly 10', [9, 40, 'RED'], {
      score: 30,
      band: 'RED',
      components: [
        { key: 'login_frequency', score: 50, weight: 10, effectiveWeight: 0.1, contribution: 5, missing: false },
        { key: 'usage_trend', score: 10, weight: 50, effectiveWeight: 0.5, contribution: 5, missing: false },
      ],
    });
    await decl('X5 no point a week ago', [3, 90, 'GREEN'], { score: 40, band: 'RED' });
  });
  afterAll(() => t?.close());

  const bars = (weeks: any[]) =>
    weeks.map((w) => [
      w.day,
      Object.fromEntries(w.bands.filter((b: any) => b.accounts).map((b: any) => [b.band, [b.accounts, b.mrrCents]])),
    ]);

  it('weekly band mix of a segment: one bar per ISO week, the band on its last day with history; MRR per band', async () => {
    const d = (await t.ok(PORTFOLIO, { w: 3, s: 'ENT' })).portfolioHealth;
    expect(d.weeks.map((w: any) => w.weekStart)).toEqual([
      utcDay(-sundayAgo(3) + 1),
      utcDay(-sundayAgo(2) + 1),
      utcDay(-sundayAgo(1) + 1),
    ]);
    expect(bars(d.weeks)).toEqual([
      [utcDay(-sundayAgo(2)), { GREEN: [2, 150_000] }],
      [utcDay(-sundayAgo(1)), { GREEN: [1, 100_000], YELLOW: [1, 20_000], RED: [1, 50_000] }],
      [utcDay(0), { YELLOW: [1, 100_000], RED: [1, 50_000], UNKNOWN: [1, 20_000] }],
    ]);
    expect(d.weeks.map((w: any) => w.accounts)).toEqual([2, 3, 3]);
    // One owner within the segment: C (the other CSM's) leaves.
    const mine = (await t.ok(PORTFOLIO, { w: 3, s: 'ENT', o: csm.id })).portfolioHealth;
    expect(bars(mine.weeks).slice(1)).toEqual([
      [utcDay(-sundayAgo(1)), { GREEN: [1, 100_000], RED: [1, 50_000] }],
      [utcDay(0), { YELLOW: [1, 100_000], RED: [1, 50_000] }],
    ]);
  });

  it('every bar segment is exactly the Accounts list filtered by bandOn (whole book, a segment, an owner)', async () => {
    for (const vars of [{}, { s: 'ENT' }, { o: csm.id }]) {
      const d = (await t.ok(PORTFOLIO, { w: 3, ...vars })).portfolioHealth;
      let checked = 0;
      for (const w of d.weeks) {
        if (!w.day) continue;
        for (const b of w.bands) {
          const filter = { bandOn: { day: w.day, band: b.band }, segment: (vars as any).s, ownerId: (vars as any).o };
          const list = await t.ok(COUNT, { f: filter });
          expect([w.day, b.band, list.accounts.totalCount]).toEqual([w.day, b.band, b.accounts]);
          checked += b.accounts;
        }
      }
      expect(checked).toBeGreaterThan(0);
    }
    // The CSV export takes the same filter: bandOn=<day>:<band>.
    const res = await fetch(`${t.baseUrl}/export/accounts.csv?bandOn=${utcDay(-sundayAgo(1))}:RED&segment=ENT`, {
      headers: { authorization: `Bearer ${t.adminKey}` },
    });
    expect(res.status).toBe(200);
    const lines = (await res.text()).trim().split('\n');
    expect(lines.slice(1).map((l) => l.split(',')[2])).toEqual(['B']);
    const bad = await fetch(`${t.baseUrl}/export/accounts.csv?bandOn=yesterday:RED`, {
      headers: { authorization: `Bearer ${t.adminKey}` },
    });
    expect(bad.status).toBe(400);
  });

  it('MRR at risk is the union of RED (override included) and HIGH risk, live accounts only, each once', async () => {
    const r = (await t.ok(PORTFOLIO, { s: 'RISK' })).portfolioHealth.mrrAtRisk;
    // R1 10,000 + R2 20,000 + R3 40,000 + R4 80,000; book: R1..R5 and R7 = 950,000.
    expect(r).toEqual({
      accounts: 4,
      mrrCents: 150_000,
      redAccounts: 3,
      highRiskAccounts: 2,
      bookAccounts: 6,
      bookMrrCents: 950_000,
    });
    const list = await t.ok(
      `query($f: AccountFilter) { accounts(filter: $f) { totalCount edges { node { name } } } }`,
      {
        f: { segment: 'RISK', atRisk: true },
      },
    );
    expect(list.accounts.edges.map((e: any) => e.node.name)).toEqual(['R1', 'R2', 'R3', 'R4']);
    const rest = await t.ok(COUNT, { f: { segment: 'RISK', atRisk: false } });
    expect(rest.accounts.totalCount).toBe(3); // R5, R6 (churned), R7
  });

  it('declines of the last 7 days: a fall of ≥ 10 points or a worse band, biggest fall first, with the top reason', async () => {
    const d = (await t.ok(PORTFOLIO, { s: 'DECL' })).portfolioHealth;
    expect(d.declinesCount).toBe(3);
    expect(d.declines).toEqual([
      {
        account: { name: 'X1 fell 15 and worse band' },
        comparedDay: utcDay(-8),
        scoreFrom: 70,
        scoreTo: 55,
        bandFrom: 'GREEN',
        bandTo: 'YELLOW',
        bandWorsened: true,
        reason: 'Payment failed: 2 failed payment(s) in 30 days',
      },
      {
        account: { name: 'X4 fell exactly 10' },
        comparedDay: utcDay(-9),
        scoreFrom: 40,
        scoreTo: 30,
        bandFrom: 'RED',
        bandTo: 'RED',
        bandWorsened: false,
        // 0.5 × (100 − 10) = 45 points lost, more than login frequency's 0.1 × 50 = 5.
        reason: 'Usage trend scored 10 of 100 (−45 points)',
      },
      {
        account: { name: 'X2 fell 4, worse band' },
        comparedDay: utcDay(-8),
        scoreFrom: 62,
        scoreTo: 58,
        bandFrom: 'GREEN',
        bandTo: 'YELLOW',
        bandWorsened: true,
        reason: null,
      },
    ]);
  });

  it('a CSM gets their own book; another owner is FORBIDDEN; bad input is BAD_USER_INPUT; INGEST is refused', async () => {
    const own = (await t.ok(PORTFOLIO, { w: 3, s: 'ENT' }, csm.key)).portfolioHealth;
    expect(own.ownerId).toBe(csm.id);
    expect(own.segments).toEqual(['DECL', 'ENT', 'SMB']); // not RISK: the other CSM's accounts
    expect((await t.ok(PORTFOLIO, {})).portfolioHealth.segments).toEqual(['DECL', 'ENT', 'RISK', 'SMB']);
    expect(own.weeks[1].accounts).toBe(2); // A and B, not C
    expect(errorCode(await t.gql(PORTFOLIO, { o: other.id }, csm.key))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql(PORTFOLIO, {}, ingest.key))).toBe('FORBIDDEN');
    for (const [vars, field] of [
      [{ w: 0 }, 'weeks'],
      [{ w: 105 }, 'weeks'],
      [{ o: 'not-an-id' }, 'ownerId'],
      [{ s: 'a\u0000b' }, 'segment'],
    ] as const) {
      const r = await t.gql(PORTFOLIO, vars);
      expect([errorCode(r), r.errors?.[0]?.extensions?.fields?.[0]?.field]).toEqual(['BAD_USER_INPUT', field]);
    }
    const badDay = await t.gql(COUNT, { f: { bandOn: { day: '2026-02-30', band: 'RED' } } });
    expect(errorCode(badDay)).toBe('BAD_USER_INPUT');
  });
});
