import { randomBytes } from 'node:crypto';
import { startTestApp, TestApp } from './utils/test-app';
import { post, SET_PASSWORD, SIGN_IN, sessionCookieOf, tokenOf } from './utils/session';

const STRONG = 'kite-lemon-harbor-77';
const ENDED = 'Your session has expired or was signed out; sign in again';
const uniq = () => randomBytes(4).toString('hex');
const hashOf = (cookie: string) => `encode(sha256('${cookie.split('=')[1]}'::bytea), 'hex')`;

describe('sessions: expiry, sign-out, revocation, CSRF, roles', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { TRUST_PROXY: 'true', RATE_LIMIT_PER_MINUTE: '0' } });
  });
  afterAll(() => t?.close());

  /** An invited user with a password; returns their id, email and a signed-in cookie. */
  async function person(role: 'ADMIN' | 'MANAGER' | 'CSM' = 'CSM') {
    const email = `${role.toLowerCase()}-${uniq()}@sessions.test`;
    const inv = await t.ok(`mutation($i: InviteUserInput!) { inviteUser(input: $i) { url user { id } } }`, {
      i: { name: `S ${role}`, email, role },
    });
    const res = await post(t.baseUrl, SET_PASSWORD, { t: tokenOf(inv.inviteUser.url), p: STRONG });
    return { id: inv.inviteUser.user.id as string, email, cookie: sessionCookieOf(res)! };
  }
  const signIn = async (email: string) => sessionCookieOf(await post(t.baseUrl, SIGN_IN, { e: email, p: STRONG }))!;
  const me = (cookie: string, origin: string | undefined = t.baseUrl) =>
    post(t.baseUrl, '{ me { id role } }', {}, { cookie, origin });

  it('sign-out ends the session, clears the cookie, and the old cookie is refused', async () => {
    const p = await person();
    expect((await me(p.cookie)).data.me.id).toBe(p.id);
    const out = await post(t.baseUrl, 'mutation { signOut }', {}, { cookie: p.cookie, origin: t.baseUrl });
    expect(out.data.signOut).toBe(true);
    expect(out.setCookies.find((c) => c.startsWith('vitals_session=;'))).toMatch(/Expires=Thu, 01 Jan 1970/);
    expect(await t.count('sessions', `token_hash = ${hashOf(p.cookie)} AND revoked_at IS NOT NULL`)).toBe(1);
    const after = await me(p.cookie);
    expect(after.errors?.[0]).toMatchObject({ message: ENDED, extensions: { code: 'UNAUTHENTICATED' } });
    // Signing out twice is harmless.
    expect(
      (await post(t.baseUrl, 'mutation { signOut }', {}, { cookie: p.cookie, origin: t.baseUrl })).data.signOut,
    ).toBe(false);
  });

  it('ends a session idle for 12 hours, keeps an active one alive, and ends any session 7 days after sign-in', async () => {
    const p = await person();
    const idle = await signIn(p.email);
    const active = await signIn(p.email);
    const old = await signIn(p.email);
    await t.db.query(
      `UPDATE sessions SET last_seen_at = now() - interval '12 hours 1 minute' WHERE token_hash = ${hashOf(idle)}`,
    );
    await t.db.query(
      `UPDATE sessions SET last_seen_at = now() - interval '11 hours 50 minutes' WHERE token_hash = ${hashOf(active)}`,
    );
    await t.db.query(
      `UPDATE sessions SET created_at = now() - interval '7 days', expires_at = now() - interval '1 second' WHERE token_hash = ${hashOf(old)}`,
    );
    expect((await me(idle)).errors?.[0]).toMatchObject({ message: ENDED, extensions: { code: 'UNAUTHENTICATED' } });
    expect((await me(old)).errors?.[0]).toMatchObject({ message: ENDED, extensions: { code: 'UNAUTHENTICATED' } });
    expect((await me(active)).data.me.id).toBe(p.id);
    // Its use moved the idle clock: another 11 hours later it still works.
    const seen = await t.db.query(
      `SELECT now() - last_seen_at < interval '1 minute' AS fresh FROM sessions WHERE token_hash = ${hashOf(active)}`,
    );
    expect(seen.rows[0].fresh).toBe(true);
    const s = await post(
      t.baseUrl,
      '{ currentSession { expiresAt idleExpiresAt user { id } } }',
      {},
      { cookie: active, origin: t.baseUrl },
    );
    const { expiresAt, idleExpiresAt } = s.data.currentSession;
    expect(new Date(idleExpiresAt).getTime() - Date.now()).toBeGreaterThan(11.9 * 3600_000);
    expect(new Date(expiresAt).getTime() - Date.now()).toBeGreaterThan(6.99 * 86_400_000);
  });

  it('changing your own password checks the current one and the policy, ends your other sessions and keeps this one', async () => {
    const p = await person('MANAGER');
    const other = await signIn(p.email);
    const CHANGE = `mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }`;
    const as = (vars: Record<string, string>) => post(t.baseUrl, CHANGE, vars, { cookie: p.cookie, origin: t.baseUrl });
    const wrong = await as({ c: 'not-my-password', n: 'velvet-anchor-quasar-5' });
    expect(wrong.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'currentPassword' });
    const weak = await as({ c: STRONG, n: 'password1234' });
    expect(weak.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'newPassword' });
    expect((await me(other)).data.me.id).toBe(p.id);
    const ok = await as({ c: STRONG, n: 'velvet-anchor-quasar-5' });
    expect(ok.data.changePassword).toBe(true);
    expect((await me(p.cookie)).data.me.id).toBe(p.id);
    expect((await me(other)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await post(t.baseUrl, SIGN_IN, { e: p.email, p: STRONG })).errors?.[0].extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
    expect((await post(t.baseUrl, SIGN_IN, { e: p.email, p: 'velvet-anchor-quasar-5' })).status).toBe(200);
    // Someone with only an API key and no password is told how to get one.
    const keyOnly = await t.gql(CHANGE, { c: 'x', n: 'velvet-anchor-quasar-5' });
    expect(keyOnly.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'currentPassword' });
  });

  it('ADMIN revokes all of a user’s sessions; a CSM may not', async () => {
    const p = await person();
    const second = await signIn(p.email);
    const csm = await person();
    const refused = await post(
      t.baseUrl,
      `mutation($u: ID!) { revokeUserSessions(userId: $u) }`,
      { u: p.id },
      { cookie: csm.cookie, origin: t.baseUrl },
    );
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const r = await t.ok(`mutation($u: ID!) { revokeUserSessions(userId: $u) }`, { u: p.id });
    expect(r.revokeUserSessions).toBe(2);
    expect((await me(p.cookie)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await me(second)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await me(csm.cookie)).data.me.id).toBe(csm.id);
    // They can sign in again.
    expect((await me(await signIn(p.email))).data.me.id).toBe(p.id);
  });

  it('deactivation ends sessions, refuses sign-in and the user’s API keys; reactivation lets them back', async () => {
    const p = await person('MANAGER');
    const key = (await t.ok(`mutation($u: ID!) { issueApiKey(userId: $u) { key } }`, { u: p.id })).issueApiKey.key;
    expect((await t.gql('{ me { id } }', {}, key)).data.me.id).toBe(p.id);
    const d = await t.ok(`mutation($u: ID!) { deactivateUser(id: $u) { id deactivatedAt } }`, { u: p.id });
    expect(d.deactivateUser.deactivatedAt).not.toBeNull();
    expect((await me(p.cookie)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await t.gql('{ me { id } }', {}, key)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const refused = await post(t.baseUrl, SIGN_IN, { e: p.email, p: STRONG });
    expect(refused.errors?.[0]).toMatchObject({ message: 'Email or password is incorrect' });
    const self = await t.gql(`mutation($u: ID!) { deactivateUser(id: $u) { id } }`, {
      u: (await t.ok('{ me { id } }')).me.id,
    });
    expect(self.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });

    await t.ok(`mutation($u: ID!) { reactivateUser(id: $u) { id } }`, { u: p.id });
    expect((await me(await signIn(p.email))).data.me.role).toBe('MANAGER');
    expect((await t.gql('{ me { id } }', {}, key)).data.me.id).toBe(p.id);
  });

  it('INGEST users can never hold a session, even with a password or a session row put in the database', async () => {
    const ingest = await t.user('INGEST');
    const email = (await t.db.query('SELECT email FROM users WHERE id = $1', [ingest.id])).rows[0].email;
    const admin = await person('ADMIN');
    const hash = (await t.db.query('SELECT password_hash FROM users WHERE id = $1', [admin.id])).rows[0].password_hash;
    await t.db.query('UPDATE users SET password_hash = $2, password_set_at = now() WHERE id = $1', [ingest.id, hash]);
    const r = await post(t.baseUrl, SIGN_IN, { e: email, p: STRONG });
    expect(r.errors?.[0]).toMatchObject({
      message: 'Email or password is incorrect',
      extensions: { code: 'UNAUTHENTICATED' },
    });
    expect(sessionCookieOf(r)).toBeNull();
    expect(await t.count('sessions', 'user_id = $1', [ingest.id])).toBe(0);
    const token = randomBytes(32).toString('base64url');
    await t.db.query(
      `INSERT INTO sessions (user_id, token_hash, expires_at) VALUES ($1, encode(sha256($2::bytea), 'hex'), now() + interval '1 day')`,
      [ingest.id, token],
    );
    expect((await me(`vitals_session=${token}`)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    // Its API key still works for ingestion.
    expect((await t.gql('{ me { role } }', {}, ingest.key)).data.me.role).toBe('INGEST');
  });

  it('CSRF: a cookie request from another origin, or without Origin, is refused before it runs; same origin works', async () => {
    const p = await person('MANAGER');
    const change = `mutation($i: CreateAccountInput!) { createAccount(input: $i) { id } }`;
    const vars = () => ({ i: { externalId: `csrf-${uniq()}`, name: 'CSRF target' } });
    const before = await t.count('accounts');
    for (const origin of ['http://evil.example', 'null', t.baseUrl.replace('http:', 'https:'), undefined]) {
      const r = await post(t.baseUrl, change, vars(), { cookie: p.cookie, origin });
      expect(r.status).toBe(403);
      expect(r.errors?.[0].extensions).toEqual({ code: 'FORBIDDEN', reason: 'CROSS_ORIGIN' });
      expect(r.errors?.[0].message).toMatch(/^Cross-origin request refused/);
    }
    // Also sign-out: a foreign page cannot sign you out.
    const out = await post(t.baseUrl, 'mutation { signOut }', {}, { cookie: p.cookie, origin: 'http://evil.example' });
    expect(out.status).toBe(403);
    expect(await t.count('accounts')).toBe(before);
    expect(
      (await post(t.baseUrl, change, vars(), { cookie: p.cookie, origin: t.baseUrl })).data.createAccount.id,
    ).toBeTruthy();
    expect(await t.count('accounts')).toBe(before + 1);
    // Apollo's CSRF prevention: a "simple" GET (no content-type, no preflight header) is refused even with the cookie.
    const simple = await fetch(`${t.baseUrl}/graphql?query=${encodeURIComponent('{ me { id } }')}`, {
      headers: { cookie: p.cookie },
    });
    expect(simple.status).toBe(400);
    expect(await simple.text()).toMatch(/Cross-Site Request Forgery/);
    // Behind an https proxy: the cookie is Secure and the origin to match is the https one.
    const proxied = await post(
      t.baseUrl,
      SIGN_IN,
      { e: p.email, p: STRONG },
      { headers: { 'x-forwarded-proto': 'https' } },
    );
    expect(proxied.setCookies.find((c) => c.startsWith('vitals_session='))).toMatch(/; Secure/);
    const httpsOrigin = t.baseUrl.replace('http:', 'https:');
    const viaProxy = { cookie: sessionCookieOf(proxied)!, headers: { 'x-forwarded-proto': 'https' } };
    expect((await post(t.baseUrl, change, vars(), { ...viaProxy, origin: httpsOrigin })).status).toBe(200);
    expect((await post(t.baseUrl, change, vars(), { ...viaProxy, origin: t.baseUrl })).status).toBe(403);
  });

  it('a Bearer key works as before, with or without a cookie and whatever the Origin; it wins over a cookie', async () => {
    const csm = await person('CSM');
    const r = await post(
      t.baseUrl,
      '{ me { role } }',
      {},
      { bearer: t.adminKey, cookie: csm.cookie, origin: 'http://evil.example' },
    );
    expect(r.status).toBe(200);
    expect(r.data.me.role).toBe('ADMIN');
    const plain = await post(t.baseUrl, '{ me { role } }', {}, { bearer: t.adminKey });
    expect(plain.data.me.role).toBe('ADMIN');
    const none = await post(t.baseUrl, '{ me { role } }');
    expect(none.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('roles and a CSM’s book apply to a session exactly as to a key', async () => {
    const csm = await person('CSM');
    const other = await person('CSM');
    const mine = await t.ok(`mutation($i: CreateAccountInput!) { createAccount(input: $i) { id } }`, {
      i: { externalId: `mine-${uniq()}`, name: 'Mine', ownerId: csm.id },
    });
    await t.ok(`mutation($i: CreateAccountInput!) { createAccount(input: $i) { id } }`, {
      i: { externalId: `theirs-${uniq()}`, name: 'Theirs', ownerId: other.id },
    });
    const list = await post(
      t.baseUrl,
      '{ accounts(first: 100) { totalCount edges { node { id } } } }',
      {},
      { cookie: csm.cookie, origin: t.baseUrl },
    );
    expect(list.data.accounts.edges.map((e: any) => e.node.id)).toEqual([mine.createAccount.id]);
    expect(list.data.accounts.totalCount).toBe(1);
    const forbidden = await post(
      t.baseUrl,
      `mutation { createUser(input: { name: "X", email: "x-${uniq()}@sessions.test", role: CSM }) { apiKey } }`,
      {},
      { cookie: csm.cookie, origin: t.baseUrl },
    );
    expect(forbidden.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    // The audit log names the session's user, with no API key (it is written just after the answer).
    const nps = await post(
      t.baseUrl,
      `mutation($a: ID!) { recordNps(input: { accountId: $a, score: 9 }) { id } }`,
      { a: mine.createAccount.id },
      { cookie: csm.cookie, origin: t.baseUrl },
    );
    expect(nps.errors).toBeUndefined();
    let audit = { rows: [] as Array<{ api_key_id: string | null }> };
    for (let i = 0; i < 50 && !audit.rows.length; i++) {
      audit = await t.db.query(
        `SELECT api_key_id FROM audit_log WHERE operation = 'recordNps' AND actor_user_id = $1 AND outcome = 'OK'`,
        [csm.id],
      );
      if (!audit.rows.length) await new Promise((r) => setTimeout(r, 100));
    }
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0].api_key_id).toBeNull();
  });
});
