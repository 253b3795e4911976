import type { Context as WebSocketContext } from 'graphql-ws';
import { CLOSE_UNAUTHORIZED, LiveConnections, LiveTokens } from './live-connections';

/** A graphql-ws context over an open socket whose `close` is recorded. */
function socketContext(): { ctx: WebSocketContext; close: jest.Mock } {
  const close = jest.fn();
  const socket = { readyState: 1, OPEN: 1, close };
  return { ctx: { extra: { socket }, subscriptions: {} } as unknown as WebSocketContext, close };
}

/** Tokens whose secret is their id; `activeAmong` answers when the test says so. */
function tokens() {
  const asked: string[][] = [];
  let answer: (active: Set<string>) => void = () => undefined;
  const store: LiveTokens = {
    authenticate: (secret) =>
      Promise.resolve({ userId: secret, name: secret, role: 'auditor', partyId: null }),
    activeAmong: (ids) => {
      asked.push([...ids]);
      return new Promise((resolve) => (answer = resolve));
    },
    sessionKey: () => null,
    liveSessionsAmong: () => Promise.resolve(new Set()),
  };
  return { store, asked, answer: (active: string[]) => answer(new Set(active)) };
}

const LIMITS = {
  subscriptionsPerSocket: 5,
  subscriptionsPerToken: 10,
  socketsPerToken: 5,
  tokenRecheckMs: 3_600_000,
};

describe('LiveConnections.checkTokens', () => {
  let connections: LiveConnections;
  const opened: WebSocketContext[] = [];

  afterEach(() => {
    for (const ctx of opened.splice(0)) connections.closed(ctx);
  });

  const open = async (secret: string) => {
    const socket = socketContext();
    expect(await connections.open(socket.ctx, secret)).toBe(true);
    opened.push(socket.ctx);
    return socket;
  };

  it('closes the sockets of a revoked token, and leaves a token that connected during the check to the next one', async () => {
    const store = tokens();
    connections = new LiveConnections(store.store, LIMITS, (e) => {
      throw e;
    });
    const revoked = await open('revoked');
    const kept = await open('kept');
    const check = connections.checkTokens();
    // Authenticated after the tokens were listed: the statement does not know of it.
    const late = await open('late');
    store.answer(['kept']);
    await check;
    expect(store.asked).toEqual([['revoked', 'kept']]);
    expect(revoked.close).toHaveBeenCalledWith(CLOSE_UNAUTHORIZED, 'Unauthorized: the token was revoked');
    expect(kept.close).not.toHaveBeenCalled();
    expect(late.close).not.toHaveBeenCalled();

    // The next check asks about it, and closes it once it is revoked.
    const next = connections.checkTokens();
    store.answer(['kept']);
    await next;
    expect(store.asked[1]).toEqual(expect.arrayContaining(['kept', 'late']));
    expect(late.close).toHaveBeenCalledWith(CLOSE_UNAUTHORIZED, 'Unauthorized: the token was revoked');
    expect(kept.close).not.toHaveBeenCalled();
  });
});
