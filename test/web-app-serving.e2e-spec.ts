import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, TestApp } from './utils/test-app';

/** A stand-in for web/dist as Vite writes it: index.html, hashed assets, a public file. */
function fakeBuild(dir: string): void {
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><html><head><script type="module" crossorigin src="/app/assets/index-Bx7Kq2.js"></script>' +
      '<link rel="stylesheet" crossorigin href="/app/assets/index-C9dQ1a.css"></head><body><div id="root"></div></body></html>',
  );
  writeFileSync(join(dir, 'assets', 'index-Bx7Kq2.js'), 'console.log("vitals");\n');
  writeFileSync(join(dir, 'assets', 'index-C9dQ1a.css'), 'body{margin:0}\n');
  writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
}

describe('the web app at /app', () => {
  const root = mkdtempSync(join(tmpdir(), 'vitals-web-'));
  const dist = join(root, 'dist');
  let t: TestApp;

  beforeAll(async () => {
    fakeBuild(dist);
    t = await startTestApp({ env: { WEB_DIST_DIR: dist } });
  });
  afterAll(async () => {
    await t?.close();
    rmSync(root, { recursive: true, force: true });
  });

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${t.baseUrl}${path}`, { redirect: 'manual', headers: { accept: 'text/html', ...headers } });

  it('redirects / to /app/', async () => {
    const r = await get('/');
    expect(r.status).toBe(302);
    expect(r.headers.get('location')).toBe('/app/');
  });

  it('serves index.html, never cached, with a strict Content-Security-Policy, at /app, /app/ and any deep link', async () => {
    for (const path of [
      '/app',
      '/app/',
      '/app/accounts/6f1c2a4e-0000-4000-8000-000000000001',
      '/app/tasks?view=overdue',
    ]) {
      const r = await get(path);
      expect({ path, status: r.status }).toEqual({ path, status: 200 });
      expect(r.headers.get('content-type')).toMatch(/^text\/html/);
      // The page can carry who is signed in (below): no shared cache may keep it, and it varies with the cookie.
      expect(r.headers.get('cache-control')).toBe('private, no-cache');
      expect(r.headers.get('vary')).toMatch(/cookie/i);
      const csp = r.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('referrer-policy')).toBe('same-origin');
      expect(await r.text()).toContain('<div id="root"></div>');
    }
  });

  it('inlines the signed-in user into the page (no `me` round trip), escaped so no name can end the block', async () => {
    // A name an attacker would choose: it must stay data inside the JSON block, never markup.
    const name = '</script><script>alert(1)</script><!-- Eve \u2028 & co';
    const invite = await t.ok<{ inviteUser: { url: string; user: { id: string } } }>(
      `mutation($i: InviteUserInput!) { inviteUser(input: $i) { url user { id } } }`,
      { i: { name, email: `eve-${Date.now()}@example.com`, role: 'CSM' } },
    );
    const token = new URL(invite.inviteUser.url).searchParams.get('token');
    const set = await fetch(`${t.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: t.baseUrl },
      body: JSON.stringify({
        query: `mutation($t: String!, $p: String!) { setPassword(token: $t, password: $p) { user { id } } }`,
        variables: { t: token, p: 'Quartz-meadow-rocket-77' },
      }),
    });
    const cookie = (set.headers.get('set-cookie') ?? '').split(';')[0];
    expect(cookie).toMatch(/^vitals_session=/);

    const page = await get('/app/accounts', { cookie });
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('private, no-cache');
    const html = await page.text();
    const m = /<script type="application\/json" id="vitals-bootstrap">([^<]*)<\/script>/.exec(html);
    expect(m).not.toBeNull();
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('<!-- Eve');
    expect(m![1]).not.toMatch(/[<>&\u2028]/);
    // The JSON holds exactly what the `me` query answers.
    expect(JSON.parse(m![1])).toEqual({
      me: { id: invite.inviteUser.user.id, name, email: expect.any(String), role: 'CSM' },
    });
    // The block sits before the app's script, inside <head>.
    expect(html.indexOf('vitals-bootstrap')).toBeLessThan(html.indexOf('</head>'));

    // No cookie, an unknown one, or a signed-out session: the plain page (the app asks for `me` and is sent to sign-in).
    for (const c of [undefined, 'vitals_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA']) {
      const plain = await (await get('/app/', c ? { cookie: c } : {})).text();
      expect(plain).not.toContain('vitals-bootstrap');
    }
    await fetch(`${t.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: t.baseUrl, cookie },
      body: JSON.stringify({ query: 'mutation { signOut }' }),
    });
    expect(await (await get('/app/', { cookie })).text()).not.toContain('vitals-bootstrap');
  });

  it('caches hashed assets for a year as immutable; other files are revalidated; a missing asset is a 404', async () => {
    const js = await get('/app/assets/index-Bx7Kq2.js', { accept: '*/*' });
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await js.text()).toBe('console.log("vitals");\n');
    const css = await get('/app/assets/index-C9dQ1a.css', { accept: 'text/css' });
    expect(css.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const icon = await get('/app/favicon.svg', { accept: 'image/*' });
    expect(icon.status).toBe(200);
    expect(icon.headers.get('cache-control')).toBe('no-cache');
    const gone = await get('/app/assets/index-OLD123.js', { accept: '*/*' });
    expect(gone.status).toBe(404);
    expect(gone.headers.get('content-type')).toMatch(/^text\/plain/);
  });

  it('leaves /graphql, /healthz and /ingest as they were (no CSP on the API)', async () => {
    const h = await get('/healthz', { accept: 'application/json' });
    expect(h.status).toBe(200);
    expect(await h.json()).toEqual({ status: 'ok', database: 'up' });
    expect(h.headers.get('content-security-policy')).toBeNull();
    const g = await t.gql('{ me { role } }');
    expect(g.data.me.role).toBe('ADMIN');
    // The Apollo Sandbox landing page (development) is not under the app's CSP.
    const sandbox = await get('/graphql');
    expect(sandbox.status).toBe(200);
    expect(sandbox.headers.get('content-security-policy')).toBeNull();
    const ingest = await fetch(`${t.baseUrl}/ingest/signals`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body: '{}\n',
    });
    expect(ingest.status).toBe(401);
  });

  it('answers 503 with how to build while there is no build, and serves the build as soon as it appears', async () => {
    renameSync(dist, `${dist}.away`);
    try {
      const r = await get('/app/accounts');
      expect(r.status).toBe(503);
      expect(r.headers.get('cache-control')).toBe('no-store');
      const page = await r.text();
      expect(page).toContain('The web app is not built yet');
      expect(page).toContain('npm run build -w web');
    } finally {
      renameSync(`${dist}.away`, dist);
    }
    expect((await get('/app/accounts')).status).toBe(200);
  });
});
