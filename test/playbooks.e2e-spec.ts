import { randomBytes } from 'node:crypto';
import { errorCode, startTestApp, TestApp } from './utils/test-app';

const DAY = 86_400_000;
const RESULT = `run { id status startedAt triggerKind playbook { id name } account { id } tasks { id } }
  tasks { id title type dueAt status touchesCustomer assignedVia assignee { id } account { id } playbookRun { id } overdue }
  suppressed`;
const TRIGGER = `mutation($p: ID!, $a: ID!, $n: String) { triggerPlaybook(playbookId: $p, accountId: $a, note: $n) { ${RESULT} } }`;
const CREATE = `mutation($i: CreatePlaybookInput!) { createPlaybook(input: $i) { id name enabled segment cooldownDays trigger { kind band points days probability flag }
  steps { title type dueInDays assignee userId touchesCustomer } } }`;

describe('playbooks and tasks over HTTP', () => {
  let t: TestApp;
  let manager: { id: string; key: string };
  let csm: { id: string; key: string };
  let otherCsm: { id: string; key: string };
  let ingest: { id: string; key: string };

  beforeAll(async () => {
    t = await startTestApp({ env: { CONTACT_CAP_PER_WEEK: '2' } });
    manager = await t.user('MANAGER');
    csm = await t.user('CSM');
    otherCsm = await t.user('CSM');
    ingest = await t.user('INGEST');
  });
  afterAll(() => t?.close());

  /** Accounts inserted directly (no account.created event, so no onboarding run gets in the way). */
  const insertAccount = async (
    opts: {
      owner?: string | null;
      segment?: string | null;
      status?: string;
      renewal?: string | null;
      churnedAt?: Date | null;
    } = {},
  ) => {
    const ext = `PB-${randomBytes(5).toString('hex')}`;
    const r = await t.db.query(
      `INSERT INTO accounts (external_id, name, segment, owner_id, status, mrr_cents, renewal_date, churned_at)
       VALUES ($1, $1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [
        ext,
        opts.segment ?? null,
        opts.owner ?? null,
        opts.status ?? 'ACTIVE',
        opts.status === 'CHURNED' ? 0 : 10000,
        opts.renewal ?? null,
        opts.churnedAt ?? null,
      ],
    );
    return r.rows[0].id as string;
  };
  let pbN = 0;
  const createPlaybook = async (input: Record<string, unknown>, key = t.adminKey) => {
    pbN += 1;
    return t.gql(CREATE, { i: { name: `PB ${pbN} ${randomBytes(3).toString('hex')}`, ...input } }, key);
  };
  const step = (title: string, dueInDays: number, touchesCustomer = true, extra: Record<string, unknown> = {}) => ({
    title,
    type: 'CALL',
    dueInDays,
    touchesCustomer,
    ...extra,
  });
  const manual = async (steps: unknown[], extra: Record<string, unknown> = {}) => {
    const r = await createPlaybook({ trigger: { kind: 'MANUAL' }, steps, ...extra });
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data.createPlaybook.id as string;
  };
  const trigger = (p: string, a: string, key = t.adminKey, note?: string) =>
    t.gql(TRIGGER, { p, a, n: note ?? null }, key);
  const waitFor = async <T>(fn: () => Promise<T | null | undefined | false>, ms = 15_000): Promise<T> => {
    const end = Date.now() + ms;
    for (;;) {
      const v = await fn();
      if (v) return v;
      if (Date.now() > end) throw new Error('timed out waiting');
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  it('installs the seven default playbooks', async () => {
    const d = await t.ok(
      `{ playbooks { name enabled cooldownDays trigger { kind days flag } steps { title dueInDays touchesCustomer } } }`,
      {},
      csm.key,
    );
    const byName = new Map(d.playbooks.map((p: any) => [p.name, p]));
    expect([...byName.keys()].sort()).toEqual(
      [
        'Detractor follow-up',
        'Dormant reactivation',
        'Exit survey on churn',
        'Onboarding check-ins',
        'Renewal in 90 days',
        'Usage-drop rescue',
        'Win-back after 180 days',
      ].sort(),
    );
    expect(byName.get('Usage-drop rescue')).toMatchObject({
      enabled: true,
      cooldownDays: 30,
      trigger: { kind: 'FLAG_RAISED', flag: 'USAGE_DROP', days: null },
    });
    expect(byName.get('Renewal in 90 days')).toMatchObject({ trigger: { kind: 'RENEWAL_WITHIN', days: 90 } });
    expect(byName.get('Win-back after 180 days')).toMatchObject({ trigger: { kind: 'CHURNED_FOR', days: 180 } });
    expect((byName.get('Onboarding check-ins') as any).steps.map((s: any) => s.dueInDays)).toEqual([3, 14, 30]);
    expect((byName.get('Detractor follow-up') as any).steps[0]).toMatchObject({ dueInDays: 2, touchesCustomer: true });
  });

  describe('validation and roles', () => {
    it('names the trigger field that is missing, misplaced or out of range', async () => {
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ kind: 'HEALTH_DROP', points: 10 }, 'trigger.days'],
        [{ kind: 'RENEWAL_WITHIN' }, 'trigger.days'],
        [{ kind: 'HEALTH_BAND_ENTERED' }, 'trigger.band'],
        [{ kind: 'FLAG_RAISED' }, 'trigger.flag'],
        [{ kind: 'RISK_ABOVE', probability: 1.5 }, 'trigger.probability'],
        [{ kind: 'MANUAL', days: 3 }, 'trigger.days'],
        [{ kind: 'CHURNED_FOR', days: 0 }, 'trigger.days'],
      ];
      for (const [trig, field] of cases) {
        const r = await createPlaybook({ trigger: trig, steps: [step('x', 1)] });
        expect({ trig, code: errorCode(r), fields: r.errors?.[0].extensions?.fields?.map((f) => f.field) }).toEqual({
          trig,
          code: 'BAD_USER_INPUT',
          fields: [field],
        });
      }
      const noUser = await createPlaybook({
        trigger: { kind: 'MANUAL' },
        steps: [step('x', 1, true, { assignee: 'USER' })],
      });
      expect(noUser.errors?.[0].extensions?.fields?.[0].field).toBe('steps[0].userId');
      const ingestUser = await createPlaybook({
        trigger: { kind: 'MANUAL' },
        steps: [step('x', 1, true, { assignee: 'USER', userId: ingest.id })],
      });
      expect(errorCode(ingestUser)).toBe('BAD_USER_INPUT');
      const noSteps = await createPlaybook({ trigger: { kind: 'MANUAL' }, steps: [] });
      expect(errorCode(noSteps)).toBe('BAD_USER_INPUT');
      const badDue = await createPlaybook({ trigger: { kind: 'MANUAL' }, steps: [step('x', -1)] });
      expect(errorCode(badDue)).toBe('BAD_USER_INPUT');
      expect(
        errorCode(await createPlaybook({ segment: 'A\u0000B', trigger: { kind: 'MANUAL' }, steps: [step('x', 1)] })),
      ).toBe('BAD_USER_INPUT');
      const pb = await manual([step('x', 1)]);
      const acc = await insertAccount({ owner: csm.id });
      const nul = await trigger(pb, acc, t.adminKey, 'bad\u0000note');
      expect({ code: errorCode(nul), field: nul.errors?.[0].extensions?.fields?.[0]?.field }).toEqual({
        code: 'BAD_USER_INPUT',
        field: 'note',
      });
      const longNote = await trigger(pb, acc, t.adminKey, 'x'.repeat(4001));
      expect(errorCode(longNote)).toBe('BAD_USER_INPUT');
      expect(await t.count('playbook_runs', 'account_id = $1', [acc])).toBe(0);
      const detail = await t.gql(
        `mutation($a: ID!) { recordChurnReason(accountId: $a, reason: PRICE, detail: "x\u0000") { id } }`,
        { a: acc },
      );
      expect(errorCode(detail)).toBe('BAD_USER_INPUT');
    });

    it('lets MANAGER/ADMIN edit playbooks, CSM read and trigger on their book only, INGEST nothing', async () => {
      expect(errorCode(await createPlaybook({ trigger: { kind: 'MANUAL' }, steps: [step('x', 1)] }, csm.key))).toBe(
        'FORBIDDEN',
      );
      expect(errorCode(await createPlaybook({ trigger: { kind: 'MANUAL' }, steps: [step('x', 1)] }, ingest.key))).toBe(
        'FORBIDDEN',
      );
      const made = await createPlaybook({ trigger: { kind: 'MANUAL' }, steps: [step('x', 1)] }, manager.key);
      expect(made.errors).toBeUndefined();
      const id = made.data.createPlaybook.id;
      const upd = await t.gql(
        `mutation($id: ID!) { updatePlaybook(id: $id, input: { cooldownDays: 7, trigger: { kind: FLAG_RAISED, flag: DORMANT } }) { cooldownDays trigger { kind flag } } }`,
        { id },
        manager.key,
      );
      expect(upd.data.updatePlaybook).toEqual({ cooldownDays: 7, trigger: { kind: 'FLAG_RAISED', flag: 'DORMANT' } });
      expect(
        errorCode(
          await t.gql(
            `mutation($id: ID!) { updatePlaybook(id: $id, input: { enabled: false }) { id } }`,
            { id },
            csm.key,
          ),
        ),
      ).toBe('FORBIDDEN');
      const dup = await createPlaybook({
        name: 'Usage-drop rescue',
        trigger: { kind: 'MANUAL' },
        steps: [step('x', 1)],
      });
      expect(errorCode(dup)).toBe('CONFLICT');
      expect(errorCode(await t.gql(`{ playbooks { id } }`, {}, ingest.key))).toBe('FORBIDDEN');
      expect(errorCode(await t.gql(`mutation { runPlaybookSweep }`, {}, manager.key))).toBe('FORBIDDEN');
      expect(
        errorCode(
          await t.gql(
            `{ playbookEffectiveness(period: { from: "2025-01-01", to: "2025-02-01" }) { runs } }`,
            {},
            csm.key,
          ),
        ),
      ).toBe('FORBIDDEN');

      const pb = await manual([step('Call', 2)]);
      const others = await insertAccount({ owner: otherCsm.id });
      expect(errorCode(await trigger(pb, others, csm.key))).toBe('NOT_FOUND');
      expect(errorCode(await trigger(pb, others, ingest.key))).toBe('FORBIDDEN');
      const mine = await insertAccount({ owner: csm.id });
      const r = await trigger(pb, mine, csm.key);
      expect(r.errors).toBeUndefined();
      expect(r.data.triggerPlaybook.run.triggerKind).toBe('MANUAL');
    });
  });

  describe('manual runs, dedupe, cooldown, contact cap', () => {
    it('creates one run with one task per step, assigned to the owner, due dueInDays after the start', async () => {
      const pb = await manual([step('Review', 5, false, { type: 'REVIEW' }), step('Call', 2)]);
      const acc = await insertAccount({ owner: csm.id });
      const d = (await trigger(pb, acc, manager.key, 'please')).data.triggerPlaybook;
      expect(d.suppressed).toBeNull();
      expect(d.run).toMatchObject({ status: 'OPEN', playbook: { id: pb }, account: { id: acc } });
      const start = Date.parse(d.run.startedAt);
      expect(
        d.tasks.map((x: any) => [
          x.title,
          x.type,
          (Date.parse(x.dueAt) - start) / DAY,
          x.assignee.id,
          x.assignedVia,
          x.status,
          x.overdue,
        ]),
      ).toEqual([
        ['Call', 'CALL', 2, csm.id, 'OWNER', 'OPEN', false],
        ['Review', 'REVIEW', 5, csm.id, 'OWNER', 'OPEN', false],
      ]);
      expect(d.tasks.every((x: any) => x.playbookRun.id === d.run.id && x.account.id === acc)).toBe(true);
      expect(d.run.tasks).toHaveLength(2);
      expect(await t.count('tasks', 'playbook_run_id = $1', [d.run.id])).toBe(2);

      const again = (await trigger(pb, acc)).data.triggerPlaybook;
      expect(again).toEqual({ run: null, tasks: [], suppressed: 'ALREADY_RUNNING' });
      const sup = await t.ok(
        `query($f: PlaybookRunFilter) { playbookRuns(filter: $f) { totalCount edges { node { status suppressed triggeredBy { id } } } } }`,
        { f: { suppressed: true, playbookId: pb, accountId: acc } },
      );
      expect(sup.playbookRuns.totalCount).toBe(1);
      const me = (await t.ok(`{ me { id } }`)).me.id;
      expect(sup.playbookRuns.edges[0].node).toEqual({
        status: 'SUPPRESSED',
        suppressed: 'ALREADY_RUNNING',
        triggeredBy: { id: me },
      });
    });

    it('ends the run when its tasks are done, then suppresses COOLDOWN until cooldownDays after the end', async () => {
      const pb = await manual([step('Call', 1), step('Log', 2, false)], { cooldownDays: 10 });
      const acc = await insertAccount({ owner: csm.id });
      const d = (await trigger(pb, acc)).data.triggerPlaybook;
      const complete = (id: string, outcome: string, key = t.adminKey) =>
        t.gql(
          `mutation($id: ID!, $o: TaskOutcome!) { completeTask(id: $id, outcome: $o, note: "talked") { status outcome completedAt note playbookRun { status } } }`,
          { id, o: outcome },
          key,
        );
      const c1 = await complete(d.tasks[0].id, 'DONE', csm.key);
      expect(c1.data.completeTask).toMatchObject({
        status: 'DONE',
        outcome: 'DONE',
        note: 'talked',
        playbookRun: { status: 'OPEN' },
      });
      expect(errorCode(await complete(d.tasks[0].id, 'DONE'))).toBe('CONFLICT');
      const c2 = await complete(d.tasks[1].id, 'NOT_NEEDED');
      expect(c2.data.completeTask.playbookRun.status).toBe('ENDED');
      expect((await trigger(pb, acc)).data.triggerPlaybook.suppressed).toBe('COOLDOWN');
      // 11 days later the cooldown is over
      await t.db.query(`UPDATE playbook_runs SET ended_at = ended_at - interval '11 days' WHERE id = $1`, [d.run.id]);
      const later = (await trigger(pb, acc)).data.triggerPlaybook;
      expect(later.suppressed).toBeNull();
      expect(later.run.status).toBe('OPEN');
    });

    it('suppresses CONTACT_CAP when a 7-day window would hold more than 2 customer touches', async () => {
      const a = await manual([step('Call A', 1), step('Mail A', 3, true, { type: 'EMAIL' })]);
      const b = await manual([step('Call B', 5)]);
      const c = await manual([step('Call C', 9), step('Internal', 1, false)]);
      const acc = await insertAccount({ owner: csm.id });
      expect((await trigger(a, acc)).data.triggerPlaybook.suppressed).toBeNull();
      // B's touch at day 5 shares a window with day 1 and day 3 → 3 > 2
      expect((await trigger(b, acc)).data.triggerPlaybook).toEqual({ run: null, tasks: [], suppressed: 'CONTACT_CAP' });
      // C's touch at day 9 shares a window only with day 3 → 2
      expect((await trigger(c, acc)).data.triggerPlaybook.suppressed).toBeNull();
      expect(await t.count('playbook_runs', `account_id = $1 AND suppressed_reason = 'CONTACT_CAP'`, [acc])).toBe(1);
      // a run without customer touches is never capped
      const internal = await manual([
        step('Internal review', 1, false),
        step('Internal 2', 1, false),
        step('Internal 3', 2, false),
      ]);
      expect((await trigger(internal, acc)).data.triggerPlaybook.suppressed).toBeNull();
    });

    it('records DISABLED and SEGMENT_MISMATCH for manual triggers', async () => {
      const off = await manual([step('Call', 1)], { enabled: false });
      const ent = await manual([step('Call', 1)], { segment: 'ENT' });
      const acc = await insertAccount({ owner: csm.id, segment: 'SMB' });
      expect((await trigger(off, acc)).data.triggerPlaybook.suppressed).toBe('DISABLED');
      expect((await trigger(ent, acc)).data.triggerPlaybook.suppressed).toBe('SEGMENT_MISMATCH');
      const entAcc = await insertAccount({ owner: csm.id, segment: 'ENT' });
      expect((await trigger(ent, entAcc)).data.triggerPlaybook.suppressed).toBeNull();
    });

    it('20 concurrent triggers for the same account and playbook create exactly one run', async () => {
      const pb = await manual([step('Call', 2)]);
      const acc = await insertAccount({ owner: csm.id });
      const results = await Promise.all(Array.from({ length: 20 }, () => trigger(pb, acc)));
      expect(results.every((r) => !r.errors)).toBe(true);
      expect(results.filter((r) => r.data.triggerPlaybook.run).length).toBe(1);
      expect(results.filter((r) => r.data.triggerPlaybook.suppressed === 'ALREADY_RUNNING').length).toBe(19);
      expect(
        await t.count('playbook_runs', `account_id = $1 AND playbook_id = $2 AND status = 'OPEN'`, [acc, pb]),
      ).toBe(1);
      expect(await t.count('tasks', `account_id = $1`, [acc])).toBe(1);
    });

    it('the database refuses a second open run even when code is bypassed', async () => {
      const pb = await manual([step('Call', 2)]);
      const acc = await insertAccount({ owner: csm.id });
      await trigger(pb, acc);
      await expect(
        t.db.query(
          `INSERT INTO playbook_runs (account_id, playbook_id, status, trigger_kind) VALUES ($1, $2, 'OPEN', 'MANUAL')`,
          [acc, pb],
        ),
      ).rejects.toThrow(/playbook_runs_open_key/);
    });

    it('assigns tasks of accounts without owner to the fallback user, else an ADMIN, and named users as given', async () => {
      const fallback = await manual([step('Call', 1)], { fallbackUserId: manager.id });
      const plain = await manual([
        step('Call', 1),
        step('Review', 2, false, { assignee: 'USER', userId: otherCsm.id }),
      ]);
      const orphan = await insertAccount({ owner: null });
      const f = (await trigger(fallback, orphan)).data.triggerPlaybook;
      expect(f.tasks.map((x: any) => [x.assignee.id, x.assignedVia])).toEqual([[manager.id, 'FALLBACK']]);
      const p = (await trigger(plain, orphan)).data.triggerPlaybook;
      const admin = (await t.db.query(`SELECT id FROM users WHERE role = 'ADMIN' ORDER BY created_at, id LIMIT 1`))
        .rows[0].id;
      expect(p.tasks.map((x: any) => [x.title, x.assignee.id, x.assignedVia])).toEqual([
        ['Call', admin, 'ADMIN'],
        ['Review', otherCsm.id, 'USER'],
      ]);
    });

    it('closing a run while its tasks are being completed never deadlocks: every call answers, tasks end once', async () => {
      const pb = await manual([step('Call', 1), step('Mail', 2, true, { type: 'EMAIL' }), step('Log', 3, false)]);
      const CLOSE = `mutation($id: ID!) { closePlaybookRun(id: $id) { status } }`;
      const COMPLETE = `mutation($id: ID!) { completeTask(id: $id, outcome: DONE) { status } }`;
      for (let round = 0; round < 40; round++) {
        const acc = await insertAccount({ owner: csm.id });
        const d = (await trigger(pb, acc)).data.triggerPlaybook;
        const answers = await Promise.all([
          ...d.tasks.map((task: { id: string }) => t.gql(COMPLETE, { id: task.id })),
          t.gql(CLOSE, { id: d.run.id }),
        ]);
        // Each call either did its work or was refused as a CONFLICT (the other got there first); never a server error.
        for (const a of answers) if (a.errors) expect(errorCode(a)).toBe('CONFLICT');
        const tasks = await t.db.query(`SELECT status FROM tasks WHERE playbook_run_id = $1`, [d.run.id]);
        expect(tasks.rows.every((r: { status: string }) => r.status === 'DONE' || r.status === 'CANCELLED')).toBe(true);
        expect(await t.count('playbook_runs', `id = $1 AND status = 'ENDED'`, [d.run.id])).toBe(1);
      }
    });

    it('closePlaybookRun ends the run, cancels open tasks and records the outcome', async () => {
      const pb = await manual([step('Call', 1), step('Call 2', 20)]);
      const acc = await insertAccount({ owner: csm.id });
      const d = (await trigger(pb, acc)).data.triggerPlaybook;
      expect(
        errorCode(
          await t.gql(
            `mutation($id: ID!) { closePlaybookRun(id: $id, outcome: SAVED) { id } }`,
            { id: d.run.id },
            otherCsm.key,
          ),
        ),
      ).toBe('NOT_FOUND');
      const c = await t.ok(
        `mutation($id: ID!) { closePlaybookRun(id: $id, outcome: SAVED) { status outcome endedAt tasks { status } } }`,
        { id: d.run.id },
        csm.key,
      );
      expect(c.closePlaybookRun).toMatchObject({
        status: 'ENDED',
        outcome: 'SAVED',
        tasks: [{ status: 'CANCELLED' }, { status: 'CANCELLED' }],
      });
      expect(errorCode(await t.gql(`mutation($id: ID!) { closePlaybookRun(id: $id) { id } }`, { id: d.run.id }))).toBe(
        'CONFLICT',
      );
    });
  });

  describe('tasks', () => {
    it('shows a CSM the tasks on their book and those assigned to them, and filters', async () => {
      const mine = await insertAccount({ owner: csm.id });
      const theirs = await insertAccount({ owner: otherCsm.id });
      const create = (input: Record<string, unknown>, key = t.adminKey) =>
        t.gql(
          `mutation($i: CreateTaskInput!) { createTask(input: $i) { id title assignee { id } assignedVia status dueAt overdue } }`,
          { i: input },
          key,
        );
      const past = new Date(Date.now() - 2 * DAY).toISOString();
      const future = new Date(Date.now() + 2 * DAY).toISOString();
      const t1 = (await create({ accountId: mine, title: 'Mine overdue', dueAt: past }, csm.key)).data.createTask;
      expect(t1).toMatchObject({ assignee: { id: csm.id }, assignedVia: 'OWNER', overdue: true });
      const t2 = (
        await create({ accountId: theirs, title: 'Theirs, assigned to csm', dueAt: future, assigneeId: csm.id })
      ).data.createTask;
      const t3 = (await create({ accountId: theirs, title: 'Theirs only', dueAt: future })).data.createTask;
      expect(t3.assignee.id).toBe(otherCsm.id);
      expect(errorCode(await create({ accountId: theirs, title: 'x', dueAt: future }, csm.key))).toBe('NOT_FOUND');
      expect(
        errorCode(await create({ accountId: mine, title: 'x', dueAt: future, assigneeId: manager.id }, csm.key)),
      ).toBe('FORBIDDEN');
      expect(errorCode(await create({ accountId: mine, title: ' ', dueAt: future }))).toBe('BAD_USER_INPUT');

      const list = async (filter: Record<string, unknown>, key: string) =>
        (
          await t.ok(
            `query($f: TaskFilter) { tasks(filter: $f, first: 500) { totalCount edges { node { id overdue } } } }`,
            { f: filter },
            key,
          )
        ).tasks.edges.map((e: any) => e.node.id);
      const seen = await list({}, csm.key);
      expect(seen).toEqual(expect.arrayContaining([t1.id, t2.id]));
      expect(seen).not.toContain(t3.id);
      expect(await list({ accountId: theirs }, csm.key)).toEqual([t2.id]);
      expect(await list({ overdue: true, accountId: mine }, csm.key)).toEqual([t1.id]);
      expect(await list({ accountId: theirs }, manager.key)).toEqual(expect.arrayContaining([t2.id, t3.id]));
      expect(await list({ assigneeId: otherCsm.id, accountId: theirs }, manager.key)).toEqual([t3.id]);

      // the CSM may work the task assigned to them on another book, not the other one
      const upd = (id: string, input: Record<string, unknown>, key: string) =>
        t.gql(
          `mutation($id: ID!, $i: UpdateTaskInput!) { updateTask(id: $id, input: $i) { title status dueAt } }`,
          { id, i: input },
          key,
        );
      expect((await upd(t2.id, { title: 'Renamed', dueAt: past }, csm.key)).data.updateTask).toMatchObject({
        title: 'Renamed',
        status: 'OPEN',
      });
      expect(errorCode(await upd(t3.id, { title: 'no' }, csm.key))).toBe('NOT_FOUND');
      expect((await upd(t3.id, { status: 'CANCELLED' }, otherCsm.key)).data.updateTask.status).toBe('CANCELLED');

      // paging by due date
      const p1 = await t.ok(
        `{ tasks(first: 1) { totalCount pageInfo { hasNextPage endCursor } edges { node { id dueAt } } } }`,
        {},
        csm.key,
      );
      expect(p1.tasks.pageInfo.hasNextPage).toBe(p1.tasks.totalCount > 1);
      const p2 = await t.ok(
        `query($a: String) { tasks(first: 500, after: $a) { edges { node { id dueAt } } } }`,
        { a: p1.tasks.pageInfo.endCursor },
        csm.key,
      );
      expect(p2.tasks.edges).toHaveLength(p1.tasks.totalCount - 1);
      expect(errorCode(await t.gql(`{ tasks(after: "nope") { totalCount } }`))).toBe('BAD_USER_INPUT');
    });

    it('records churn reasons (a CSM on their book)', async () => {
      const mine = await insertAccount({ owner: csm.id, status: 'CHURNED', churnedAt: new Date() });
      const theirs = await insertAccount({ owner: otherCsm.id });
      const rec = (a: string, key: string) =>
        t.gql(
          `mutation($a: ID!) { recordChurnReason(accountId: $a, reason: COMPETITOR, detail: "went to X") { accountId reason detail recordedById } }`,
          { a },
          key,
        );
      expect((await rec(mine, csm.key)).data.recordChurnReason).toEqual({
        accountId: mine,
        reason: 'COMPETITOR',
        detail: 'went to X',
        recordedById: csm.id,
      });
      expect(errorCode(await rec(theirs, csm.key))).toBe('NOT_FOUND');
      expect(await t.count('churn_reasons', 'account_id = $1', [mine])).toBe(1);
    });
  });

  describe('automatic triggers', () => {
    it('account created → onboarding check-ins on days 3, 14 and 30 for the owner', async () => {
      const d = await t.ok(`mutation($i: CreateAccountInput!) { createAccount(input: $i) { id } }`, {
        i: { externalId: `NEW-${randomBytes(4).toString('hex')}`, name: 'Brand new', ownerId: csm.id },
      });
      const id = d.createAccount.id;
      const tasks = await waitFor(async () => {
        const r = await t.ok(
          `query($a: ID!) { tasks(filter: { accountId: $a }) { edges { node { title dueAt createdAt assignee { id } playbookRun { triggerKind playbook { name } } } } } }`,
          { a: id },
          csm.key,
        );
        return r.tasks.edges.length === 3 ? r.tasks.edges.map((e: any) => e.node) : null;
      });
      expect(
        tasks.map((x: any) => [
          Math.round((Date.parse(x.dueAt) - Date.parse(x.createdAt)) / DAY),
          x.assignee.id,
          x.playbookRun.triggerKind,
          x.playbookRun.playbook.name,
        ]),
      ).toEqual([
        [3, csm.id, 'ACCOUNT_CREATED', 'Onboarding check-ins'],
        [14, csm.id, 'ACCOUNT_CREATED', 'Onboarding check-ins'],
        [30, csm.id, 'ACCOUNT_CREATED', 'Onboarding check-ins'],
      ]);
    });

    it('churn (MRR to 0) → exit-survey task, once per churn', async () => {
      const acc = await insertAccount({ owner: csm.id, status: 'PROSPECT' });
      const mrr = (cents: number, at: string) =>
        t.ok(`mutation($i: RecordMrrChangeInput!) { recordMrrChange(input: $i) { type } }`, {
          i: { accountId: acc, mrrCents: cents, effectiveAt: at },
        });
      await mrr(50000, new Date(Date.now() - 60 * DAY).toISOString());
      const churnSentAt = new Date();
      await mrr(0, new Date(Date.now() - DAY).toISOString());
      const task = await waitFor(async () => {
        const r = await t.db.query(
          `SELECT t.title, t.type, t.assignee_id, r.trigger_kind FROM tasks t JOIN playbook_runs r ON r.id = t.playbook_run_id WHERE t.account_id = $1`,
          [acc],
        );
        return r.rows[0];
      });
      expect(task).toEqual({
        title: 'Exit survey',
        type: 'SURVEY',
        assignee_id: csm.id,
        trigger_kind: 'ACCOUNT_CHURNED',
      });
      // The churn also rescans the account's health (debounced): a DORMANT flag on a churned account must not start
      // the dormant-reactivation playbook, so wait until that rescan has been written before counting.
      await waitFor(
        async () => (await t.count('health_current', 'account_id = $1 AND computed_at >= $2', [acc, churnSentAt])) > 0,
      );
      await new Promise((r) => setTimeout(r, 500));
      expect(await t.count('playbook_runs', 'account_id = $1', [acc])).toBe(1);
    });

    it('NPS detractor → detractor follow-up call within 2 days', async () => {
      const acc = await insertAccount({ owner: csm.id });
      await t.ok(`mutation($i: RecordNpsInput!) { recordNps(input: $i) { id } }`, { i: { accountId: acc, score: 9 } });
      await t.ok(`mutation($i: RecordNpsInput!) { recordNps(input: $i) { id } }`, {
        i: { accountId: acc, score: 3, comment: 'slow support' },
      });
      const rows = await waitFor(async () => {
        const r = await t.db.query(
          `SELECT t.title, t.due_at - t.created_at AS due, t.touches_customer FROM tasks t WHERE t.account_id = $1 ORDER BY t.due_at`,
          [acc],
        );
        return r.rows.length ? r.rows : null;
      });
      expect(rows.map((r: any) => [r.title, r.due.days, r.touches_customer])).toEqual([
        ['Call the detractor', 2, true],
        ['Log the feedback', 3, false],
      ]);
      // a promoter does not trigger; a second detractor while the run is open is suppressed and recorded
      await t.ok(`mutation($i: RecordNpsInput!) { recordNps(input: $i) { id } }`, { i: { accountId: acc, score: 1 } });
      await waitFor(
        async () =>
          (await t.count('playbook_runs', `account_id = $1 AND suppressed_reason = 'ALREADY_RUNNING'`, [acc])) === 1,
      );
      expect(await t.count('playbook_runs', `account_id = $1 AND status = 'OPEN'`, [acc])).toBe(1);
    });

    it('health.changed from a real recompute fires HEALTH_BAND_ENTERED on entering the band, not again', async () => {
      const acc = await insertAccount({ owner: csm.id, segment: 'HB-TEST' });
      const pb = (
        await createPlaybook({
          segment: 'HB-TEST',
          trigger: { kind: 'HEALTH_BAND_ENTERED', band: 'UNKNOWN' },
          steps: [step('Look into it', 1, false)],
        })
      ).data.createPlaybook.id;
      await t.db.query(`DELETE FROM health_current WHERE account_id = $1`, [acc]);
      await t.ok(`mutation($a: [ID!]) { recomputeHealth(accountIds: $a) }`, { a: [acc] });
      const band = (await t.db.query(`SELECT band FROM health_current WHERE account_id = $1`, [acc])).rows[0]?.band;
      expect(band).toBe('UNKNOWN');
      await waitFor(
        async () =>
          (await t.count('playbook_runs', `account_id = $1 AND playbook_id = $2 AND status = 'OPEN'`, [acc, pb])) === 1,
      );
      await t.ok(`mutation($a: [ID!]) { recomputeHealth(accountIds: $a) }`, { a: [acc] });
      await new Promise((r) => setTimeout(r, 500));
      expect(await t.count('playbook_runs', `account_id = $1 AND playbook_id = $2`, [acc, pb])).toBe(1);
    });
  });

  describe('daily sweep', () => {
    const sweep = async (asOf?: string) =>
      (await t.ok(`mutation($d: DateTime) { runPlaybookSweep(asOf: $d) }`, { d: asOf ?? null }))
        .runPlaybookSweep as number;

    it('RENEWAL_WITHIN fires once per renewal date; CHURNED_FOR once per churn', async () => {
      const renewal = new Date(Date.now() + 60 * DAY).toISOString().slice(0, 10);
      const far = new Date(Date.now() + 200 * DAY).toISOString().slice(0, 10);
      const soon = await insertAccount({ owner: csm.id, renewal });
      const later = await insertAccount({ owner: csm.id, renewal: far });
      const churned = await insertAccount({
        owner: csm.id,
        status: 'CHURNED',
        churnedAt: new Date(Date.now() - 181 * DAY),
      });
      const longGone = await insertAccount({
        owner: csm.id,
        status: 'CHURNED',
        churnedAt: new Date(Date.now() - 400 * DAY),
      });
      expect(await sweep()).toBeGreaterThanOrEqual(2);
      const runs = async (acc: string) =>
        (
          await t.db.query(
            `SELECT p.installed_key, r.trigger_key FROM playbook_runs r JOIN playbooks p ON p.id = r.playbook_id WHERE r.account_id = $1`,
            [acc],
          )
        ).rows;
      expect(await runs(soon)).toEqual([{ installed_key: 'renewal-90', trigger_key: `renewal:${renewal}` }]);
      expect(await runs(later)).toEqual([]);
      expect((await runs(churned)).map((r: any) => r.installed_key)).toEqual(['win-back-180']);
      expect(await runs(longGone)).toEqual([]);
      // the condition still holds, but nothing repeats — even after the run ended
      await t.db.query(
        `UPDATE playbook_runs SET status = 'ENDED', ended_at = now() - interval '100 days' WHERE account_id = $1`,
        [soon],
      );
      expect(await sweep()).toBe(0);
      expect(await runs(soon)).toHaveLength(1);
      // a new renewal date is a new entry
      const next = new Date(Date.now() + 80 * DAY).toISOString().slice(0, 10);
      await t.db.query(`UPDATE accounts SET renewal_date = $2 WHERE id = $1`, [soon, next]);
      expect(await sweep()).toBe(1);
      expect((await runs(soon)).map((r: any) => r.trigger_key).sort()).toEqual(
        [`renewal:${next}`, `renewal:${renewal}`].sort(),
      );
    });

    it('sets outcomes 90 days after the start: SAVED, CHURNED, AT_RISK', async () => {
      const pb = await manual([step('Call', 1)]);
      const saved = await insertAccount({ owner: csm.id });
      const lost = await insertAccount({ owner: csm.id });
      const red = await insertAccount({ owner: csm.id });
      const young = await insertAccount({ owner: csm.id });
      const ids: Record<string, string> = {};
      for (const [name, acc] of Object.entries({ saved, lost, red, young }))
        ids[name] = (await trigger(pb, acc)).data.triggerPlaybook.run.id;
      await t.db.query(`UPDATE playbook_runs SET started_at = now() - interval '91 days' WHERE id = ANY($1::uuid[])`, [
        [ids.saved, ids.lost, ids.red],
      ]);
      await t.db.query(`UPDATE accounts SET status = 'CHURNED', mrr_cents = 0, churned_at = now() WHERE id = $1`, [
        lost,
      ]);
      const card = (await t.db.query(`SELECT id FROM scorecards LIMIT 1`)).rows[0]?.id;
      if (card) {
        await t.db.query(
          `INSERT INTO health_current (account_id, score, band, computed_at, scorecard_id, scorecard_version, components) VALUES ($1, 20, 'RED', now(), $2, 1, '[]')
           ON CONFLICT (account_id) DO UPDATE SET band = 'RED', score = 20`,
          [red, card],
        );
      }
      await sweep();
      const out = async (id: string) =>
        (await t.db.query(`SELECT status, outcome FROM playbook_runs WHERE id = $1`, [id])).rows[0];
      expect(await out(ids.saved)).toEqual({ status: 'ENDED', outcome: 'SAVED' });
      expect(await out(ids.lost)).toEqual({ status: 'ENDED', outcome: 'CHURNED' });
      if (card) expect(await out(ids.red)).toEqual({ status: 'ENDED', outcome: 'AT_RISK' });
      expect(await out(ids.young)).toEqual({ status: 'OPEN', outcome: null });
      expect(await t.count('tasks', `playbook_run_id = $1 AND status = 'CANCELLED'`, [ids.saved])).toBe(1);
    });
  });

  it('playbookEffectiveness on a crafted history', async () => {
    const pb = await manual([step('Call', 1)]);
    const a1 = await insertAccount({ owner: csm.id });
    const a2 = await insertAccount({ owner: csm.id });
    const a3 = await insertAccount({ owner: csm.id });
    const run = async (acc: string, started: string, outcome: string | null) =>
      (
        await t.db.query(
          `INSERT INTO playbook_runs (account_id, playbook_id, status, trigger_kind, started_at, ended_at, outcome) VALUES ($1, $2, 'ENDED', 'MANUAL', $3, $3::timestamptz + interval '20 days', $4) RETURNING id`,
          [acc, pb, started, outcome],
        )
      ).rows[0].id;
    const r1 = await run(a1, '2025-03-03T10:00:00Z', 'SAVED');
    const r2 = await run(a2, '2025-03-10T10:00:00Z', 'CHURNED');
    const r3 = await run(a3, '2025-03-20T10:00:00Z', null);
    await run(a3, '2025-04-02T10:00:00Z', 'SAVED'); // outside [03-01, 04-01)
    await t.db.query(
      `INSERT INTO playbook_runs (account_id, playbook_id, status, suppressed_reason, trigger_kind, started_at) VALUES
         ($1, $2, 'SUPPRESSED', 'COOLDOWN', 'MANUAL', '2025-03-05'), ($1, $2, 'SUPPRESSED', 'CONTACT_CAP', 'MANUAL', '2025-03-06'),
         ($1, $2, 'SUPPRESSED', 'COOLDOWN', 'MANUAL', '2025-03-07')`,
      [a1, pb],
    );
    // tasks: created at the run start; (completed after days, due after days)
    const task = (
      acc: string,
      runId: string,
      created: string,
      dueDays: number,
      status: string,
      doneDays: number | null,
    ) =>
      t.db.query(
        `INSERT INTO tasks (account_id, playbook_run_id, title, type, due_at, status, assignee_id, created_at, completed_at, outcome)
         VALUES ($1, $2, 'x', 'CALL', $3::timestamptz + make_interval(days => $4), $5, $6, $3, $3::timestamptz + make_interval(days => $7::int), CASE WHEN $5 = 'DONE' THEN 'DONE' END)`,
        [acc, runId, created, dueDays, status, csm.id, doneDays],
      );
    await task(a1, r1, '2025-03-03T10:00:00Z', 2, 'DONE', 1); // on time, 1 day
    await task(a1, r1, '2025-03-03T10:00:00Z', 2, 'DONE', 4); // late, 4 days
    await task(a2, r2, '2025-03-10T10:00:00Z', 5, 'DONE', 2); // on time, 2 days
    await task(a2, r2, '2025-03-10T10:00:00Z', 5, 'CANCELLED', null);
    await task(a3, r3, '2025-03-20T10:00:00Z', 3, 'OPEN', null);
    // health: a1 60 → 75 (+15), a2 50 → 41 (−9); a3 has no point after the start
    const card = (await t.db.query(`SELECT id FROM scorecards LIMIT 1`)).rows[0].id;
    const hist = (acc: string, day: string, score: number) =>
      t.db.query(
        `INSERT INTO health_history (account_id, day, score, band, scorecard_id, scorecard_version) VALUES ($1, $2, $3, 'YELLOW', $4, 1)`,
        [acc, day, score, card],
      );
    await hist(a1, '2025-03-01', 60);
    await hist(a1, '2025-03-20', 70);
    await hist(a1, '2025-04-02', 75); // day +30
    await hist(a1, '2025-04-10', 99); // after +30: ignored
    await hist(a2, '2025-03-10', 50);
    await hist(a2, '2025-03-25', 41);
    await hist(a3, '2025-03-19', 80);
    const d = await t.ok(
      `{ playbookEffectiveness(period: { from: "2025-03-01", to: "2025-04-01" }) { playbook { id } runs suppressed { reason count } suppressedTotal
          taskCompletionPct onTimePct medianDaysToComplete saveRatePct avgHealthChange30d } }`,
      {},
      manager.key,
    );
    const s = d.playbookEffectiveness.find((x: any) => x.playbook.id === pb);
    // 3 runs; 5 tasks, 3 done (60 %), 2 on time (66.7 %); days 1, 4, 2 → median 2; outcomes known for 2, 1 SAVED → 50 %;
    // health changes +15 and −9 → +3
    expect(s).toEqual({
      playbook: { id: pb },
      runs: 3,
      suppressed: [
        { reason: 'COOLDOWN', count: 2 },
        { reason: 'CONTACT_CAP', count: 1 },
      ],
      suppressedTotal: 3,
      taskCompletionPct: 60,
      onTimePct: 66.7,
      medianDaysToComplete: 2,
      saveRatePct: 50,
      avgHealthChange30d: 3,
    });
    expect(
      errorCode(await t.gql(`{ playbookEffectiveness(period: { from: "2025-04-01", to: "2025-03-01" }) { runs } }`)),
    ).toBe('BAD_USER_INPUT');
  });
});
