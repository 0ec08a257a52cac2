import { startTestApp, TestApp } from './utils/test-app';

/**
 * The read cache (src/common/read-cache) answers repeated account lists and NPS summaries from memory, but
 * only while no change to the tables behind them has committed — from this service, another instance or plain
 * SQL. These tests write behind the service's back (straight SQL, as another instance would) and expect the
 * very next answer to show it; one test disables the change triggers for its write to prove that answers really
 * come from the cache (it must then see the old figure).
 */
const LIST = `query($f: AccountFilter) { accounts(filter: $f, first: 5) { totalCount edges { node { id name } } } }`;
const SUMMARY = `query($f: NpsSummaryFilter) { npsSummary(filter: $f) { responses promoters passives detractors nps } }`;

describe('read cache: exact answers for repeated lists and NPS summaries', () => {
  let t: TestApp;
  const ids: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    for (let i = 0; i < 6; i += 1) {
      const d = await t.ok(`mutation($i: CreateAccountInput!) { createAccount(input: $i) { id } }`, {
        i: { externalId: `RC-${i}`, name: `Read cache ${i}`, segment: i < 3 ? 'SMB' : 'ENT' },
      });
      ids.push(d.createAccount.id);
    }
    // New accounts are queued for a health computation; let it finish so it cannot overwrite rows written below.
    const deadline = Date.now() + 20_000;
    while (
      Date.now() < deadline &&
      ((await t.count('health_dirty')) > 0 || (await t.count('health_current')) < ids.length)
    ) {
      await new Promise((r) => setTimeout(r, 100));
    }
  });
  afterAll(() => t?.close());

  const list = async (f: Record<string, unknown>) => (await t.ok(LIST, { f })).accounts;
  const summary = async (f: Record<string, unknown> | null) => (await t.ok(SUMMARY, { f })).npsSummary;
  const changeRows = async () => t.count('read_model_changes');

  it('a list answer from the cache is replaced as soon as accounts change through SQL (another writer)', async () => {
    expect((await list({ segment: 'SMB' })).totalCount).toBe(3);
    expect((await list({ segment: 'SMB' })).totalCount).toBe(3);
    await t.db.query(`UPDATE accounts SET segment = 'SMB' WHERE id = $1`, [ids[3]]);
    const after = await list({ segment: 'SMB' });
    expect(after.totalCount).toBe(4);
    expect(after.edges.map((e: any) => e.node.id)).toContain(ids[3]);
    await t.db.query(`UPDATE accounts SET segment = 'ENT' WHERE id = $1`, [ids[3]]);
    expect((await list({ segment: 'SMB' })).totalCount).toBe(3);
  });

  it('answers do come from the cache: a write that skips the change triggers is not seen until the next counted change', async () => {
    expect((await list({ segment: 'ENT' })).totalCount).toBe(3);
    const c = await t.db.connect();
    try {
      // session_replication_role = replica disables ordinary triggers: the change is not counted.
      await c.query(`SET session_replication_role = replica`);
      await c.query(`UPDATE accounts SET segment = 'OTHER' WHERE id = $1`, [ids[5]]);
    } finally {
      await c.query(`RESET session_replication_role`);
      c.release();
    }
    expect((await list({ segment: 'ENT' })).totalCount).toBe(3); // stale on purpose: served from the cache
    await t.ok(`mutation($id: ID!, $i: UpdateAccountInput!) { updateAccount(id: $id, input: $i) { id } }`, {
      id: ids[0],
      i: { industry: 'Software' },
    });
    expect((await list({ segment: 'ENT' })).totalCount).toBe(2); // any counted change to accounts refreshes it
    await t.db.query(`UPDATE accounts SET segment = 'ENT' WHERE id = $1`, [ids[5]]);
    expect((await list({ segment: 'ENT' })).totalCount).toBe(3);
  });

  it('a band filter sees new health rows, overrides, and an override expiring without any write', async () => {
    expect((await list({ band: 'RED' })).totalCount).toBe(0);
    expect((await list({ band: 'UNKNOWN' })).totalCount).toBe(6);
    await t.db.query(
      `INSERT INTO health_current (account_id, score, band, computed_at, scorecard_id, scorecard_version, components)
       VALUES ($1, 20, 'RED', now(), gen_random_uuid(), 1, '[]')
       ON CONFLICT (account_id) DO UPDATE SET score = 20, band = 'RED'`,
      [ids[1]],
    );
    expect((await list({ band: 'RED' })).totalCount).toBe(1);
    expect((await list({ band: 'UNKNOWN' })).totalCount).toBe(5);

    const expiresAt = new Date(Date.now() + 3_000).toISOString();
    await t.ok(
      `mutation($a: ID!, $e: DateTime!) { overrideHealth(accountId: $a, band: GREEN, reason: "exec sponsor re-engaged", expiresAt: $e) { band } }`,
      {
        a: ids[1],
        e: expiresAt,
      },
    );
    expect((await list({ band: 'RED' })).totalCount).toBe(0);
    expect((await list({ band: 'GREEN' })).totalCount).toBe(1);
    await new Promise((r) => setTimeout(r, Math.max(0, new Date(expiresAt).getTime() - Date.now()) + 300));
    expect((await list({ band: 'GREEN' })).totalCount).toBe(0);
    expect((await list({ band: 'RED' })).totalCount).toBe(1);
  });

  it('npsSummary follows recordNps and responses written by SQL, for the whole book and by segment', async () => {
    const empty = await summary(null);
    expect(empty.responses).toBe(0);
    await t.ok(`mutation($i: RecordNpsInput!) { recordNps(input: $i) { id } }`, {
      i: { accountId: ids[0], score: 10 },
    });
    expect(await summary(null)).toMatchObject({ responses: 1, promoters: 1, nps: 100 });
    expect(await summary({ segment: 'SMB' })).toMatchObject({ responses: 1, promoters: 1 });
    await t.db.query(`INSERT INTO nps_responses (account_id, score, responded_at) VALUES ($1, 2, now())`, [ids[4]]);
    expect(await summary(null)).toMatchObject({ responses: 2, promoters: 1, detractors: 1, nps: 0 });
    expect(await summary({ segment: 'SMB' })).toMatchObject({ responses: 1, detractors: 0 });
    // Moving the account changes the segment figure though no response changed.
    await t.db.query(`UPDATE accounts SET segment = 'SMB' WHERE id = $1`, [ids[4]]);
    expect(await summary({ segment: 'SMB' })).toMatchObject({ responses: 2, detractors: 1 });
    await t.db.query(`UPDATE accounts SET segment = 'ENT' WHERE id = $1`, [ids[4]]);
  });

  it('the change log is compacted without changing any counter', async () => {
    const sums = async () =>
      Object.fromEntries(
        (await t.db.query(`SELECT scope, sum(changes)::int AS v FROM read_model_changes GROUP BY scope`)).rows.map(
          (r) => [r.scope, r.v],
        ),
      );
    for (let i = 0; i < 300; i += 1)
      await t.db.query(`UPDATE accounts SET industry = $2 WHERE id = $1`, [ids[2], `I${i}`]);
    const before = await sums();
    expect(await changeRows()).toBeGreaterThan(256);
    await list({ segment: 'SMB' }); // a read notices the size and compacts in the background
    const deadline = Date.now() + 10_000;
    while ((await changeRows()) > 50 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await changeRows()).toBeLessThanOrEqual(50);
    expect(await sums()).toEqual(before);
    await t.db.query(`UPDATE accounts SET segment = 'SMB' WHERE id = $1`, [ids[3]]);
    expect((await list({ segment: 'SMB' })).totalCount).toBe(4);
    await t.db.query(`UPDATE accounts SET segment = 'ENT' WHERE id = $1`, [ids[3]]);
  });

  it('with READ_CACHE_ENTRIES=0 every answer is computed (an uncounted write is seen at once)', async () => {
    const plain = await startTestApp({ env: { READ_CACHE_ENTRIES: '0' } });
    try {
      const d = await plain.ok(`mutation($i: CreateAccountInput!) { createAccount(input: $i) { id } }`, {
        i: { externalId: 'P-1', name: 'Plain', segment: 'X' },
      });
      const count = async () => (await plain.ok(LIST, { f: { segment: 'X' } })).accounts.totalCount;
      expect(await count()).toBe(1);
      const c = await plain.db.connect();
      try {
        await c.query(`SET session_replication_role = replica`);
        await c.query(`UPDATE accounts SET segment = 'Y' WHERE id = $1`, [d.createAccount.id]);
      } finally {
        await c.query(`RESET session_replication_role`);
        c.release();
      }
      expect(await count()).toBe(0);
    } finally {
      await plain.close();
    }
  });
});
