const Role = { ADMIN: 'ADMIN', MANAGER: 'MANAGER', CSM: 'CSM', INGEST: 'INGEST' } as const;
import { errorCode, startTestApp, TestApp } from './utils/test-app';

const ACCOUNT_FIELDS = `id externalId name segment status mrrCents arrCents customerSince churnedAt renewalDate industry owner { id name }`;

describe('foundation over HTTP', () => {
  let t: TestApp;
  let manager: { id: string; key: string };
  let csm: { id: string; key: string };
  let otherCsm: { id: string; key: string };
  let ingest: { id: string; key: string };

  beforeAll(async () => {
    t = await startTestApp();
    manager = await t.user(Role.MANAGER);
    csm = await t.user(Role.CSM);
    otherCsm = await t.user(Role.CSM);
    ingest = await t.user(Role.INGEST);
  });
  afterAll(() => t?.close());

  const createAccount = (input: Record<string, unknown>, key = t.adminKey) =>
    t.gql(`mutation($i: CreateAccountInput!) { createAccount(input: $i) { ${ACCOUNT_FIELDS} } }`, { i: input }, key);
  const recordMrr = (input: Record<string, unknown>, key = t.adminKey) =>
    t.gql(
      `mutation($i: RecordMrrChangeInput!) { recordMrrChange(input: $i) { id type amountCents mrrBeforeCents mrrAfterCents effectiveAt } }`,
      { i: input },
      key,
    );
  const rowCount = (table: string) => t.count(table);

  describe('authentication', () => {
    it('rejects a missing, unknown or malformed key with UNAUTHENTICATED', async () => {
      expect(errorCode(await t.gql('{ me { id } }', {}, null))).toBe('UNAUTHENTICATED');
      expect(errorCode(await t.gql('{ me { id } }', {}, 'vk_unknownunknownunknownunknownunknown'))).toBe(
        'UNAUTHENTICATED',
      );
      const res = await fetch(`${t.baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Basic abc' },
        body: JSON.stringify({ query: '{ me { id } }' }),
      });
      expect(((await res.json()) as any).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    });

    it('answers me for each role and keeps /healthz open', async () => {
      expect((await t.ok('{ me { role } }', {}, csm.key)).me.role).toBe('CSM');
      expect((await t.ok('{ me { role } }', {}, ingest.key)).me.role).toBe('INGEST');
      const h = await fetch(`${t.baseUrl}/healthz`);
      expect(h.status).toBe(200);
      expect(await h.json()).toEqual({ status: 'ok', database: 'up' });
    });

    it('issues keys shown once, stored only as hashes, and revokes them', async () => {
      const issued = await t.ok(`mutation($u: ID!) { issueApiKey(userId: $u) { id key } }`, { u: csm.id });
      expect(issued.issueApiKey.key).toMatch(/^vk_[A-Za-z0-9_-]{43}$/);
      const stored = await t.db.query(`SELECT key_hash FROM api_keys WHERE id = $1`, [issued.issueApiKey.id]);
      expect(stored.rows[0].key_hash).not.toContain(issued.issueApiKey.key.slice(3, 20));
      expect((await t.ok('{ me { id } }', {}, issued.issueApiKey.key)).me.id).toBe(csm.id);
      expect(
        (await t.ok(`mutation($id: ID!) { revokeApiKey(id: $id) }`, { id: issued.issueApiKey.id })).revokeApiKey,
      ).toBe(true);
      expect(errorCode(await t.gql('{ me { id } }', {}, issued.issueApiKey.key))).toBe('UNAUTHENTICATED');
      expect(
        (await t.ok(`mutation($id: ID!) { revokeApiKey(id: $id) }`, { id: issued.issueApiKey.id })).revokeApiKey,
      ).toBe(false);
      expect(errorCode(await t.gql(`mutation { revokeApiKey(id: "00000000-0000-4000-8000-000000000000") }`))).toBe(
        'NOT_FOUND',
      );
      expect(
        errorCode(await t.gql(`mutation { issueApiKey(userId: "00000000-0000-4000-8000-000000000000") { id } }`)),
      ).toBe('NOT_FOUND');
    });
  });

  describe('roles', () => {
    it('lets only ADMIN manage users and keys', async () => {
      for (const who of [manager, csm, ingest]) {
        const r = await t.gql(
          `mutation { createUser(input: { name: "x", email: "x@y.z", role: CSM }) { apiKey } }`,
          {},
          who.key,
        );
        expect(errorCode(r)).toBe('FORBIDDEN');
        expect(
          errorCode(await t.gql(`mutation($u: ID!) { issueApiKey(userId: $u) { id } }`, { u: who.id }, who.key)),
        ).toBe('FORBIDDEN');
      }
    });

    it('lists users for ADMIN and MANAGER only', async () => {
      expect((await t.ok('{ users { id email role } }', {}, manager.key)).users.length).toBeGreaterThanOrEqual(5);
      expect(errorCode(await t.gql('{ users { id } }', {}, csm.key))).toBe('FORBIDDEN');
      expect(errorCode(await t.gql('{ users { id } }', {}, ingest.key))).toBe('FORBIDDEN');
    });

    it('keeps INGEST keys out of reads and account management', async () => {
      expect(errorCode(await t.gql('{ accounts { totalCount } }', {}, ingest.key))).toBe('FORBIDDEN');
      expect(errorCode(await createAccount({ externalId: 'ING-1', name: 'x' }, ingest.key))).toBe('FORBIDDEN');
      expect(errorCode(await createAccount({ externalId: 'CSM-1', name: 'x' }, csm.key))).toBe('FORBIDDEN');
    });

    it('shows a CSM only their own book, including totals and search', async () => {
      const mine = (await createAccount({ externalId: 'BOOK-MINE', name: 'Book Mine', ownerId: csm.id })).data
        .createAccount;
      const theirs = (await createAccount({ externalId: 'BOOK-THEIRS', name: 'Book Theirs', ownerId: otherCsm.id }))
        .data.createAccount;
      const list = await t.ok(
        `{ accounts(filter: { search: "Book " }) { totalCount edges { node { externalId } } } }`,
        {},
        csm.key,
      );
      expect(list.accounts.totalCount).toBe(1);
      expect(list.accounts.edges.map((e: any) => e.node.externalId)).toEqual(['BOOK-MINE']);
      expect((await t.ok(`query($id: ID) { account(id: $id) { id } }`, { id: theirs.id }, csm.key)).account).toBeNull();
      expect((await t.ok(`query { account(externalId: "BOOK-THEIRS") { id } }`, {}, csm.key)).account).toBeNull();
      expect((await t.ok(`query($id: ID) { account(id: $id) { id } }`, { id: mine.id }, csm.key)).account.id).toBe(
        mine.id,
      );
      // A CSM asking for another owner's book gets nothing rather than their data.
      const other = await t.ok(
        `query($o: ID) { accounts(filter: { ownerId: $o }) { totalCount } }`,
        { o: otherCsm.id },
        csm.key,
      );
      expect(other.accounts.totalCount).toBe(0);
      // Editing: own account yes, someone else's is NOT_FOUND, reassigning FORBIDDEN.
      const upd = `mutation($id: ID!, $i: UpdateAccountInput!) { updateAccount(id: $id, input: $i) { id renewalDate } }`;
      expect(
        (await t.ok(upd, { id: mine.id, i: { renewalDate: '2027-03-01' } }, csm.key)).updateAccount.renewalDate,
      ).toBe('2027-03-01');
      expect(errorCode(await t.gql(upd, { id: theirs.id, i: { name: 'hijack' } }, csm.key))).toBe('NOT_FOUND');
      expect(errorCode(await t.gql(upd, { id: mine.id, i: { ownerId: otherCsm.id } }, csm.key))).toBe('FORBIDDEN');
      expect(
        errorCode(await recordMrr({ accountId: mine.id, mrrCents: 100, effectiveAt: '2025-01-01T00:00:00Z' }, csm.key)),
      ).toBe('FORBIDDEN');
    });
  });

  describe('accounts', () => {
    it('creates an account with every field and reads it back by id and externalId', async () => {
      const r = await createAccount(
        {
          externalId: 'CRM-001',
          name: '  Acme Corp ',
          segment: 'Enterprise',
          ownerId: csm.id,
          customerSince: '2024-02-01T00:00:00Z',
          renewalDate: '2027-02-01',
          industry: 'Software',
        },
        manager.key,
      );
      expect(r.errors).toBeUndefined();
      const a = r.data.createAccount;
      expect(a).toMatchObject({
        externalId: 'CRM-001',
        name: 'Acme Corp',
        segment: 'Enterprise',
        status: 'PROSPECT',
        mrrCents: 0,
        arrCents: 0,
        customerSince: '2024-02-01T00:00:00.000Z',
        renewalDate: '2027-02-01',
        industry: 'Software',
        owner: { id: csm.id },
      });
      const byExt = await t.ok(`{ account(externalId: "CRM-001") { id } }`);
      expect(byExt.account.id).toBe(a.id);
      expect((await t.ok(`{ account(externalId: "nope") { id } }`)).account).toBeNull();
      expect((await t.ok(`{ account(id: "00000000-0000-4000-8000-000000000000") { id } }`)).account).toBeNull();
    });

    it('answers CONFLICT on a duplicate externalId and writes nothing', async () => {
      await createAccount({ externalId: 'DUP-1', name: 'One' });
      const before = await rowCount('accounts');
      const r = await createAccount({ externalId: 'DUP-1', name: 'Two' });
      expect(errorCode(r)).toBe('CONFLICT');
      expect(r.errors![0].extensions!.field).toBe('externalId');
      expect(await rowCount('accounts')).toBe(before);
    });

    it('answers BAD_USER_INPUT naming each invalid field, and NOT_FOUND for unknown ids', async () => {
      const before = await rowCount('accounts');
      const r = await createAccount({ externalId: ' ', name: '', segment: 'x'.repeat(101) });
      expect(errorCode(r)).toBe('BAD_USER_INPUT');
      const fields = r.errors![0].extensions!.fields!.map((f) => f.field);
      expect(fields).toEqual(expect.arrayContaining(['externalId', 'name', 'segment']));
      const badDate = await createAccount({ externalId: 'BD-1', name: 'x', renewalDate: '2025-02-30' });
      expect(errorCode(badDate)).toBe('BAD_USER_INPUT');
      const badOwner = await createAccount({
        externalId: 'BO-1',
        name: 'x',
        ownerId: '00000000-0000-4000-8000-000000000000',
      });
      expect(errorCode(badOwner)).toBe('NOT_FOUND');
      expect(await rowCount('accounts')).toBe(before);
      const upd = await t.gql(
        `mutation { updateAccount(id: "00000000-0000-4000-8000-000000000000", input: { name: "x" }) { id } }`,
      );
      expect(errorCode(upd)).toBe('NOT_FOUND');
      const notUuid = await t.gql(`mutation { updateAccount(id: "abc", input: { name: "x" }) { id } }`);
      expect(errorCode(notUuid)).toBe('NOT_FOUND');
    });

    it('updates fields and clears nullable ones with null', async () => {
      const a = (await createAccount({ externalId: 'UPD-1', name: 'Before', segment: 'SMB', industry: 'Retail' })).data
        .createAccount;
      const r = await t.ok(
        `mutation($id: ID!, $i: UpdateAccountInput!) { updateAccount(id: $id, input: $i) { name segment industry owner { id } } }`,
        { id: a.id, i: { name: 'After', segment: null, ownerId: manager.id } },
      );
      expect(r.updateAccount).toEqual({ name: 'After', segment: null, industry: 'Retail', owner: { id: manager.id } });
      const blank = await t.gql(`mutation($id: ID!) { updateAccount(id: $id, input: { name: null }) { id } }`, {
        id: a.id,
      });
      expect(errorCode(blank)).toBe('BAD_USER_INPUT');
    });

    it('pages through a filtered list with stable cursors and totals', async () => {
      for (let i = 0; i < 7; i++)
        await createAccount({ externalId: `PG-${i}`, name: `Paged ${i % 3}`, segment: 'Paging' });
      const seen: string[] = [];
      let after: string | null = null;
      let pages = 0;
      do {
        const d: any = await t.ok(
          `query($after: String) { accounts(filter: { segment: "Paging" }, first: 3, after: $after) { totalCount edges { cursor node { externalId name } } pageInfo { hasNextPage endCursor } } }`,
          { after },
        );
        expect(d.accounts.totalCount).toBe(7);
        seen.push(...d.accounts.edges.map((e: any) => e.node.externalId));
        after = d.accounts.pageInfo.hasNextPage ? d.accounts.pageInfo.endCursor : null;
        pages++;
      } while (after);
      expect(pages).toBe(3);
      expect(new Set(seen).size).toBe(7);
      const names = (
        await t.ok(`{ accounts(filter: { segment: "Paging" }, first: 500) { edges { node { name } } } }`)
      ).accounts.edges.map((e: any) => e.node.name);
      expect(names).toEqual([...names].sort());
      expect(errorCode(await t.gql(`{ accounts(first: 501) { totalCount } }`))).toBe('BAD_USER_INPUT');
      expect(errorCode(await t.gql(`{ accounts(first: 0) { totalCount } }`))).toBe('BAD_USER_INPUT');
      expect(errorCode(await t.gql(`{ accounts(after: "garbage!") { totalCount } }`))).toBe('BAD_USER_INPUT');
    });

    it('orders by MRR descending across pages', async () => {
      const ids: string[] = [];
      for (const [i, mrr] of [300, 100, 200].entries()) {
        const a = (await createAccount({ externalId: `ORD-${i}`, name: `Ordered ${i}`, segment: 'Ordering' })).data
          .createAccount;
        await recordMrr({ accountId: a.id, mrrCents: mrr, effectiveAt: '2025-01-01T00:00:00Z' });
        ids.push(a.id);
      }
      const p1 = await t.ok(
        `{ accounts(filter: { segment: "Ordering" }, orderBy: MRR_DESC, first: 2) { edges { node { mrrCents } } pageInfo { endCursor } } }`,
      );
      const p2 = await t.ok(
        `query($a: String) { accounts(filter: { segment: "Ordering" }, orderBy: MRR_DESC, first: 2, after: $a) { edges { node { mrrCents } } } }`,
        {
          a: p1.accounts.pageInfo.endCursor,
        },
      );
      expect([...p1.accounts.edges, ...p2.accounts.edges].map((e: any) => e.node.mrrCents)).toEqual([300, 200, 100]);
      const active = await t.ok(`{ accounts(filter: { segment: "Ordering", status: ACTIVE }) { totalCount } }`);
      expect(active.accounts.totalCount).toBe(3);
    });
  });

  describe('MRR ledger', () => {
    let accountId: string;
    beforeAll(async () => {
      accountId = (await createAccount({ externalId: 'LEDGER-1', name: 'Ledger Co' })).data.createAccount.id;
    });

    it('derives NEW, EXPANSION, CONTRACTION, CHURN and REACTIVATION', async () => {
      const steps: Array<[string, number, string, number]> = [
        ['2025-01-10T00:00:00Z', 10000, 'NEW', 10000],
        ['2025-02-10T00:00:00Z', 15000, 'EXPANSION', 5000],
        ['2025-03-10T00:00:00Z', 12000, 'CONTRACTION', 3000],
        ['2025-04-10T00:00:00Z', 0, 'CHURN', 12000],
        ['2025-06-10T00:00:00Z', 20000, 'REACTIVATION', 20000],
      ];
      for (const [at, mrr, type, amount] of steps) {
        const r = await recordMrr({ accountId, mrrCents: mrr, effectiveAt: at }, ingest.key);
        expect(r.errors).toBeUndefined();
        expect(r.data.recordMrrChange).toMatchObject({ type, amountCents: amount, mrrAfterCents: mrr });
      }
      const a = await t.ok(
        `query($id: ID) { account(id: $id) { status mrrCents arrCents customerSince mrrHistory { type } } }`,
        { id: accountId },
      );
      expect(a.account).toMatchObject({
        status: 'ACTIVE',
        mrrCents: 20000,
        arrCents: 240000,
        customerSince: '2025-01-10T00:00:00.000Z',
      });
      expect(a.account.mrrHistory.map((m: any) => m.type)).toEqual([
        'NEW',
        'EXPANSION',
        'CONTRACTION',
        'CHURN',
        'REACTIVATION',
      ]);
    });

    it('rejects an unchanged MRR, a negative or fractional one, and a future date, writing nothing', async () => {
      const before = await rowCount('mrr_changes');
      const same = await recordMrr({ accountId, mrrCents: 20000, effectiveAt: '2025-07-01T00:00:00Z' });
      expect(errorCode(same)).toBe('BAD_USER_INPUT');
      expect(same.errors![0].extensions!.field).toBe('mrrCents');
      expect(errorCode(await recordMrr({ accountId, mrrCents: -5, effectiveAt: '2025-07-01T00:00:00Z' }))).toBe(
        'BAD_USER_INPUT',
      );
      expect(errorCode(await recordMrr({ accountId, mrrCents: 1.5, effectiveAt: '2025-07-01T00:00:00Z' }))).toBe(
        'BAD_USER_INPUT',
      );
      expect(errorCode(await recordMrr({ accountId, mrrCents: 100, effectiveAt: '2099-01-01T00:00:00Z' }))).toBe(
        'BAD_USER_INPUT',
      );
      expect(errorCode(await recordMrr({ accountId, mrrCents: 100, effectiveAt: 'yesterday' }))).toBe('BAD_USER_INPUT');
      expect(
        errorCode(
          await recordMrr({
            accountId: '00000000-0000-4000-8000-000000000000',
            mrrCents: 1,
            effectiveAt: '2025-07-01T00:00:00Z',
          }),
        ),
      ).toBe('NOT_FOUND');
      expect(await rowCount('mrr_changes')).toBe(before);
    });

    it('carries money beyond 32 bits as Cents', async () => {
      const big = (await createAccount({ externalId: 'BIG-1', name: 'Big' })).data.createAccount.id;
      const r = await recordMrr({ accountId: big, mrrCents: 5_000_000_000_00, effectiveAt: '2025-01-01T00:00:00Z' });
      expect(r.data.recordMrrChange.amountCents).toBe(500_000_000_000);
      const a = await t.ok(`query($id: ID) { account(id: $id) { arrCents } }`, { id: big });
      expect(a.account.arrCents).toBe(6_000_000_000_000);
    });

    it('re-derives later movements when a back-dated change arrives', async () => {
      const id = (await createAccount({ externalId: 'LATE-1', name: 'Late Data' })).data.createAccount.id;
      await recordMrr({ accountId: id, mrrCents: 10000, effectiveAt: '2025-01-01T00:00:00Z' });
      await recordMrr({ accountId: id, mrrCents: 30000, effectiveAt: '2025-03-01T00:00:00Z' });
      // Late: the customer had churned on Feb 1.
      const late = await recordMrr({ accountId: id, mrrCents: 0, effectiveAt: '2025-02-01T00:00:00Z' });
      expect(late.data.recordMrrChange).toMatchObject({ type: 'CHURN', amountCents: 10000 });
      const h = await t.ok(
        `query($id: ID) { account(id: $id) { status mrrHistory { type amountCents mrrBeforeCents mrrAfterCents } } }`,
        { id },
      );
      expect(h.account.status).toBe('ACTIVE');
      expect(h.account.mrrHistory).toEqual([
        { type: 'NEW', amountCents: 10000, mrrBeforeCents: 0, mrrAfterCents: 10000 },
        { type: 'CHURN', amountCents: 10000, mrrBeforeCents: 10000, mrrAfterCents: 0 },
        { type: 'REACTIVATION', amountCents: 30000, mrrBeforeCents: 0, mrrAfterCents: 30000 },
      ]);
    });

    it('marks the account CHURNED with churnedAt', async () => {
      const id = (await createAccount({ externalId: 'CH-1', name: 'Churner' })).data.createAccount.id;
      await recordMrr({ accountId: id, mrrCents: 500, effectiveAt: '2025-01-01T00:00:00Z' });
      await recordMrr({ accountId: id, mrrCents: 0, effectiveAt: '2025-05-05T00:00:00Z' });
      const a = await t.ok(`query($id: ID) { account(id: $id) { status mrrCents churnedAt } }`, { id });
      expect(a.account).toEqual({ status: 'CHURNED', mrrCents: 0, churnedAt: '2025-05-05T00:00:00.000Z' });
    });

    it('serialises concurrent changes to one account without losing any', async () => {
      const id = (await createAccount({ externalId: 'CONC-1', name: 'Concurrent' })).data.createAccount.id;
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          recordMrr({
            accountId: id,
            mrrCents: 1000 * (i + 1),
            effectiveAt: `2025-01-${String(i + 1).padStart(2, '0')}T00:00:00Z`,
          }),
        ),
      );
      expect(results.every((r) => !r.errors)).toBe(true);
      const h = await t.ok(`query($id: ID) { account(id: $id) { mrrCents mrrHistory { type } } }`, { id });
      expect(h.account.mrrCents).toBe(10000);
      expect(h.account.mrrHistory.map((m: any) => m.type)).toEqual(['NEW', ...Array(9).fill('EXPANSION')]);
    });
  });
});
