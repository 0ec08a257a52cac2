import { errorCode, startTestApp, TestApp } from './utils/test-app';

describe('GraphQL limits and the audit log', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: '40' } });
  });
  afterAll(() => t?.close());

  it('rejects queries nested deeper than 10, introspection included, following fragments', async () => {
    const chain = (n: number) => {
      let q = 'name';
      for (let i = 0; i < n; i++) q = `ofType { ${q} }`;
      return q;
    };
    // __schema, types, fields, type = 4 levels, then the ofType chain, then name.
    const ok = await t.gql(`{ __schema { types { fields { type { ${chain(5)} } } } } }`);
    expect(ok.errors).toBeUndefined();
    const deep = await t.gql(`{ __schema { types { fields { type { ${chain(6)} } } } } }`);
    expect(errorCode(deep)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(deep.errors![0].message).toMatch(/depth/i);
    const viaFragment = await t.gql(
      `{ __schema { types { ...F } } } fragment F on __Type { fields { type { ${chain(6)} } } }`,
    );
    expect(errorCode(viaFragment)).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('rejects an operation over the complexity budget, priced by page size', async () => {
    const big = `{ a: accounts(first: 500) { edges { node { id name owner { id name email } mrrHistory { id type amountCents mrrBeforeCents mrrAfterCents effectiveAt } } } } b: accounts(first: 500) { edges { node { id mrrHistory { id type amountCents effectiveAt } } } } }`;
    const r = await t.gql(big);
    expect(errorCode(r)).toBe('QUERY_TOO_COMPLEX');
    expect(r.status).toBe(400);
    expect((await t.gql(`{ accounts(first: 20) { edges { node { id mrrHistory { id } } } } }`)).errors).toBeUndefined();
  });

  it('allows at most 10 operations in a batch', async () => {
    const post = (n: number) =>
      fetch(`${t.baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${t.adminKey}` },
        body: JSON.stringify(Array.from({ length: n }, () => ({ query: '{ me { id } }' }))),
      });
    const ok = await post(3);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as any[]).length).toBe(3);
    const tooMany = await post(11);
    expect(tooMany.status).toBe(400);
    expect(((await tooMany.json()) as any).errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('refuses bodies over 5 MB and malformed JSON with a client error', async () => {
    const huge = await fetch(`${t.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${t.adminKey}` },
      body: JSON.stringify({ query: '{ me { id } }', variables: { pad: 'x'.repeat(6 * 1024 * 1024) } }),
    });
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as any).errors[0].extensions.code).toBe('BAD_REQUEST');
    const bad = await fetch(`${t.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${t.adminKey}` },
      body: '{"query": ',
    });
    expect(bad.status).toBe(400);
  });

  it('records every mutation with actor, ids and outcome, never secrets; ADMIN only', async () => {
    const created = await t.ok(`mutation { createAccount(input: { externalId: "AUD-1", name: "Audited" }) { id } }`);
    const dup = await t.gql(`mutation { createAccount(input: { externalId: "AUD-1", name: "Again" }) { id } }`);
    expect(errorCode(dup)).toBe('CONFLICT');
    const u = await t.user('CSM');
    const log = await t.ok(
      `{ auditLog(first: 10) { totalCount edges { node { operation outcome errorCode targetIds actorUserId role } } } }`,
    );
    const ops = log.auditLog.edges.map((e: any) => e.node);
    const ok = ops.find((o: any) => o.operation === 'createAccount' && o.outcome === 'OK');
    expect(ok.targetIds).toContain(created.createAccount.id);
    expect(ok.role).toBe('ADMIN');
    expect(ops.find((o: any) => o.operation === 'createAccount' && o.outcome === 'ERROR').errorCode).toBe('CONFLICT');
    const rows = await t.db.query(`SELECT * FROM audit_log`);
    expect(JSON.stringify(rows.rows)).not.toContain(u.key);
    expect(JSON.stringify(rows.rows)).not.toContain('vk_');
    expect(errorCode(await t.gql(`{ auditLog { totalCount } }`, {}, u.key))).toBe('FORBIDDEN');
    const filtered = await t.ok(`{ auditLog(filter: { operation: "createUser" }) { totalCount } }`);
    expect(filtered.auditLog.totalCount).toBeGreaterThanOrEqual(1);
  });

  it('answers 429 RATE_LIMITED with retry-after once a key spends its budget', async () => {
    const u = await t.user('MANAGER');
    let last: Response | null = null;
    for (let i = 0; i < 45; i++) {
      last = await fetch(`${t.baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${u.key}` },
        body: JSON.stringify({ query: '{ me { id } }' }),
      });
      if (last.status === 429) break;
    }
    expect(last!.status).toBe(429);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await last!.json()) as any).errors[0].extensions.code).toBe('RATE_LIMITED');
  });
});
