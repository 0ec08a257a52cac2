import { afterEach, describe, expect, it, vi } from 'vitest';
import { graphql } from '@/gql';
import { ApiError, gqlRequest, setUnauthenticatedHandler } from './graphql-client';

const Me = graphql(`
  query MeForClientTest {
    me {
      id
    }
  }
`);

const respond = (body: unknown, status = 200, requestId = 'req-1') =>
  vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { 'x-request-id': requestId } }));

describe('gqlRequest', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('posts the document with the session cookie (same origin) and resolves to data', async () => {
    const fetchMock = respond({ data: { me: { id: 'u1' } } });
    vi.stubGlobal('fetch', fetchMock);
    await expect(gqlRequest(Me)).resolves.toEqual({ me: { id: 'u1' } });
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/graphql');
    expect(init.credentials).toBe('same-origin');
    expect(JSON.parse(init.body as string).query).toContain('query MeForClientTest');
  });

  it('rejects with the code, the field errors (input. prefix dropped) and the request id', async () => {
    vi.stubGlobal(
      'fetch',
      respond(
        {
          errors: [
            {
              message: 'bad',
              extensions: { code: 'BAD_USER_INPUT', fields: [{ field: 'input.title', message: 'is empty' }] },
            },
          ],
        },
        200,
        'req-9',
      ),
    );
    const err = (await gqlRequest(Me).catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe('BAD_USER_INPUT');
    expect(err.requestId).toBe('req-9');
    expect(err.fieldMap()).toEqual({ title: 'is empty' });
  });

  it('calls the sign-in handler on UNAUTHENTICATED', async () => {
    vi.stubGlobal('fetch', respond({ errors: [{ message: 'no session', extensions: { code: 'UNAUTHENTICATED' } }] }));
    const handler = vi.fn();
    setUnauthenticatedHandler(handler);
    await expect(gqlRequest(Me)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('a non-JSON 502 becomes an HTTP error with the request id', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('<html>bad gateway', { status: 502, headers: { 'x-request-id': 'r5' } })),
    );
    await expect(gqlRequest(Me)).rejects.toMatchObject({ code: 'HTTP_502', requestId: 'r5' });
  });
});
