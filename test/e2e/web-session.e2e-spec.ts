import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { ConventioProcess, errorCode, GraphQLResponse } from '../support/conventio-process';

const COOKIE = /^conventio_session=(cvs_[A-Za-z0-9_-]{43});/;

interface SignIn {
  status: number;
  setCookie: string | null;
  body: {
    actor?: { id: string; role: string; partyId: string | null; name: string };
    error?: { code: string };
  };
  /** `conventio_session=…`, as a browser would send it back. */
  cookie: string | null;
}

describe('signing in from a browser (/auth/session) over HTTP', () => {
  let server: ConventioProcess;
  let admin: string;
  let amf: { id: string; secret: string };

  const base = () => server.url.replace(/\/graphql$/, '');
  const ownOrigin = () => new URL(server.url).origin;

  const signIn = async (
    token: unknown,
    headers: Record<string, string> = {},
    target: ConventioProcess = server,
  ): Promise<SignIn> => {
    const response = await fetch(`${target.url.replace(/\/graphql$/, '')}/auth/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ token }),
    });
    const setCookie = response.headers.get('set-cookie');
    const value = setCookie ? COOKIE.exec(setCookie)?.[1] : undefined;
    return {
      status: response.status,
      setCookie,
      body: (await response.json()) as SignIn['body'],
      cookie: value ? `conventio_session=${value}` : null,
    };
  };

  const withCookie = async <T = Record<string, unknown>>(
    cookie: string,
    query: string,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: GraphQLResponse<T> }> => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, ...headers },
      body: JSON.stringify({ query }),
    });
    return { status: response.status, body: (await response.json()) as GraphQLResponse<T> };
  };

  const whoAmI = (cookie: string | null) =>
    fetch(`${base()}/auth/session`, { headers: cookie ? { cookie } : {} });

  beforeAll(async () => {
    server = await ConventioProcess.start();
    admin = await server.token('admin', 'Administrateur');
    amf = await server.issueToken('representative', 'Jacques Pélissard', 'amf');
  });

  afterAll(async () => {
    await server.dispose();
  });

  it('trades a token for an HttpOnly, SameSite=Strict session cookie and says who signed in', async () => {
    const answer = await signIn(amf.secret);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      actor: { id: amf.id, role: 'REPRESENTATIVE', partyId: 'amf', name: 'Jacques Pélissard' },
    });
    const attributes = answer.setCookie!.split(';').map((a) => a.trim());
    expect(attributes).toEqual(expect.arrayContaining(['Path=/', 'HttpOnly', 'SameSite=Strict']));
    // Plain http to the socket: no Secure, or the browser would drop the cookie.
    expect(attributes).not.toContain('Secure');
    // The cookie names a session, never the token itself.
    expect(answer.cookie).not.toContain(amf.secret);

    const me = await whoAmI(answer.cookie);
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual(answer.body);
    expect((await whoAmI(null)).status).toBe(401);
  });

  it('refuses an unknown token, a missing one, a non-JSON body and a foreign page', async () => {
    const unknown = await signIn('cvt_not-a-token');
    expect(unknown.status).toBe(401);
    expect(unknown.body.error?.code).toBe('UNAUTHENTICATED');
    expect(unknown.setCookie).toBeNull();
    expect((await signIn(42)).status).toBe(400);

    const form = await fetch(`${base()}/auth/session`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ token: amf.secret }),
    });
    expect(form.status).toBe(415);
    expect(form.headers.get('set-cookie')).toBeNull();

    const foreign = await signIn(amf.secret, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.setCookie).toBeNull();
    expect((await signIn(amf.secret, { origin: ownOrigin() })).status).toBe(200);
  });

  it('lets GraphQL read with the cookie like with the bearer token', async () => {
    const { cookie } = await signIn(amf.secret);
    const { status, body } = await withCookie<{ me: { id: string; role: string; party: { id: string } } }>(
      cookie!,
      '{ me { id role party { id } } }',
      { origin: ownOrigin() },
    );
    expect(status).toBe(200);
    expect(body.data?.me).toEqual({ id: amf.id, role: 'REPRESENTATIVE', party: { id: 'amf' } });
  });

  it("keeps Apollo's CSRF prevention: a simple request with the cookie is refused", async () => {
    const { cookie } = await signIn(amf.secret);
    const plain = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', cookie: cookie! },
      body: JSON.stringify({ query: '{ me { id } }' }),
    });
    expect(plain.status).toBe(400);
    expect(await plain.text()).not.toContain(amf.id);

    const get = `${server.url}?query=${encodeURIComponent('{ me { id } }')}`;
    const simpleGet = await fetch(get, { headers: { cookie: cookie! } });
    expect(simpleGet.status).toBe(400);
    const preflighted = await fetch(get, {
      headers: { cookie: cookie!, 'apollo-require-preflight': 'true' },
    });
    expect(((await preflighted.json()) as GraphQLResponse<{ me: { id: string } }>).data?.me.id).toBe(amf.id);
  });

  it("does not sign in a request from another site's page with the cookie", async () => {
    const { cookie } = await signIn(amf.secret);
    const foreign = await withCookie(cookie!, '{ me { id } }', { origin: 'https://evil.example' });
    expect(errorCode(foreign.body)).toBe('UNAUTHENTICATED');
    const crossSite = await withCookie(cookie!, '{ me { id } }', { 'sec-fetch-site': 'cross-site' });
    expect(errorCode(crossSite.body)).toBe('UNAUTHENTICATED');
  });

  it('accepts the cookie on the graphql-ws upgrade, from our own origin only', async () => {
    const { cookie } = await signIn(amf.secret);
    const subscribeWith = async (origin: string) => {
      class BrowserSocket extends WebSocket {
        constructor(address: string, protocols?: string | string[]) {
          super(address, protocols, { headers: { cookie: cookie!, origin } });
        }
      }
      const client = createClient({
        url: server.url.replace(/^http/, 'ws'),
        webSocketImpl: BrowserSocket,
        retryAttempts: 0,
        lazy: true,
      });
      try {
        return await new Promise<{ data?: unknown; closed?: number }>((resolve) => {
          client.on('closed', (event) => resolve({ closed: (event as { code: number }).code }));
          client.subscribe(
            { query: '{ me { id } }' },
            {
              next: (message) => resolve({ data: message.data }),
              error: (error) => resolve({ closed: (error as { code?: number }).code ?? -1 }),
              complete: () => undefined,
            },
          );
        });
      } finally {
        await client.dispose();
      }
    };
    expect(await subscribeWith(ownOrigin())).toEqual({ data: { me: { id: amf.id } } });
    // Another site's page: the cookie is ignored, so the socket has no credentials (4401).
    expect(await subscribeWith('https://evil.example')).toEqual({ closed: 4401 });
  });

  it('lets the export be downloaded with the cookie', async () => {
    const auditor = await server.issueToken('auditor', 'Cour des comptes');
    const { cookie } = await signIn(auditor.secret);
    const response = await fetch(`${base()}/audit/export`, { headers: { cookie: cookie! } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/ndjson/);
    expect((await fetch(`${base()}/audit/export`)).status).toBe(401);
  });

  it('ends the session at sign-out, for GraphQL and /auth/session alike', async () => {
    const { cookie } = await signIn(amf.secret);
    const out = await fetch(`${base()}/auth/session`, { method: 'DELETE', headers: { cookie: cookie! } });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/^conventio_session=;.*Max-Age=0/);
    expect((await whoAmI(cookie)).status).toBe(401);
    expect(errorCode((await withCookie(cookie!, '{ me { id } }')).body)).toBe('UNAUTHENTICATED');
    // A sign-out from another site's page is refused: it cannot end someone's session.
    const other = await signIn(amf.secret);
    const forged = await fetch(`${base()}/auth/session`, {
      method: 'DELETE',
      headers: { cookie: other.cookie!, origin: 'https://evil.example' },
    });
    expect(forged.status).toBe(403);
    expect((await whoAmI(other.cookie)).status).toBe(200);
  });

  it('closes, within the live recheck, a websocket opened with a session that signs out', async () => {
    const { cookie } = await signIn(amf.secret);
    class BrowserSocket extends WebSocket {
      constructor(address: string, protocols?: string | string[]) {
        super(address, protocols, { headers: { cookie: cookie!, origin: ownOrigin() } });
      }
    }
    const client = createClient({
      url: server.url.replace(/^http/, 'ws'),
      webSocketImpl: BrowserSocket,
      retryAttempts: 0,
    });
    try {
      const opened = new Promise<void>((resolve) => client.on('connected', () => resolve()));
      const closed = new Promise<number>((resolve) =>
        client.on('closed', (event) => resolve((event as { code: number }).code)),
      );
      // A subscription that stays open: AMF's commitments, none of which changes meanwhile.
      client.subscribe(
        { query: 'subscription { commitmentChanged(partyId: "amf") { id } }' },
        { next: () => undefined, error: () => undefined, complete: () => undefined },
      );
      await opened;
      const out = await fetch(`${base()}/auth/session`, { method: 'DELETE', headers: { cookie: cookie! } });
      expect(out.status).toBe(204);
      // LIVE_TOKEN_RECHECK_MS is 500 by default: closed at the next recheck, 4401 as for a revoked token.
      const code = await Promise.race([
        closed,
        new Promise<number>((resolve) => setTimeout(() => resolve(-1), 5_000)),
      ]);
      expect(code).toBe(4401);
    } finally {
      await client.dispose();
    }
  });

  it('ends the session at the next request once its token is revoked', async () => {
    const token = await server.issueToken('representative', 'Jeannette Bougrab', 'halde');
    const { cookie } = await signIn(token.secret);
    expect((await withCookie(cookie!, '{ me { id } }')).body.data).toEqual({ me: { id: token.id } });
    await server.cli('token', 'revoke', token.id);
    expect(errorCode((await withCookie(cookie!, '{ me { id } }')).body)).toBe('UNAUTHENTICATED');
    expect((await whoAmI(cookie)).status).toBe(401);
    expect((await signIn(token.secret)).status).toBe(401);
  });

  it('keeps a session usable by an admin for mutations (JSON requests)', async () => {
    const admins = await signIn(admin);
    const created = await withCookie<{ createConvention: { convention: { id: string } } }>(
      admins.cookie!,
      'mutation { createConvention(input: { workflowId: "halde-amf-2010" }) { convention { id } } }',
      { origin: ownOrigin() },
    );
    expect(created.body.data?.createConvention.convention.id).toBeTruthy();
  });
});

describe('signing in behind a proxy, and the rate limit of /auth/session', () => {
  let server: ConventioProcess;
  let token: string;

  beforeAll(async () => {
    server = await ConventioProcess.start({ TRUST_PROXY: 'true', RATE_LIMIT_ANONYMOUS_PER_MINUTE: '6' });
    token = await server.token('representative', 'Jacques Pélissard', 'amf');
  });

  afterAll(async () => {
    await server.dispose();
  });

  const post = (headers: Record<string, string>) =>
    fetch(`${server.url.replace(/\/graphql$/, '')}/auth/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ token }),
    });

  it('marks the cookie Secure when the proxy says the browser came over https, and takes that origin as ours', async () => {
    const host = new URL(server.url).host;
    const secure = await post({ 'x-forwarded-proto': 'https', origin: `https://${host}` });
    expect(secure.status).toBe(200);
    expect(secure.headers.get('set-cookie')).toMatch(/; Secure/);
    const plain = await post({ 'x-forwarded-proto': 'http' });
    expect(plain.status).toBe(200);
    expect(plain.headers.get('set-cookie')).not.toMatch(/Secure/);
  });

  it('refuses sign-in attempts past the anonymous rate limit with RATE_LIMITED', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await post({})).status);
    expect(statuses).toContain(429);
    const refused = await post({});
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as GraphQLResponse).errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
  });
});

describe('without TRUST_PROXY, X-Forwarded-Proto is not believed', () => {
  let server: ConventioProcess;

  beforeAll(async () => {
    server = await ConventioProcess.start();
  });

  afterAll(async () => {
    await server.dispose();
  });

  it('leaves the cookie without Secure over plain http, whatever the header says', async () => {
    const token = await server.token('representative', 'Jacques Pélissard', 'amf');
    const response = await fetch(`${server.url.replace(/\/graphql$/, '')}/auth/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
      body: JSON.stringify({ token }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('set-cookie')).not.toMatch(/Secure/);
  });
});
