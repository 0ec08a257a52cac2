import { errorCode, startTestApp, TestApp } from './utils/test-app';
import {
  DAY_MS,
  insertAccount,
  insertTask,
  setHealth,
  setHealthHistory,
  setRisk,
  utcDay,
} from './utils/workspace-seed';

const LIST = `query($f: AccountFilter, $o: AccountOrder, $first: Int, $after: String) {
  accounts(filter: $f, orderBy: $o, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id name health { trend { delta7d } } healthTrend(days: 30) { day score band } } }
  } }`;
const TASKS = `query($f: TaskFilter) { tasks(filter: $f, first: 100) { totalCount edges { node { id snoozedUntil assignee { id } } } } }`;
const SNOOZE = `mutation($id: ID!, $u: DateTime) { snoozeTask(id: $id, until: $u) { id snoozedUntil status } }`;
const REASSIGN = `mutation($id: ID!, $a: ID!) { reassignTask(id: $id, assigneeId: $a) { id assignee { id } assignedVia } }`;

describe('workspace: accounts list filters and sorts, sparklines, snooze and reassign (HTTP)', () => {
  let t: TestApp;
  let manager: { id: string; key: string };
  let csm: { id: string; key: string };
  let otherCsm: { id: string; key: string };
  let ingest: { id: string; key: string };
  const acc: Record<string, string> = {};

  const names = async (f: Record<string, unknown>, o: string | null = 'NAME_ASC', key = t.adminKey) => {
    const d = await t.ok(LIST, { f, o, first: 100 }, key);
    return d.accounts.edges.map((e: any) => e.node.name as string);
  };

  beforeAll(async () => {
    t = await startTestApp();
    manager = await t.user('MANAGER');
    csm = await t.user('CSM');
    otherCsm = await t.user('CSM');
    ingest = await t.user('INGEST');
    // Five accounts with hand-picked renewals, health, 7-day changes, flags and risk.
    acc.a = await insertAccount(t, { name: 'A Alpha', owner: csm.id, renewal: utcDay(10), mrrCents: 50_000 });
    acc.b = await insertAccount(t, { name: 'B Bravo', owner: csm.id, renewal: utcDay(45), mrrCents: 20_000 });
    acc.c = await insertAccount(t, { name: 'C Charlie', owner: otherCsm.id, renewal: utcDay(100), mrrCents: 90_000 });
    acc.d = await insertAccount(t, { name: 'D Delta', owner: otherCsm.id, renewal: null, mrrCents: 10_000 });
    acc.e = await insertAccount(t, { name: 'E Echo', owner: csm.id, renewal: utcDay(0), mrrCents: 30_000 });
    await setHealth(t, acc.a, {
      score: 35,
      band: 'RED',
      delta7d: -22,
      flags: [{ type: 'DORMANT', evidence: 'no activity for 32 days', since: new Date(Date.now() - 2 * DAY_MS) }],
    });
    await setHealth(t, acc.b, { score: 60, band: 'YELLOW', delta7d: 4 });
    await setHealth(t, acc.c, { score: 80, band: 'GREEN', delta7d: -3 });
    await setHealth(t, acc.e, { score: 70, band: 'YELLOW', delta7d: 12 });
    await setHealthHistory(t, acc.a, [
      [40, 70, 'YELLOW'], // outside the 30-day window
      [29, 60, 'YELLOW'],
      [7, 57, 'YELLOW'],
      [0, 35, 'RED'],
    ]);
    await setRisk(t, acc.a, 0.7, 'HIGH');
    await setRisk(t, acc.b, 0.3, 'MEDIUM');
    await setRisk(t, acc.c, 0.1, 'LOW');
  });
  afterAll(() => t?.close());

  it('filters by renewal window (within N days, both ends included; between dates, half-open)', async () => {
    expect(await names({ renewalWithinDays: 45 })).toEqual(['A Alpha', 'B Bravo', 'E Echo']);
    expect(await names({ renewalWithinDays: 0 })).toEqual(['E Echo']);
    expect(await names({ renewalFrom: utcDay(10), renewalTo: utcDay(100) })).toEqual(['A Alpha', 'B Bravo']);
    expect(await names({ renewalFrom: utcDay(11) })).toEqual(['B Bravo', 'C Charlie']);
  });

  it('filters by red flag, band, risk band, owner, segment and search together', async () => {
    expect(await names({ hasRedFlag: true })).toEqual(['A Alpha']);
    expect(await names({ hasRedFlag: false })).toEqual(['B Bravo', 'C Charlie', 'D Delta', 'E Echo']);
    expect(await names({ band: 'YELLOW' })).toEqual(['B Bravo', 'E Echo']);
    expect(await names({ riskBand: 'MEDIUM' })).toEqual(['B Bravo']);
    expect(await names({ ownerId: otherCsm.id })).toEqual(['C Charlie', 'D Delta']);
    expect(await names({ ownerId: csm.id, band: 'YELLOW', renewalWithinDays: 30, search: 'ech' })).toEqual(['E Echo']);
  });

  it('sorts by 7-day change, risk and renewal (accounts without a value last), and pages with cursors', async () => {
    expect(await names({}, 'CHANGE_7D_ASC')).toEqual(['A Alpha', 'C Charlie', 'B Bravo', 'E Echo', 'D Delta']);
    expect(await names({}, 'CHANGE_7D_DESC')).toEqual(['E Echo', 'B Bravo', 'C Charlie', 'A Alpha', 'D Delta']);
    const byRisk = await names({}, 'RISK_ASC');
    expect(byRisk.slice(0, 3)).toEqual(['C Charlie', 'B Bravo', 'A Alpha']);
    expect(byRisk.slice(3).sort()).toEqual(['D Delta', 'E Echo']); // unscored: last, in id order
    expect(await names({}, 'RENEWAL_DESC')).toEqual(['C Charlie', 'B Bravo', 'A Alpha', 'E Echo', 'D Delta']);
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 5; i++) {
      const d: any = await t.ok(LIST, { o: 'CHANGE_7D_ASC', first: 2, after });
      seen.push(...d.accounts.edges.map((e: any) => e.node.name));
      if (!d.accounts.pageInfo.hasNextPage) break;
      after = d.accounts.pageInfo.endCursor;
    }
    expect(seen).toEqual(['A Alpha', 'C Charlie', 'B Bravo', 'E Echo', 'D Delta']);
  });

  it('healthTrend gives the stored points of the last N days, oldest first, for every account of a page', async () => {
    const d = await t.ok(LIST, { o: 'NAME_ASC', first: 10 });
    const byName = new Map(d.accounts.edges.map((e: any) => [e.node.name, e.node]));
    expect((byName.get('A Alpha') as any).healthTrend).toEqual([
      { day: utcDay(-29), score: 60, band: 'YELLOW' },
      { day: utcDay(-7), score: 57, band: 'YELLOW' },
      { day: utcDay(0), score: 35, band: 'RED' },
    ]);
    expect((byName.get('B Bravo') as any).healthTrend).toEqual([]);
    expect((byName.get('A Alpha') as any).health.trend.delta7d).toBe(-22);
    const short = await t.ok(`query($id: ID!) { account(id: $id) { healthTrend(days: 7) { day } } }`, { id: acc.a });
    expect(short.account.healthTrend).toEqual([{ day: utcDay(0) }]);
  });

  it('a CSM sees only their book, whatever the filters', async () => {
    expect(await names({}, 'NAME_ASC', csm.key)).toEqual(['A Alpha', 'B Bravo', 'E Echo']);
    expect(await names({ ownerId: otherCsm.id }, 'NAME_ASC', csm.key)).toEqual([]);
    expect(await names({ renewalFrom: utcDay(11) }, 'NAME_ASC', csm.key)).toEqual(['B Bravo']);
    const hidden = await t.ok(`query($id: ID!) { account(id: $id) { healthTrend { day } } }`, { id: acc.c }, csm.key);
    expect(hidden.account).toBeNull();
  });

  it('bad list arguments are typed client errors', async () => {
    for (const [f, extra] of [
      [{ renewalWithinDays: -1 }, {}],
      [{ renewalWithinDays: 5000 }, {}],
      [{ renewalFrom: '2026-02-30' }, {}],
      [{ ownerId: 'nope' }, {}],
    ] as const) {
      const r = await t.gql(LIST, { f, ...extra });
      expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    const r = await t.gql(`query($id: ID!) { account(id: $id) { healthTrend(days: 0) { day } } }`, { id: acc.a });
    expect(errorCode(r)).toBe('BAD_USER_INPUT');
    const r2 = await t.gql(`query($id: ID!) { account(id: $id) { usageByType(days: 400) { type } } }`, { id: acc.a });
    expect(errorCode(r2)).toBe('BAD_USER_INPUT');
  });

  it('account.summary: three plain lines from health, risk, the MRR ledger and the renewal', async () => {
    await t.db.query(
      `INSERT INTO mrr_movements (account_id, id, type, amount_cents, mrr_before_cents, mrr_after_cents, effective_at, seq)
       VALUES ($1, gen_random_uuid(), 'NEW', 40000, 0, 40000, now() - interval '120 days', 1),
              ($1, gen_random_uuid(), 'EXPANSION', 10000, 40000, 50000, now() - interval '30 days', 2)`,
      [acc.a],
    );
    await setRisk(t, acc.a, 0.7, 'HIGH', [{ feature: 'daysSinceLastActivity', value: 32, contribution: 1.4 }]);
    const d = await t.ok(`query($id: ID!) { account(id: $id) { summary } }`, { id: acc.a }, csm.key);
    expect(d.account.summary).toEqual([
      'Health RED (score 35, down 22 in 7 days); top reason: dormant: no activity for 32 days.',
      'High churn risk (70 %), mainly no activity for 32 days.',
      // 500.00 now against 400.00 ninety days ago: up 100.00, 25 %
      'MRR 500.00, up 100.00 (25 %) over 90 days; renews in 10 days (' + utcDay(10) + ').',
    ]);
    const list = await t.ok(
      `{ accounts(first: 10, orderBy: NAME_ASC) { edges { node { name summary } } } }`,
      {},
      csm.key,
    );
    const bravo = list.accounts.edges.find((e: any) => e.node.name === 'B Bravo').node;
    expect(bravo.summary[2]).toBe('MRR 200.00, no MRR history 90 days back; renews in 45 days (' + utcDay(45) + ').');
    const hidden = await t.ok(`query($id: ID!) { account(id: $id) { summary } }`, { id: acc.c }, csm.key);
    expect(hidden.account).toBeNull();
  });

  describe('snoozeTask', () => {
    let task: string;
    beforeAll(async () => {
      task = await insertTask(t, acc.a, csm.id, { title: 'Snooze me' });
    });

    it('hides an open task from task lists until then; includeSnoozed shows it; null wakes it; audited', async () => {
      const until = new Date(Date.now() + 3 * DAY_MS).toISOString();
      const d = await t.ok(SNOOZE, { id: task, u: until }, csm.key);
      expect(d.snoozeTask).toEqual({ id: task, snoozedUntil: until, status: 'OPEN' });
      const listed = async (f: Record<string, unknown> = {}) =>
        (await t.ok(TASKS, { f }, csm.key)).tasks.edges.map((e: any) => e.node.id as string);
      expect(await listed()).not.toContain(task);
      expect(await listed({ includeSnoozed: true })).toContain(task);
      expect(await t.count('audit_log', `operation = 'snoozeTask' AND $1 = ANY(target_ids)`, [task])).toBe(1);
      const woke = await t.ok(SNOOZE, { id: task, u: null }, csm.key);
      expect(woke.snoozeTask.snoozedUntil).toBeNull();
      expect(await listed()).toContain(task);
    });

    it('a snooze that has passed no longer hides the task', async () => {
      await t.db.query(`UPDATE tasks SET snoozed_until = now() - interval '1 minute' WHERE id = $1`, [task]);
      const d = await t.ok(TASKS, { f: { accountId: acc.a } }, csm.key);
      expect(d.tasks.edges.map((e: any) => e.node.id)).toContain(task);
    });

    it('refuses the past, more than 90 days, closed tasks and tasks the caller cannot see; changes nothing', async () => {
      const before = (await t.db.query(`SELECT snoozed_until FROM tasks WHERE id = $1`, [task])).rows[0];
      for (const u of [new Date(Date.now() - 60_000).toISOString(), new Date(Date.now() + 91 * DAY_MS).toISOString()]) {
        const r = await t.gql(SNOOZE, { id: task, u }, csm.key);
        expect(errorCode(r)).toBe('BAD_USER_INPUT');
        expect(r.errors?.[0]?.extensions?.fields?.[0]?.field).toBe('until');
      }
      expect(errorCode(await t.gql(SNOOZE, { id: task, u: 'tomorrow' }, csm.key))).toBe('BAD_USER_INPUT');
      const u = new Date(Date.now() + DAY_MS).toISOString();
      expect(errorCode(await t.gql(SNOOZE, { id: task, u }, otherCsm.key))).toBe('NOT_FOUND');
      expect(errorCode(await t.gql(SNOOZE, { id: 'not-a-uuid', u }, csm.key))).toBe('NOT_FOUND');
      expect(errorCode(await t.gql(SNOOZE, { id: task, u }, ingest.key))).toBe('FORBIDDEN');
      const done = await insertTask(t, acc.a, csm.id, { status: 'DONE' });
      expect(errorCode(await t.gql(SNOOZE, { id: done, u }, csm.key))).toBe('CONFLICT');
      const after = (await t.db.query(`SELECT snoozed_until FROM tasks WHERE id = $1`, [task])).rows[0];
      expect(after).toEqual(before);
    });
  });

  describe('reassignTask', () => {
    it('a MANAGER gives a task to the owning CSM or a manager; not to a CSM outside the book, INGEST, a deactivated user or nobody', async () => {
      const task = await insertTask(t, acc.a, manager.id);
      const d = await t.ok(REASSIGN, { id: task, a: csm.id }, manager.key);
      expect(d.reassignTask).toEqual({ id: task, assignee: { id: csm.id }, assignedVia: 'USER' });
      const gone = await t.user('MANAGER');
      await t.db.query(`UPDATE users SET deactivated_at = now() WHERE id = $1`, [gone.id]);
      for (const a of [otherCsm.id, ingest.id, gone.id, '00000000-0000-4000-8000-000000000000', 'x']) {
        const r = await t.gql(REASSIGN, { id: task, a }, manager.key);
        expect(errorCode(r)).toBe('BAD_USER_INPUT');
        expect(r.errors?.[0]?.extensions?.fields?.[0]?.field).toBe('assigneeId');
      }
      expect((await t.db.query(`SELECT assignee_id FROM tasks WHERE id = $1`, [task])).rows[0].assignee_id).toBe(
        csm.id,
      );
      expect(await t.count('audit_log', `operation = 'reassignTask' AND outcome = 'OK'`)).toBe(1);
    });

    it('a CSM cannot reassign (FORBIDDEN); a closed task is a CONFLICT', async () => {
      const task = await insertTask(t, acc.a, csm.id);
      expect(errorCode(await t.gql(REASSIGN, { id: task, a: manager.id }, csm.key))).toBe('FORBIDDEN');
      const done = await insertTask(t, acc.a, csm.id, { status: 'DONE' });
      expect(errorCode(await t.gql(REASSIGN, { id: done, a: manager.id }, manager.key))).toBe('CONFLICT');
    });
  });
});
