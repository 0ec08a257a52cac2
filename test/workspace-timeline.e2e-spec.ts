import { errorCode, startTestApp, TestApp } from './utils/test-app';
import { DAY_MS, insertAccount, setHealthHistory } from './utils/workspace-seed';

const TIMELINE = `query($id: ID!, $f: TimelineFilter, $first: Int, $after: String) {
  accountTimeline(accountId: $id, filter: $f, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id kind occurredAt title summary actor { id }
      mrr { type amountCents mrrBeforeCents mrrAfterCents } band { from to score } flag { type evidence }
      feedback { score category comment source sentiment topic } task { taskId title status outcome }
      playbookRun { playbookName status triggerKind } override { band reason expiresAt } churnReason { reason detail } } }
  } }`;

const iso = (daysAgo: number, hour = 12) => {
  const d = new Date(Date.now() - daysAgo * DAY_MS);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString();
};

describe('workspace: accountTimeline (HTTP)', () => {
  let t: TestApp;
  let csm: { id: string; key: string };
  let otherCsm: { id: string; key: string };
  let account: string;
  let taskId: string;

  beforeAll(async () => {
    t = await startTestApp();
    csm = await t.user('CSM');
    otherCsm = await t.user('CSM');
    account = await insertAccount(t, { name: 'Timeline Co', owner: csm.id, mrrCents: 0, status: 'PROSPECT' });
    // MRR: 0 → 1,000.00 (NEW, 20 days ago) → 1,500.00 (EXPANSION, 10 days ago)
    await t.ok(`mutation($i: RecordMrrChangeInput!) { recordMrrChange(input: $i) { id } }`, {
      i: { accountId: account, mrrCents: 100_000, effectiveAt: iso(20) },
    });
    await t.ok(`mutation($i: RecordMrrChangeInput!) { recordMrrChange(input: $i) { id } }`, {
      i: { accountId: account, mrrCents: 150_000, effectiveAt: iso(10) },
    });
    // Health: GREEN, GREEN, YELLOW (5 days ago), UNKNOWN (ignored), RED (2 days ago)
    await setHealthHistory(t, account, [
      [8, 80, 'GREEN'],
      [7, 78, 'GREEN'],
      [5, 60, 'YELLOW'],
      [4, null, 'UNKNOWN'],
      [2, 30, 'RED'],
    ]);
    // A flag raised 3 days ago and cleared 1 day ago.
    await t.db.query(
      `INSERT INTO health_flags (account_id, type, raised_at, cleared_at, evidence) VALUES ($1, 'DORMANT', $2, $3, 'no activity for 32 days')`,
      [account, iso(3), iso(1)],
    );
    // Feedback by the CSM, 6 days ago: an NPS 3 with a comment and a negative note.
    await t.ok(
      `mutation($i: RecordNpsInput!) { recordNps(input: $i) { id } }`,
      { i: { accountId: account, score: 3, comment: 'Too slow lately', respondedAt: iso(6) } },
      csm.key,
    );
    await t.ok(
      `mutation($i: RecordFeedbackInput!) { recordFeedback(input: $i) { id } }`,
      {
        i: {
          accountId: account,
          text: 'Asked about a discount',
          source: 'CALL',
          sentiment: 'NEGATIVE',
          occurredAt: iso(6, 13),
        },
      },
      csm.key,
    );
    // A task created and completed now; an override set now.
    const task = await t.ok(
      `mutation($i: CreateTaskInput!) { createTask(input: $i) { id } }`,
      { i: { accountId: account, title: 'Call the sponsor', type: 'CALL', dueAt: iso(-2) } },
      csm.key,
    );
    taskId = task.createTask.id;
    await t.ok(
      `mutation($id: ID!) { completeTask(id: $id, outcome: DONE, note: "spoke") { id } }`,
      { id: taskId },
      csm.key,
    );
    await t.ok(
      `mutation($a: ID!, $e: DateTime!) { overrideHealth(accountId: $a, band: YELLOW, reason: "renewal signed verbally", expiresAt: $e) { band } }`,
      { a: account, e: iso(-30) },
      csm.key,
    );
  });
  afterAll(() => t?.close());

  it('merges every source newest first, with plain-words titles and typed details', async () => {
    const d = await t.ok(TIMELINE, { id: account, first: 100 }, csm.key);
    const nodes = d.accountTimeline.edges.map((e: any) => e.node);
    const kinds = nodes.map((n: any) => n.kind);
    // Made "now": the task, its completion and the override (and whatever playbook the NPS detractor started).
    const recent = nodes.filter((n: any) => Date.parse(n.occurredAt) > Date.now() - 5 * 60_000).map((n: any) => n.kind);
    expect(recent).toEqual(expect.arrayContaining(['OVERRIDE_SET', 'TASK_COMPLETED', 'TASK_CREATED']));
    expect(kinds.slice(recent.length)).toEqual([
      'FLAG_CLEARED', // 1 day ago
      'HEALTH_BAND_CHANGED', // 2 days ago: YELLOW → RED (the UNKNOWN day between is skipped)
      'FLAG_RAISED', // 3 days ago
      'HEALTH_BAND_CHANGED', // 5 days ago: GREEN → YELLOW
      'FEEDBACK_NOTE', // 6 days ago, 13:00
      'NPS_RESPONSE', // 6 days ago, 12:00
      'MRR_MOVEMENT', // 10 days ago: expansion
      'MRR_MOVEMENT', // 20 days ago: new
    ]);
    expect(d.accountTimeline.totalCount).toBe(nodes.length);
    const times = nodes.map((n: any) => Date.parse(n.occurredAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    const byKind = (k: string) => nodes.filter((n: any) => n.kind === k);
    const [expansion, newBiz] = byKind('MRR_MOVEMENT');
    expect(expansion.mrr).toEqual({
      type: 'EXPANSION',
      amountCents: 50_000,
      mrrBeforeCents: 100_000,
      mrrAfterCents: 150_000,
    });
    expect(expansion.title).toBe('Expansion: MRR +500.00');
    expect(expansion.summary).toBe('MRR went from 1,000.00 to 1,500.00 a month.');
    expect(newBiz.mrr.type).toBe('NEW');
    const [toRed, toYellow] = byKind('HEALTH_BAND_CHANGED');
    expect(toRed.band).toEqual({ from: 'YELLOW', to: 'RED', score: 30 });
    expect(toRed.title).toBe('Health fell to RED');
    expect(toYellow.band).toEqual({ from: 'GREEN', to: 'YELLOW', score: 60 });
    const nps = byKind('NPS_RESPONSE')[0];
    expect(nps.title).toBe('NPS 3 (detractor)');
    expect(nps.summary).toBe('“Too slow lately”');
    expect(nps.feedback).toMatchObject({ score: 3, category: 'DETRACTOR', comment: 'Too slow lately' });
    expect(nps.actor).toEqual({ id: csm.id });
    expect(byKind('FEEDBACK_NOTE')[0].title).toBe('Negative feedback (call)');
    expect(byKind('FLAG_RAISED')[0].flag).toEqual({ type: 'DORMANT', evidence: 'no activity for 32 days' });
    expect(byKind('FLAG_CLEARED')[0].title).toBe('Red flag cleared: dormant');
    expect(byKind('TASK_COMPLETED')[0].task).toMatchObject({
      taskId,
      title: 'Call the sponsor',
      status: 'DONE',
      outcome: 'DONE',
    });
    expect(byKind('OVERRIDE_SET')[0].override).toMatchObject({ band: 'YELLOW', reason: 'renewal signed verbally' });
    expect(byKind('OVERRIDE_SET')[0].actor).toEqual({ id: csm.id });
  });

  it('filters by kind and pages with cursors: every event exactly once, in order', async () => {
    const all = await t.ok(TIMELINE, { id: account, first: 100 });
    const expected = all.accountTimeline.edges.map((e: any) => e.node.id);
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 20; i++) {
      const d: any = await t.ok(TIMELINE, { id: account, first: 3, after });
      seen.push(...d.accountTimeline.edges.map((e: any) => e.node.id));
      if (!d.accountTimeline.pageInfo.hasNextPage) break;
      after = d.accountTimeline.pageInfo.endCursor;
    }
    expect(seen).toEqual(expected);

    const f = await t.ok(TIMELINE, { id: account, f: { kinds: ['MRR_MOVEMENT', 'NPS_RESPONSE'] }, first: 2 });
    expect(f.accountTimeline.totalCount).toBe(3);
    expect(f.accountTimeline.edges.map((e: any) => e.node.kind)).toEqual(['NPS_RESPONSE', 'MRR_MOVEMENT']);
    const f2 = await t.ok(TIMELINE, {
      id: account,
      f: { kinds: ['MRR_MOVEMENT', 'NPS_RESPONSE'] },
      first: 2,
      after: f.accountTimeline.pageInfo.endCursor,
    });
    expect(f2.accountTimeline.edges.map((e: any) => e.node.mrr.type)).toEqual(['NEW']);
    expect(f2.accountTimeline.pageInfo.hasNextPage).toBe(false);
  });

  it("a CSM cannot read another book's timeline (NOT_FOUND, same as an unknown account)", async () => {
    const r = await t.gql(TIMELINE, { id: account }, otherCsm.key);
    expect(errorCode(r)).toBe('NOT_FOUND');
    expect(r.data).toBeNull();
    const unknown = await t.gql(TIMELINE, { id: '00000000-0000-4000-8000-000000000000' }, otherCsm.key);
    expect(errorCode(unknown)).toBe('NOT_FOUND');
    expect(unknown.errors?.[0]?.message).toBe(
      r.errors?.[0]?.message.replace(account, '00000000-0000-4000-8000-000000000000'),
    );
  });

  it('bad arguments are typed client errors, never INTERNAL_SERVER_ERROR', async () => {
    const bad = (b: string) => Buffer.from(b).toString('base64url');
    for (const vars of [
      { id: account, first: 0 },
      { id: account, after: 'garbage' },
      { id: account, after: bad('["2026-01-01T00:00:00.000000Z","NOPE","x"]') },
      { id: account, after: bad('["yesterday","NPS_RESPONSE","x"]') },
      { id: account, after: bad('[1,2,3]') },
      { id: account, f: { kinds: ['NOT_A_KIND'] } },
    ]) {
      const r = await t.gql(TIMELINE, vars);
      expect([r.errors?.[0]?.extensions?.code, vars]).toEqual(['BAD_USER_INPUT', vars]);
    }
    expect(errorCode(await t.gql(TIMELINE, { id: 'not-a-uuid' }))).toBe('NOT_FOUND');
    // Above the page limit the cost estimate refuses the query before it runs.
    expect(errorCode(await t.gql(TIMELINE, { id: account, first: 501 }))).toBe('QUERY_TOO_COMPLEX');
  });
});
