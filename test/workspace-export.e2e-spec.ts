import { parse } from 'csv-parse/sync';
import { startTestApp, TestApp } from './utils/test-app';
import { post, SET_PASSWORD, sessionCookieOf, tokenOf } from './utils/session';
import { insertAccount, setHealth, utcDay } from './utils/workspace-seed';

const STRONG = 'correct horse battery staple 42';

describe('workspace: GET /export/accounts.csv (HTTP)', () => {
  let t: TestApp;
  let csm: { id: string; key: string };
  let ingest: { id: string; key: string };

  const get = (query: string, headers: Record<string, string> = { authorization: `Bearer ${t.adminKey}` }) =>
    fetch(`${t.baseUrl}/export/accounts.csv${query}`, { headers });
  const rowsOf = async (res: Response) =>
    parse<Record<string, string>>(await res.text(), { columns: true, skip_empty_lines: true });

  beforeAll(async () => {
    t = await startTestApp();
    csm = await t.user('CSM');
    ingest = await t.user('INGEST');
    // 1,203 plain accounts (more than two pages of 500) plus a few crafted ones.
    await t.db.query(
      `INSERT INTO accounts (external_id, name, status, mrr_cents)
       SELECT 'BULK-' || lpad(g::text, 5, '0'), 'Bulk ' || lpad(g::text, 5, '0'), 'ACTIVE', g * 100 FROM generate_series(1, 1203) g`,
    );
    const evil = await insertAccount(t, {
      name: '=HYPERLINK("http://evil.example","click")',
      owner: csm.id,
      segment: '+SMB',
      mrrCents: 123_456,
      renewal: utcDay(20),
    });
    await setHealth(t, evil, { score: 31.26, band: 'RED', delta7d: -12.5 });
    const plain = await insertAccount(t, {
      name: 'Zed, "quoted" Ltd',
      owner: csm.id,
      mrrCents: 5,
      renewal: utcDay(200),
    });
    await setHealth(t, plain, { score: 80, band: 'GREEN' });
  });
  afterAll(() => t?.close());

  it('streams every page of the filtered list, in the list order, with safe cells', async () => {
    const res = await get('');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="accounts-\d{4}-\d{2}-\d{2}\.csv"$/);
    const rows = await rowsOf(res);
    expect(rows).toHaveLength(1205);
    expect(new Set(rows.map((r) => r.id)).size).toBe(1205);
    const names = rows.map((r) => r.name);
    // NAME_ASC as PostgreSQL sorts; the apostrophe-prefixed formula sorts by its original text "=…".
    expect(names[0]).toBe(`'=HYPERLINK("http://evil.example","click")`);
    expect(names[1]).toBe('Bulk 00001');
    expect(names[1203]).toBe('Bulk 01203');
    expect(names[1204]).toBe('Zed, "quoted" Ltd');
    const evil = rows[0];
    expect(evil.segment).toBe("'+SMB");
    expect(evil.mrr).toBe('1234.56');
    expect(evil.arr).toBe('14814.72');
    expect(evil.health_score).toBe('31.3');
    expect(evil.health_change_7d).toBe('-12.5'); // our own numbers are not escaped
    expect(evil.health_band).toBe('RED');
    expect(rows[1].health_band).toBe('UNKNOWN');
  });

  it('takes the same filters and order as the accounts query', async () => {
    const res = await get('?renewalWithinDays=30&orderBy=MRR_DESC');
    const rows = await rowsOf(res);
    expect(rows.map((r) => r.name)).toEqual([`'=HYPERLINK("http://evil.example","click")`]);
    const byMrr = await rowsOf(await get('?search=Bulk%2000&orderBy=MRR_DESC&band=UNKNOWN'));
    expect(byMrr).toHaveLength(999); // Bulk 00001 … Bulk 00999
    expect(byMrr[0].name).toBe('Bulk 00999');
    const gql = await t.ok(`{ accounts(filter: { band: GREEN }) { edges { node { id } } } }`);
    const csv = await rowsOf(await get('?band=GREEN'));
    expect(csv.map((r) => r.id)).toEqual(gql.accounts.edges.map((e: any) => e.node.id));
  });

  it("a CSM's export holds their book only, by API key or by session cookie", async () => {
    const byKey = await rowsOf(await get('', { authorization: `Bearer ${csm.key}` }));
    expect(byKey.map((r) => r.name).sort()).toEqual([
      `'=HYPERLINK("http://evil.example","click")`,
      'Zed, "quoted" Ltd',
    ]);
    const email = `csm-export-${Date.now()}@export.test`;
    const inv = await t.ok(`mutation($i: InviteUserInput!) { inviteUser(input: $i) { url user { id } } }`, {
      i: { name: 'Export CSM', email, role: 'CSM' },
    });
    const cookie = sessionCookieOf(await post(t.baseUrl, SET_PASSWORD, { t: tokenOf(inv.inviteUser.url), p: STRONG }))!;
    expect(cookie).toBeTruthy();
    const res = await get('', { cookie });
    expect(res.status).toBe(200);
    expect(await rowsOf(res)).toEqual([]); // a new CSM owns no accounts yet
    await t.db.query(`UPDATE accounts SET owner_id = $1 WHERE name = 'Bulk 00007'`, [inv.inviteUser.user.id]);
    expect((await rowsOf(await get('', { cookie }))).map((r) => r.name)).toEqual(['Bulk 00007']);
  });

  it('refuses unauthenticated, INGEST and bad parameters with a JSON error and an HTTP status', async () => {
    const cases: Array<[string, Record<string, string>, number, string]> = [
      ['', {}, 401, 'UNAUTHENTICATED'],
      ['', { authorization: 'Bearer vk_nope' }, 401, 'UNAUTHENTICATED'],
      ['', { cookie: 'vitals_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }, 401, 'UNAUTHENTICATED'],
      ['', { authorization: `Bearer ${ingest.key}` }, 403, 'FORBIDDEN'],
      ['?band=PINK', {}, 400, 'BAD_USER_INPUT'],
      ['?bnad=RED', {}, 400, 'BAD_USER_INPUT'],
      ['?band=RED&band=GREEN', {}, 400, 'BAD_USER_INPUT'],
      ['?renewalWithinDays=-1', {}, 400, 'BAD_USER_INPUT'],
      ['?renewalWithinDays=1.5', {}, 400, 'BAD_USER_INPUT'],
      ['?renewalFrom=2026-02-30', {}, 400, 'BAD_USER_INPUT'],
      ['?minRisk=2', {}, 400, 'BAD_USER_INPUT'],
      ['?ownerId=x', {}, 400, 'BAD_USER_INPUT'],
      ['?orderBy=LOUDEST', {}, 400, 'BAD_USER_INPUT'],
      ['?hasRedFlag=yes', {}, 400, 'BAD_USER_INPUT'],
      [`?search=${'x'.repeat(201)}`, {}, 400, 'BAD_USER_INPUT'],
    ];
    for (const [query, headers, status, code] of cases) {
      const res = await get(query, Object.keys(headers).length || !query ? headers : undefined);
      const body = (await res.json()) as { error: { code: string } };
      expect([query, headers, res.status, body.error.code]).toEqual([query, headers, status, code]);
    }
  });
});
