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

const MY_DAY = `query($o: ID, $tz: String) { myDay(ownerId: $o, timeZone: $tz) {
  owner { id }
  totals { accounts mrrCents arrCents bands { green yellow red unknown } }
  changes { kind reason scoreFrom scoreTo flagType riskBandFrom riskBandTo riskProbability account { id name } }
  overdueTasks { id title } overdueCount dueTodayTasks { id title } dueTodayCount
  renewals { daysToRenewal renewalDate band score riskBand riskProbability account { name } } renewalsCount
} }`;

describe('workspace: myDay (HTTP)', () => {
  let t: TestApp;
  let manager: { id: string; key: string };
  let csm: { id: string; key: string };
  let otherCsm: { id: string; key: string };
  let ingest: { id: string; key: string };
  const acc: Record<string, string> = {};
  const task: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    manager = await t.user('MANAGER');
    csm = await t.user('CSM');
    otherCsm = await t.user('CSM');
    ingest = await t.user('INGEST');
    acc.drop = await insertAccount(t, { name: 'Drop', owner: csm.id, mrrCents: 100_000, renewal: utcDay(30) });
    acc.flag = await insertAccount(t, { name: 'Flag', owner: csm.id, mrrCents: 50_000 });
    acc.risk = await insertAccount(t, { name: 'Risk', owner: csm.id, mrrCents: 25_000, renewal: utcDay(91) });
    acc.small = await insertAccount(t, { name: 'Small', owner: csm.id, mrrCents: 5_000, renewal: utcDay(0) });
    acc.churned = await insertAccount(t, { name: 'Gone', owner: csm.id, mrrCents: 0, status: 'CHURNED' });
    acc.other = await insertAccount(t, { name: 'Other', owner: otherCsm.id, mrrCents: 70_000 });
    // Drop: 70 eight days ago (the latest point of days 7..10 ago is day 8) → 50 now: −20, usage trend the weakest.
    await setHealth(t, acc.drop, {
      score: 50,
      band: 'YELLOW',
      components: [
        { key: 'login_frequency', score: 90, weight: 50, effectiveWeight: 0.5, contribution: 45, missing: false },
        { key: 'usage_trend', score: 10, weight: 50, effectiveWeight: 0.5, contribution: 5, missing: false },
      ],
    });
    await setHealthHistory(t, acc.drop, [
      [9, 72, 'GREEN'],
      [8, 70, 'GREEN'],
      [0, 50, 'YELLOW'],
    ]);
    // Small: 65 → 58, a fall of 7 (not listed); overridden to GREEN.
    await setHealth(t, acc.small, { score: 58, band: 'YELLOW' });
    await setHealthHistory(t, acc.small, [[7, 65, 'YELLOW']]);
    await t.db.query(
      `INSERT INTO health_overrides (account_id, band, reason, expires_at) VALUES ($1, 'GREEN', 'renewal signed', now() + interval '10 days')`,
      [acc.small],
    );
    // Flag: one raised 2 days ago (listed), one raised 9 days ago (not new).
    await setHealth(t, acc.flag, {
      score: 30,
      band: 'RED',
      flags: [
        {
          type: 'PAYMENT_FAILED',
          evidence: '2 failed payment(s) in 30 days',
          since: new Date(Date.now() - 2 * DAY_MS),
        },
        { type: 'DORMANT', evidence: 'no activity for 40 days', since: new Date(Date.now() - 9 * DAY_MS) },
      ],
    });
    // Risk: LOW eight days ago, HIGH now; the top driver is the silence.
    await setRisk(t, acc.risk, 0.62, 'HIGH', [
      { feature: 'tenureDays', value: 300, contribution: -0.4 },
      { feature: 'daysSinceLastActivity', value: 32, contribution: 1.2 },
      { feature: 'activeDays30', value: 1, contribution: 0.8 },
    ]);
    await t.db.query(
      `INSERT INTO account_risk_history (account_id, day, probability, band, computed_at) VALUES ($1, $2::date, 0.1, 'LOW', now() - interval '8 days')`,
      [acc.risk, utcDay(-8)],
    );
    await setRisk(t, acc.drop, 0.3, 'MEDIUM'); // first scored today: no week-old band, so no RISK_UP
    // Other book: a big drop only a manager's team view shows.
    await setHealth(t, acc.other, { score: 20, band: 'RED' });
    await setHealthHistory(t, acc.other, [[7, 80, 'GREEN']]);

    task.overdue = await insertTask(t, acc.drop, csm.id, {
      title: 'Overdue',
      dueAt: new Date(Date.now() - 2 * 3600_000),
    });
    task.snoozed = await insertTask(t, acc.drop, csm.id, { title: 'Snoozed', dueAt: new Date(Date.now() - 3600_000) });
    await t.db.query(`UPDATE tasks SET snoozed_until = now() + interval '1 day' WHERE id = $1`, [task.snoozed]);
    await insertTask(t, acc.drop, csm.id, { title: 'Done', dueAt: new Date(Date.now() - 3600_000), status: 'DONE' });
    await insertTask(t, acc.drop, csm.id, { title: 'Next week', dueAt: new Date(Date.now() + 7 * DAY_MS) });
    // Due in Pacific/Kiritimati's today (UTC+14) but, late in the UTC day, maybe tomorrow in UTC: placed 1 minute ahead.
    task.today = await insertTask(t, acc.flag, csm.id, { title: 'Today', dueAt: new Date(Date.now() + 60_000) });
    task.others = await insertTask(t, acc.other, otherCsm.id, {
      title: 'Theirs',
      dueAt: new Date(Date.now() - 3600_000),
    });
  });
  afterAll(() => t?.close());

  it("a CSM's day: totals of their book, what changed and why, today's tasks, renewals in 90 days", async () => {
    const d = (await t.ok(MY_DAY, { tz: 'Pacific/Kiritimati' }, csm.key)).myDay;
    expect(d.owner).toEqual({ id: csm.id });
    // Drop, Flag, Risk, Small (Gone is churned): 1,000 + 500 + 250 + 50 = 1,800.00 a month.
    expect(d.totals).toEqual({
      accounts: 4,
      mrrCents: 180_000,
      arrCents: 2_160_000,
      bands: { green: 1, yellow: 1, red: 1, unknown: 1 }, // Small shows GREEN (override), Risk has no health yet
    });
    const byKind = (k: string) => d.changes.filter((c: any) => c.kind === k);
    expect(byKind('SCORE_DROP')).toEqual([
      {
        kind: 'SCORE_DROP',
        reason: 'Usage trend scored 10 of 100 (−45 points)',
        scoreFrom: 70,
        scoreTo: 50,
        flagType: null,
        riskBandFrom: null,
        riskBandTo: null,
        riskProbability: null,
        account: { id: acc.drop, name: 'Drop' },
      },
    ]);
    expect(byKind('NEW_RED_FLAG').map((c: any) => [c.account.name, c.flagType, c.reason])).toEqual([
      ['Flag', 'PAYMENT_FAILED', '2 failed payment(s) in 30 days'],
    ]);
    expect(
      byKind('RISK_UP').map((c: any) => [c.account.name, c.riskBandFrom, c.riskBandTo, c.riskProbability, c.reason]),
    ).toEqual([['Risk', 'LOW', 'HIGH', 0.62, 'No activity for 32 days']]);
    expect(d.changes).toHaveLength(3);
    expect(d.overdueTasks).toEqual([{ id: task.overdue, title: 'Overdue' }]);
    expect(d.overdueCount).toBe(1);
    expect(d.dueTodayTasks).toEqual([{ id: task.today, title: 'Today' }]);
    expect(d.dueTodayCount).toBe(1);
    expect(d.renewals).toEqual([
      {
        daysToRenewal: 0,
        renewalDate: utcDay(0),
        band: 'GREEN',
        score: 58,
        riskBand: null,
        riskProbability: null,
        account: { name: 'Small' },
      },
      {
        daysToRenewal: 30,
        renewalDate: utcDay(30),
        band: 'YELLOW',
        score: 50,
        riskBand: 'MEDIUM',
        riskProbability: 0.3,
        account: { name: 'Drop' },
      },
    ]);
    expect(d.renewalsCount).toBe(2);
  });

  it('a MANAGER sees the whole team, or one CSM by ownerId', async () => {
    const team = (await t.ok(MY_DAY, { tz: 'Pacific/Kiritimati' }, manager.key)).myDay;
    expect(team.owner).toBeNull();
    expect(team.totals.accounts).toBe(5);
    expect(team.totals.mrrCents).toBe(250_000);
    expect(
      team.changes
        .filter((c: any) => c.kind === 'SCORE_DROP')
        .map((c: any) => c.account.name)
        .sort(),
    ).toEqual(['Drop', 'Other']);
    expect(team.overdueTasks.map((x: any) => x.title).sort()).toEqual(['Overdue', 'Theirs']);
    const one = (await t.ok(MY_DAY, { o: otherCsm.id }, manager.key)).myDay;
    expect(one.owner).toEqual({ id: otherCsm.id });
    expect(one.totals.accounts).toBe(1);
    expect(one.changes.map((c: any) => c.account.name)).toEqual(['Other']);
    expect(one.overdueTasks.map((x: any) => x.id)).toEqual([task.others]);
  });

  it("a CSM cannot read another CSM's day; INGEST cannot read any", async () => {
    expect(errorCode(await t.gql(MY_DAY, { o: otherCsm.id }, csm.key))).toBe('FORBIDDEN');
    const own = await t.ok(MY_DAY, { o: csm.id }, csm.key);
    expect(own.myDay.totals.accounts).toBe(4);
    const theirs = (await t.ok(MY_DAY, {}, otherCsm.key)).myDay;
    expect(theirs.changes.map((c: any) => c.account.name)).toEqual(['Other']);
    expect(errorCode(await t.gql(MY_DAY, {}, ingest.key))).toBe('FORBIDDEN');
  });

  it('bad input is a typed error naming the argument', async () => {
    for (const [vars, field] of [
      [{ o: 'nope' }, 'ownerId'],
      [{ o: '00000000-0000-4000-8000-000000000000' }, 'ownerId'],
      [{ o: ingest.id }, 'ownerId'],
      [{ tz: 'Mars/Olympus_Mons' }, 'timeZone'],
      [{ tz: "UTC'; DROP TABLE tasks; --" }, 'timeZone'],
    ] as const) {
      const r = await t.gql(MY_DAY, vars, manager.key);
      expect([errorCode(r), r.errors?.[0]?.extensions?.fields?.[0]?.field]).toEqual(['BAD_USER_INPUT', field]);
    }
  });
});
