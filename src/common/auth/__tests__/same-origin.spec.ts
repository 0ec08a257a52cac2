import type { Request, Response } from 'express';
import { sameOriginForCookies } from '../same-origin.middleware';
import { hasSessionCookie, readCookie } from '../session-cookie';

const TOKEN = 'A'.repeat(43);

function run(
  check: ReturnType<typeof sameOriginForCookies>,
  req: { method: string; headers: Record<string, string>; host?: string; protocol?: string },
) {
  let status = 0;
  let body: any = null;
  let passed = false;
  const res = {
    status(code: number) {
      status = code;
      return this;
    },
    json(b: unknown) {
      body = b;
      return this;
    },
  };
  check(
    { host: 'vitals.local:3000', protocol: 'http', ...req } as unknown as Request,
    res as unknown as Response,
    () => (passed = true),
  );
  return { passed, status, body };
}

describe('readCookie / hasSessionCookie', () => {
  it('finds one cookie among several, and only a plausible token', () => {
    expect(readCookie(`theme=dark; vitals_session=${TOKEN}; x=1`, 'vitals_session')).toBe(TOKEN);
    expect(readCookie(`vitals_session_old=${TOKEN}`, 'vitals_session')).toBeNull();
    expect(readCookie('vitals_session=short', 'vitals_session')).toBeNull();
    expect(readCookie(`vitals_session=${TOKEN}%00`, 'vitals_session')).toBeNull();
    expect(readCookie(undefined, 'vitals_session')).toBeNull();
    // A cookie that is there but malformed still makes the request cookie-authenticated (so CSRF-checked).
    expect(hasSessionCookie({ headers: { cookie: 'vitals_session=garbage' } })).toBe(true);
    expect(hasSessionCookie({ headers: { cookie: 'other=1' } })).toBe(false);
  });
});

describe('sameOriginForCookies', () => {
  const check = sameOriginForCookies('https://vitals.example.com/');
  const cookie = `vitals_session=${TOKEN}`;

  it('lets through safe methods, requests without the cookie, and requests with an API key', () => {
    expect(run(check, { method: 'GET', headers: { cookie } }).passed).toBe(true);
    expect(run(check, { method: 'POST', headers: {} }).passed).toBe(true);
    expect(
      run(check, { method: 'POST', headers: { cookie, authorization: 'Bearer vk_x', origin: 'http://evil' } }).passed,
    ).toBe(true);
  });

  it("accepts the service's own origin and PUBLIC_URL's, case and default port normalised", () => {
    expect(run(check, { method: 'POST', headers: { cookie, origin: 'http://vitals.local:3000' } }).passed).toBe(true);
    expect(run(check, { method: 'POST', headers: { cookie, origin: 'HTTP://VITALS.LOCAL:3000' } }).passed).toBe(true);
    expect(run(check, { method: 'POST', headers: { cookie, origin: 'https://vitals.example.com:443' } }).passed).toBe(
      true,
    );
    expect(
      run(check, {
        method: 'DELETE',
        headers: { cookie, origin: 'https://vitals.local' },
        host: 'vitals.local',
        protocol: 'https',
      }).passed,
    ).toBe(true);
  });

  it('refuses a foreign, null, other-port, other-scheme or missing Origin with 403 and says which', () => {
    for (const origin of [
      'http://evil.example',
      'null',
      'http://vitals.local:3001',
      'https://vitals.local:3000',
      'garbage',
    ]) {
      const r = run(check, { method: 'POST', headers: { cookie, origin } });
      expect({ origin, passed: r.passed, status: r.status }).toEqual({ origin, passed: false, status: 403 });
      expect(r.body.errors[0].extensions).toEqual({ code: 'FORBIDDEN', reason: 'CROSS_ORIGIN' });
      expect(r.body.errors[0].message).toContain(JSON.stringify(origin));
    }
    const missing = run(check, { method: 'PUT', headers: { cookie } });
    expect(missing.status).toBe(403);
    expect(missing.body.errors[0].message).toContain('the Origin header is missing');
  });
});
