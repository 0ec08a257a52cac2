import { errorCode, startTestApp, TestApp } from './utils/test-app';

const NPS = `mutation($i: RecordNpsInput!) { recordNps(input: $i) { id accountId kind score category comment respondentEmail respondedAt occurredAt } }`;
const CSAT = `mutation($i: RecordCsatInput!) { recordCsat(input: $i) { id accountId kind score comment topic respondedAt } }`;
const TEXT = `mutation($i: RecordFeedbackInput!) { recordFeedback(input: $i) { id accountId kind text source sentiment tags occurredAt } }`;
const SUMMARY = `query($f: NpsSummaryFilter) { npsSummary(filter: $f) { responses promoters passives detractors nps confidenceLow confidenceHigh } }`;
const FEED = `query($id: ID, $first: Int, $after: String) { account(id: $id) { feedback(first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { cursor node { __typename id kind occurredAt
    ... on NpsResponse { score category }
    ... on CsatResponse { score topic }
    ... on Feedback { text source sentiment tags } } } } } }`;

describe('feedback (NPS, CSAT, verbatims) over HTTP', () => {
  let t: TestApp;
  let manager: { id: string; key: string };
  let csm: { id: string; key: string };
  let otherCsm: { id: string; key: string };
  let ingest: { id: string; key: string };

  beforeAll(async () => {
    t = await startTestApp();
    manager = await t.user('MANAGER');
    csm = await t.user('CSM');
    otherCsm = await t.user('CSM');
    ingest = await t.user('INGEST');
  });
  afterAll(() => t?.close());

  let n = 0;
  const account = async (input: Record<string, unknown> = {}): Promise<string> => {
    n += 1;
    const d = await t.ok(`mutation($i: CreateAccountInput!) { createAccount(input: $i) { id } }`, {
      i: { externalId: `FB-${n}`, name: `Feedback ${n}`, ...input },
    });
    return d.createAccount.id;
  };
  const nps = (i: Record<string, unknown>, key = t.adminKey) => t.gql(NPS, { i }, key);
  const csat = (i: Record<string, unknown>, key = t.adminKey) => t.gql(CSAT, { i }, key);
  const text = (i: Record<string, unknown>, key = t.adminKey) => t.gql(TEXT, { i }, key);
  const summary = async (f: Record<string, unknown> | null, key = t.adminKey) =>
    (await t.ok(SUMMARY, { f }, key)).npsSummary;
  const rows = (table: string, accountId: string) => t.count(table, 'account_id = $1', [accountId]);

  describe('validation', () => {
    it('rejects NPS scores that are not integers 0..10 with BAD_USER_INPUT and writes nothing', async () => {
      const id = await account();
      for (const score of [11, -1, 7.5, '7', null]) {
        const r = await nps({ accountId: id, score });
        expect({ score, code: errorCode(r) }).toEqual({ score, code: 'BAD_USER_INPUT' });
      }
      expect(await rows('nps_responses', id)).toBe(0);
    });

    it('rejects CSAT scores that are not integers 1..5 and writes nothing', async () => {
      const id = await account();
      for (const score of [0, 6, -1, 2.5, '3']) {
        const r = await csat({ accountId: id, score });
        expect({ score, code: errorCode(r) }).toEqual({ score, code: 'BAD_USER_INPUT' });
      }
      expect(await rows('csat_responses', id)).toBe(0);
    });

    it('refuses responses dated in the future (beyond 5 minutes of skew) and defaults respondedAt to now', async () => {
      const id = await account();
      const future = new Date(Date.now() + 60 * 60 * 1000).toISOString();
      const r = await nps({ accountId: id, score: 9, respondedAt: future });
      expect(errorCode(r)).toBe('BAD_USER_INPUT');
      expect(r.errors![0].extensions!.field).toBe('respondedAt');
      expect(errorCode(await csat({ accountId: id, score: 4, respondedAt: future }))).toBe('BAD_USER_INPUT');
      expect(errorCode(await text({ accountId: id, text: 'x', occurredAt: future }))).toBe('BAD_USER_INPUT');
      const before = Date.now();
      const ok = (await nps({ accountId: id, score: 9, respondedAt: null })).data.recordNps;
      expect(Math.abs(new Date(ok.respondedAt).getTime() - before)).toBeLessThan(10_000);
      const skewed = await nps({ accountId: id, score: 9, respondedAt: new Date(Date.now() + 60_000).toISOString() });
      expect(skewed.errors).toBeUndefined();
      expect(await rows('nps_responses', id)).toBe(2);
      expect(await rows('csat_responses', id)).toBe(0);
      expect(await rows('feedback_notes', id)).toBe(0);
    });

    it('limits verbatims to 10,000 characters, non-blank, with at most 20 tags of 1..50 characters', async () => {
      const id = await account();
      const max = (await text({ accountId: id, text: 'a'.repeat(10_000) })).data.recordFeedback;
      expect(max.text).toHaveLength(10_000);
      expect(max.source).toBe('OTHER');
      expect(max.sentiment).toBeNull();
      expect(max.tags).toEqual([]);
      const tooLong = await text({ accountId: id, text: 'a'.repeat(10_001) });
      expect(errorCode(tooLong)).toBe('BAD_USER_INPUT');
      expect(tooLong.errors![0].extensions!.field).toBe('text');
      expect(errorCode(await text({ accountId: id, text: '   ' }))).toBe('BAD_USER_INPUT');
      expect(
        errorCode(await text({ accountId: id, text: 'ok', tags: Array.from({ length: 21 }, (_, i) => `t${i}`) })),
      ).toBe('BAD_USER_INPUT');
      expect(errorCode(await text({ accountId: id, text: 'ok', tags: ['x'.repeat(51)] }))).toBe('BAD_USER_INPUT');
      expect(errorCode(await text({ accountId: id, text: 'ok', tags: ['  '] }))).toBe('BAD_USER_INPUT');
      expect(errorCode(await text({ accountId: id, text: 'ok', source: 'FAX' }))).toBe('BAD_USER_INPUT');
      expect(await rows('feedback_notes', id)).toBe(1);
      const tagged = (
        await text({
          accountId: id,
          text: ' Loves the new dashboard\nbut wants SSO ',
          source: 'CALL',
          sentiment: 'POSITIVE',
          tags: [' SSO', 'sso', 'Dashboards'],
        })
      ).data.recordFeedback;
      expect(tagged).toMatchObject({
        kind: 'TEXT',
        text: 'Loves the new dashboard\nbut wants SSO',
        source: 'CALL',
        sentiment: 'POSITIVE',
        tags: ['sso', 'dashboards'],
      });
    });
  });

  describe('recording', () => {
    it('derives the NPS category: 0–6 detractor, 7–8 passive, 9–10 promoter', async () => {
      const id = await account();
      const got: Record<number, string> = {};
      for (const score of [0, 6, 7, 8, 9, 10]) {
        const r = (await nps({ accountId: id, score, comment: `said ${score}`, respondentEmail: ' Ann@Example.COM ' }))
          .data.recordNps;
        expect(r).toMatchObject({
          accountId: id,
          kind: 'NPS',
          score,
          comment: `said ${score}`,
          respondentEmail: 'ann@example.com',
        });
        got[score] = r.category;
      }
      expect(got).toEqual({
        0: 'DETRACTOR',
        6: 'DETRACTOR',
        7: 'PASSIVE',
        8: 'PASSIVE',
        9: 'PROMOTER',
        10: 'PROMOTER',
      });
      const stored = await t.db.query(
        `SELECT score, category FROM nps_responses WHERE account_id = $1 ORDER BY score`,
        [id],
      );
      expect(stored.rows.map((r) => `${r.score}:${r.category}`)).toEqual([
        '0:DETRACTOR',
        '6:DETRACTOR',
        '7:PASSIVE',
        '8:PASSIVE',
        '9:PROMOTER',
        '10:PROMOTER',
      ]);
      const c = (await csat({ accountId: id, score: 4, topic: 'Support ticket', comment: 'quick' })).data.recordCsat;
      expect(c).toMatchObject({ kind: 'CSAT', score: 4, topic: 'Support ticket', comment: 'quick' });
    });

    it('lets ADMIN, MANAGER, INGEST write anywhere and a CSM only on their own book', async () => {
      const mine = await account({ ownerId: csm.id });
      const theirs = await account({ ownerId: otherCsm.id });
      for (const key of [t.adminKey, manager.key, ingest.key]) {
        expect((await nps({ accountId: theirs, score: 8 }, key)).errors).toBeUndefined();
        expect((await csat({ accountId: theirs, score: 3 }, key)).errors).toBeUndefined();
        expect((await text({ accountId: theirs, text: 'hi' }, key)).errors).toBeUndefined();
      }
      expect((await nps({ accountId: mine, score: 2 }, csm.key)).data.recordNps.category).toBe('DETRACTOR');
      expect((await csat({ accountId: mine, score: 5 }, csm.key)).errors).toBeUndefined();
      expect((await text({ accountId: mine, text: 'Call notes', source: 'MEETING' }, csm.key)).errors).toBeUndefined();
      // Another CSM's account is hidden from this CSM: NOT_FOUND, nothing written.
      expect(errorCode(await nps({ accountId: theirs, score: 2 }, csm.key))).toBe('NOT_FOUND');
      expect(errorCode(await csat({ accountId: theirs, score: 2 }, csm.key))).toBe('NOT_FOUND');
      expect(errorCode(await text({ accountId: theirs, text: 'x' }, csm.key))).toBe('NOT_FOUND');
      expect(await rows('nps_responses', theirs)).toBe(3);
      expect(await rows('csat_responses', theirs)).toBe(3);
      expect(await rows('feedback_notes', theirs)).toBe(3);
      const unknown = '00000000-0000-4000-8000-000000000000';
      expect(errorCode(await nps({ accountId: unknown, score: 5 }))).toBe('NOT_FOUND');
      expect(errorCode(await nps({ accountId: 'not-a-uuid', score: 5 }))).toBe('BAD_USER_INPUT');
      // Reads stay closed to INGEST keys.
      expect(errorCode(await t.gql(SUMMARY, {}, ingest.key))).toBe('FORBIDDEN');
      expect(errorCode(await t.gql(SUMMARY, {}, null))).toBe('UNAUTHENTICATED');
    });
  });

  describe('npsSummary', () => {
    let hand: string;
    let other: string;
    // Hand-worked book, one response a day from 2025-03-01: 5 promoters, 3 passives, 2 detractors.
    const scores = [10, 9, 9, 10, 9, 7, 8, 7, 3, 6];
    const day = (i: number) => new Date(Date.UTC(2025, 2, 1 + i)).toISOString();

    beforeAll(async () => {
      hand = await account({ ownerId: csm.id, segment: 'Hand-Worked' });
      other = await account({ ownerId: otherCsm.id, segment: 'Other-Seg' });
      for (const [i, score] of scores.entries())
        await t.ok(NPS, { i: { accountId: hand, score, respondedAt: day(i) } });
      await t.ok(NPS, { i: { accountId: other, score: 0, respondedAt: day(2) } });
      await t.ok(NPS, { i: { accountId: other, score: 4, respondedAt: day(3) } });
    });

    it('computes NPS and the adjusted-Wald interval of a hand-worked example', async () => {
      // n = 10, 5 promoters, 3 passives, 2 detractors → NPS = 100 × (5 − 2) / 10 = 30.
      // Adjusted Wald (Rocks 2016): n' = 13, p' = 5.75/13, d' = 2.75/13, NPS' = p' − d' = 3/13 = 0.2307692308
      // Var = [p' + d' − (p' − d')²] / n' = [8.5/13 − 9/169] / 13 = 101.5 / 2197 = 0.0461993628
      // √Var = 0.2149403703, margin = 1.96 × √Var = 0.4212831257
      // low  = 100 × (0.2307692308 − 0.4212831257) = −19.0513894940
      // high = 100 × (0.2307692308 + 0.4212831257) =  65.2052356478
      const s = await summary({ segment: 'Hand-Worked' });
      expect(s).toMatchObject({ responses: 10, promoters: 5, passives: 3, detractors: 2 });
      expect(s.nps).toBeCloseTo(30, 9);
      expect(Math.abs(s.confidenceLow - 100 * (3 / 13 - 1.96 * Math.sqrt(101.5 / 2197)))).toBeLessThan(1e-9);
      expect(Math.abs(s.confidenceHigh - 100 * (3 / 13 + 1.96 * Math.sqrt(101.5 / 2197)))).toBeLessThan(1e-9);
      expect(Math.abs(s.confidenceLow - -19.051389494)).toBeLessThan(1e-8);
      expect(Math.abs(s.confidenceHigh - 65.2052356478)).toBeLessThan(1e-8);
    });

    it('gives null figures (not 0) when nothing matches', async () => {
      expect(await summary({ from: '2001-01-01T00:00:00Z', to: '2002-01-01T00:00:00Z' })).toEqual({
        responses: 0,
        promoters: 0,
        passives: 0,
        detractors: 0,
        nps: null,
        confidenceLow: null,
        confidenceHigh: null,
      });
      expect((await summary({ segment: 'No-Such-Segment' })).nps).toBeNull();
    });

    it('filters by segment, owner, account and a half-open period [from, to)', async () => {
      expect((await summary({ segment: 'Other-Seg' })).responses).toBe(2);
      expect((await summary({ segment: 'Other-Seg' })).nps).toBe(-100);
      expect((await summary({ accountId: other })).detractors).toBe(2);
      expect((await summary({ accountId: hand })).responses).toBe(10);
      const byOwner = await summary({ ownerId: otherCsm.id, from: day(0), to: day(10) });
      expect(byOwner).toMatchObject({ responses: 2, detractors: 2 });
      // [03-01, 03-06): days 0..4, five promoters; the passive exactly at `to` (03-06) is excluded.
      const first = await summary({ accountId: hand, from: day(0), to: day(5) });
      expect(first).toMatchObject({ responses: 5, promoters: 5, passives: 0, detractors: 0, nps: 100 });
      // [03-06, …): the response exactly at `from` is included: 3 passives, 2 detractors → −40.
      const second = await summary({ accountId: hand, from: day(5) });
      expect(second).toMatchObject({ responses: 5, promoters: 0, passives: 3, detractors: 2, nps: -40 });
      expect((await summary({ segment: 'Hand-Worked', to: day(1) })).responses).toBe(1);
      expect(errorCode(await t.gql(SUMMARY, { f: { from: day(5), to: day(1) } }))).toBe('BAD_USER_INPUT');
      expect(errorCode(await t.gql(SUMMARY, { f: { ownerId: 'nope' } }))).toBe('BAD_USER_INPUT');
    });

    it("limits a CSM to their own book's responses, whatever the filter says", async () => {
      expect(await summary({ segment: 'Hand-Worked' }, csm.key)).toMatchObject({ responses: 10, nps: 30 });
      expect(await summary({ segment: 'Other-Seg' }, csm.key)).toMatchObject({ responses: 0, nps: null });
      expect((await summary({ accountId: other }, csm.key)).responses).toBe(0);
      expect((await summary({ ownerId: otherCsm.id }, csm.key)).responses).toBe(0);
      expect(await summary({ segment: 'Other-Seg' }, otherCsm.key)).toMatchObject({ responses: 2, nps: -100 });
      expect((await summary({ segment: 'Hand-Worked' }, otherCsm.key)).responses).toBe(0);
      expect((await summary({ segment: 'Other-Seg' }, manager.key)).responses).toBe(2);
    });
  });

  describe('account.nps and account.feedback', () => {
    it('shows the latest response and the last 12 months on each account (batched over a list)', async () => {
      const seg = 'NpsField';
      const a = await account({ segment: seg, name: 'NpsField A' });
      const b = await account({ segment: seg, name: 'NpsField B' });
      const ago = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
      await t.ok(NPS, { i: { accountId: a, score: 0, respondedAt: ago(400) } });
      await t.ok(NPS, { i: { accountId: a, score: 10, respondedAt: ago(30) } });
      await t.ok(NPS, { i: { accountId: a, score: 6, respondedAt: ago(10) } });
      await t.ok(NPS, { i: { accountId: a, score: 9, respondedAt: ago(20) } });
      const d = await t.ok(
        `{ accounts(filter: { segment: "${seg}" }) { edges { node { name nps { latestScore latestCategory nps12m responses12m } } } } }`,
      );
      const byName = Object.fromEntries(d.accounts.edges.map((e: any) => [e.node.name, e.node.nps]));
      // Last 12 months: 10, 9 (promoters) and 6 (detractor) → 100 × (2 − 1) / 3; the 400-day-old 0 is outside.
      expect(byName['NpsField A']).toEqual({
        latestScore: 6,
        latestCategory: 'DETRACTOR',
        nps12m: 100 / 3,
        responses12m: 3,
      });
      expect(byName['NpsField B']).toEqual({ latestScore: null, latestCategory: null, nps12m: null, responses12m: 0 });
      void b;
    });

    it('pages through NPS, CSAT and verbatims together, newest first, without losing ties', async () => {
      const id = await account({ ownerId: csm.id });
      const at = (m: number) => new Date(Date.UTC(2025, 5, 1, 12, m)).toISOString();
      await t.ok(NPS, { i: { accountId: id, score: 9, respondedAt: at(1) } });
      await t.ok(CSAT, { i: { accountId: id, score: 2, topic: 'Billing', respondedAt: at(2) } });
      await t.ok(TEXT, {
        i: { accountId: id, text: 'Renewal worries', source: 'EMAIL', sentiment: 'NEGATIVE', occurredAt: at(3) },
      });
      await t.ok(NPS, { i: { accountId: id, score: 3, respondedAt: at(4) } });
      // Three items at the same instant: the page boundary falls between them.
      await t.ok(CSAT, { i: { accountId: id, score: 5, respondedAt: at(5) } });
      await t.ok(TEXT, { i: { accountId: id, text: 'Great QBR', source: 'MEETING', occurredAt: at(5) } });
      await t.ok(NPS, { i: { accountId: id, score: 7, respondedAt: at(5) } });
      const seen: any[] = [];
      let after: string | null = null;
      const pages: number[] = [];
      for (let i = 0; i < 5; i++) {
        const d: any = await t.ok(FEED, { id, first: 2, after }, csm.key);
        const conn = d.account.feedback;
        expect(conn.totalCount).toBe(7);
        pages.push(conn.edges.length);
        seen.push(...conn.edges.map((e: any) => e.node));
        if (!conn.pageInfo.hasNextPage) break;
        after = conn.pageInfo.endCursor;
      }
      expect(pages).toEqual([2, 2, 2, 1]);
      expect(new Set(seen.map((x) => x.id)).size).toBe(7);
      expect(seen.map((x) => x.occurredAt)).toEqual([at(5), at(5), at(5), at(4), at(3), at(2), at(1)]);
      expect(seen.slice(3).map((x) => `${x.__typename}:${x.kind}`)).toEqual([
        'NpsResponse:NPS',
        'Feedback:TEXT',
        'CsatResponse:CSAT',
        'NpsResponse:NPS',
      ]);
      expect(seen[4]).toMatchObject({ text: 'Renewal worries', source: 'EMAIL', sentiment: 'NEGATIVE', tags: [] });
      expect(seen[5]).toMatchObject({ score: 2, topic: 'Billing' });
      expect(seen[3]).toMatchObject({ score: 3, category: 'DETRACTOR' });
      // Another CSM cannot see the account, hence not its feedback.
      expect((await t.ok(FEED, { id }, otherCsm.key)).account).toBeNull();
      expect(errorCode(await t.gql(FEED, { id, after: 'garbage' }))).toBe('BAD_USER_INPUT');
      expect(errorCode(await t.gql(FEED, { id, first: 0 }))).toBe('BAD_USER_INPUT');
      const empty = (await t.ok(FEED, { id: await account() })).account.feedback;
      expect(empty).toEqual({ totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] });
    });
  });
});
