import { errorCode, startTestApp, TestApp } from './utils/test-app';

/**
 * The voice-of-the-customer API (npsTrend, csatSummary, verbatims) on a small book recorded here, against figures
 * worked out by hand: monthly counts and intervals, CSAT, the feed's filters (LIKE wildcards taken literally),
 * paging, a CSM's own book, and typed errors.
 */
const now = new Date();
const monthStart = (k: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + k, 1));
/** The 15th of the previous month at noon, and one second into this month (both in the past). */
const LAST = new Date(monthStart(-1).getTime() + 14 * 86_400_000 + 12 * 3_600_000).toISOString();
const THIS = new Date(monthStart(0).getTime() + 1000).toISOString();

describe('voice of the customer API', () => {
  let t: TestApp;
  let csm: { id: string; key: string };
  let a = '';
  let b = '';

  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: '0' } });
    csm = await t.user('CSM');
    const account = async (externalId: string, segment: string, ownerId: string | null) =>
      (
        await t.ok(`mutation($i: CreateAccountInput!) { createAccount(input: $i) { id } }`, {
          i: { externalId, name: externalId, segment, ownerId },
        })
      ).createAccount.id as string;
    a = await account('voice-a', 'Alpha', csm.id);
    b = await account('voice-b', 'Beta', null);
    const nps = (accountId: string, score: number, respondedAt: string, comment?: string) =>
      t.ok(`mutation($i: RecordNpsInput!) { recordNps(input: $i) { id } }`, {
        i: { accountId, score, respondedAt, comment },
      });
    const csat = (accountId: string, score: number, respondedAt: string, comment?: string, topic?: string) =>
      t.ok(`mutation($i: RecordCsatInput!) { recordCsat(input: $i) { id } }`, {
        i: { accountId, score, respondedAt, comment, topic },
      });
    // Last month: A answers 10, 9 and 3. This month: B answers 7.
    await nps(a, 10, LAST, 'Great onboarding');
    await nps(a, 9, LAST);
    await nps(a, 3, LAST, 'The 100% broken_sync again');
    await nps(b, 7, THIS, 'ok');
    // CSAT: 2 last month (no comment), 5 and 4 this month.
    await csat(b, 2, LAST);
    await csat(b, 5, THIS, 'quick');
    await csat(b, 4, THIS, 'fine', 'Support');
    await t.ok(`mutation($i: RecordFeedbackInput!) { recordFeedback(input: $i) { id } }`, {
      i: { accountId: b, text: 'Called about 100% uptime', occurredAt: THIS },
    });
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  const TREND = `query($f: VoiceFilter, $m: Int!) { npsTrend(filter: $f, months: $m) {
    month responses promoters passives detractors nps confidenceLow confidenceHigh } }`;

  it('npsTrend: each month’s NPS and adjusted-Wald interval, worked by hand', async () => {
    const { npsTrend } = await t.ok(TREND, { m: 2 });
    expect(npsTrend.map((r: any) => r.month)).toEqual([
      monthStart(-1).toISOString().slice(0, 10),
      monthStart(0).toISOString().slice(0, 10),
    ]);
    // Last month: P 2, D 1 of 3 → NPS 100 × 1/3. n' = 6, p' = 2.75/6, d' = 1.75/6, centre 1/6,
    // Var = (0.75 − 1/36)/6 = 0.120370, margin 1.96 × 0.346945 = 0.680012 → [−51.33, 84.67].
    expect(npsTrend[0]).toMatchObject({ responses: 3, promoters: 2, passives: 0, detractors: 1 });
    expect(npsTrend[0].nps).toBeCloseTo(33.33, 2);
    expect(npsTrend[0].confidenceLow).toBeCloseTo(-51.33, 2);
    expect(npsTrend[0].confidenceHigh).toBeCloseTo(84.67, 2);
    // This month: one passive → NPS 0; n' = 4, p' = d' = 0.1875, Var = 0.375/4, margin 1.96 × 0.306186 → ±60.01.
    expect(npsTrend[1]).toMatchObject({ responses: 1, passives: 1, nps: 0 });
    expect(npsTrend[1].confidenceLow).toBeCloseTo(-60.01, 2);
    expect(npsTrend[1].confidenceHigh).toBeCloseTo(60.01, 2);

    // A segment with no answer last month: the month is there, with nulls.
    const beta = (await t.ok(TREND, { m: 2, f: { segment: 'Beta' } })).npsTrend;
    expect(beta[0]).toMatchObject({ responses: 0, nps: null, confidenceLow: null, confidenceHigh: null });
    expect(beta[1].responses).toBe(1);
    // A CSM's trend covers their own book (A only).
    const own = (await t.gql(TREND, { m: 2 }, csm.key)).data.npsTrend;
    expect(own.map((r: any) => r.responses)).toEqual([3, 0]);
    // The months add up to npsSummary over the same window.
    const summary = await t.ok(`query($f: DateTime) { npsSummary(filter: { from: $f }) { responses promoters } }`, {
      f: monthStart(-1).toISOString(),
    });
    expect(summary.npsSummary).toEqual({ responses: 4, promoters: 2 });
  });

  it('csatSummary: average, share satisfied and distribution, over a period', async () => {
    const CSAT = `query($f: CsatFilter) { csatSummary(filter: $f) { responses distribution satisfied csatPct average } }`;
    const all = (await t.ok(CSAT)).csatSummary;
    expect(all).toMatchObject({ responses: 3, distribution: [0, 1, 0, 1, 1], satisfied: 2 });
    expect(all.csatPct).toBeCloseTo(66.667, 3);
    expect(all.average).toBeCloseTo(11 / 3, 12);
    const thisMonth = (await t.ok(CSAT, { f: { from: monthStart(0).toISOString() } })).csatSummary;
    expect(thisMonth).toMatchObject({ responses: 2, satisfied: 2, csatPct: 100, average: 4.5 });
    // A CSM without CSAT answers in their book: none, and null figures.
    const own = (await t.gql(CSAT, {}, csm.key)).data.csatSummary;
    expect(own).toEqual({ responses: 0, distribution: [0, 0, 0, 0, 0], satisfied: 0, csatPct: null, average: null });
  });

  const FEED = `query($f: VerbatimFilter, $first: Int, $after: String) { verbatims(filter: $f, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id kind text score accountId occurredAt } } } }`;
  const feed = async (f: Record<string, unknown> = {}, key?: string) =>
    (await t.gql(FEED, { f, first: 50 }, key)).data.verbatims;

  it('verbatims: comments and notes newest first, each filter, LIKE wildcards matched literally', async () => {
    const all = await feed();
    // 3 NPS comments, 2 CSAT comments, 1 note; answers without a comment are left out.
    expect(all.totalCount).toBe(6);
    expect(all.edges.map((e: any) => e.node.kind).sort()).toEqual(['CSAT', 'CSAT', 'NPS', 'NPS', 'NPS', 'TEXT']);
    const times = all.edges.map((e: any) => Date.parse(e.node.occurredAt));
    expect([...times].sort((x, y) => y - x)).toEqual(times);

    expect((await feed({ search: '100%' })).totalCount).toBe(2);
    expect((await feed({ search: 'broken_sync' })).totalCount).toBe(1);
    // Unescaped, % and _ would match anything: here they match only themselves.
    expect((await feed({ search: 'broken%sync' })).totalCount).toBe(0);
    expect((await feed({ search: '_' })).totalCount).toBe(1);
    expect((await feed({ search: 'SUPPORT' })).totalCount).toBe(1); // the CSAT topic, any case
    expect((await feed({ minScore: 4, maxScore: 8 })).edges.map((e: any) => e.node.score).sort()).toEqual([4, 5, 7]);
    expect((await feed({ npsCategory: 'DETRACTOR' })).edges.map((e: any) => e.node.score)).toEqual([3]);
    expect((await feed({ kind: 'TEXT' })).edges.map((e: any) => e.node.text)).toEqual(['Called about 100% uptime']);
    expect((await feed({ segment: 'Alpha' })).totalCount).toBe(2);
    expect((await feed({ accountId: b })).totalCount).toBe(4);
    // A CSM sees their own book's verbatims only.
    const own = await feed({}, csm.key);
    expect(own.edges.every((e: any) => e.node.accountId === a)).toBe(true);
    expect(own.totalCount).toBe(2);
  });

  it('verbatims: pages of 2 walk the whole feed in order, without repeats', async () => {
    const all = (await feed()).edges.map((e: any) => e.node.id);
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 10; i++) {
      const page: any = (await t.ok(FEED, { first: 2, after })).verbatims;
      seen.push(...page.edges.map((e: any) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(all);
  });

  it('refuses bad input with typed errors', async () => {
    const bad = async (query: string, vars: Record<string, unknown> = {}) => {
      const r = await t.gql(query, vars);
      expect(errorCode(r)).toBe('BAD_USER_INPUT');
      return r.errors![0].extensions!;
    };
    expect((await bad(FEED, { f: { minScore: 5, maxScore: 3 } })).fields).toEqual([
      { field: 'filter.maxScore', message: 'must not be below minScore' },
    ]);
    await bad(FEED, { after: 'not-a-cursor' });
    await bad(TREND, { m: 0 });
    await bad(TREND, { m: 37 });
  });
});
