import type { Context as WebSocketContext } from 'graphql-ws';
import type { WebSocket } from 'ws';
import { DomainError } from '../common/domain-error';
import { Actor } from '../machines/actor';

/** Close codes of a refused or ended websocket (graphql-ws's own, README "Live updates"). */
export const CLOSE_UNAUTHORIZED = 4401;
export const CLOSE_FORBIDDEN = 4403;
export const CLOSE_INTERNAL = 4500;

export interface LiveLimits {
  subscriptionsPerSocket: number;
  subscriptionsPerToken: number;
  socketsPerToken: number;
  /** How often the tokens of open websockets are checked again. */
  tokenRecheckMs: number;
}

/** What the connections need of the token store. */
export interface LiveTokens {
  authenticate(secret: string): Promise<Actor | null>;
  /** Of `ids`, those neither revoked nor removed. */
  activeAmong(ids: readonly string[]): Promise<Set<string>>;
  /** The key a web session is known by, when `secret` is a session's (null for a token). */
  sessionKey(secret: string): string | null;
  /** Of session `keys`, those still live (not signed out, not expired). */
  liveSessionsAmong(keys: readonly string[]): Promise<Set<string>>;
}

/** The ws socket under a graphql-ws connection (Nest serves graphql-ws with `ws`). */
function socketOf(ctx: WebSocketContext): WebSocket | null {
  const extra = ctx.extra;
  if (typeof extra !== 'object' || extra === null || !('socket' in extra)) return null;
  return extra.socket as WebSocket;
}

function close(ctx: WebSocketContext, code: number, reason: string): void {
  socketOf(ctx)?.close(code, reason);
}

/**
 * The websockets of this instance, each authenticated once at `connection_init`: the actor is
 * kept on the connection for every operation it runs. Bounds what one token may hold (sockets,
 * subscriptions) and closes, within `tokenRecheckMs`, the sockets of a token revoked meanwhile
 * (one statement for all open tokens, so a revocation by the CLI or by another instance is seen
 * the same way on SQLite and on PostgreSQL).
 */
export class LiveConnections {
  private readonly actors = new WeakMap<WebSocketContext, Actor>();
  /** The web session a socket was opened with (its cookie), to close it at sign-out. */
  private readonly sessions = new WeakMap<WebSocketContext, string>();
  private readonly byToken = new Map<string, Set<WebSocketContext>>();
  private timer: NodeJS.Timeout | null = null;
  private checking = false;

  constructor(
    private readonly tokens: LiveTokens,
    private readonly limits: LiveLimits,
    private readonly log: (error: unknown) => void,
  ) {}

  /** graphql-ws `onConnect`: false when the socket was closed (4401 no valid token, 4403 too many sockets). */
  async open(ctx: WebSocketContext, secret: string | null): Promise<boolean> {
    let actor: Actor | null;
    try {
      actor = secret ? await this.tokens.authenticate(secret) : null;
    } catch (error) {
      // graphql-ws would put the error's own message in the close reason.
      this.log(error);
      close(ctx, CLOSE_INTERNAL, 'Internal server error');
      return false;
    }
    const socket = socketOf(ctx);
    // The client may have left while the token was looked up: nothing to register then.
    if (!socket || socket.readyState !== socket.OPEN) return false;
    if (!actor) {
      close(ctx, CLOSE_UNAUTHORIZED, 'Unauthorized: a valid bearer token is required');
      return false;
    }
    const sockets = this.byToken.get(actor.userId) ?? new Set<WebSocketContext>();
    if (sockets.size >= this.limits.socketsPerToken) {
      close(ctx, CLOSE_FORBIDDEN, `Forbidden: at most ${this.limits.socketsPerToken} websockets per token`);
      return false;
    }
    sockets.add(ctx);
    this.byToken.set(actor.userId, sockets);
    this.actors.set(ctx, actor);
    const session = secret ? this.tokens.sessionKey(secret) : null;
    if (session) this.sessions.set(ctx, session);
    this.startChecking();
    return true;
  }

  /** graphql-ws `onClose`: frees the socket's slot (its subscriptions are ended by graphql-ws). */
  closed(ctx: WebSocketContext): void {
    const actor = this.actors.get(ctx);
    if (!actor) return;
    this.actors.delete(ctx);
    const sockets = this.byToken.get(actor.userId);
    sockets?.delete(ctx);
    if (sockets && !sockets.size) this.byToken.delete(actor.userId);
    if (!this.byToken.size) this.stopChecking();
  }

  /** The actor authenticated when the connection opened; null for a socket that never was. */
  actorOf(ctx: WebSocketContext): Actor | null {
    return this.actors.get(ctx) ?? null;
  }

  /**
   * graphql-ws `onSubscribe`: why this operation is refused, if it is. graphql-ws lists the
   * operation in `ctx.subscriptions` before calling the hook and removes it when it ends (or is
   * refused), so the counts are those of operations in flight, this one included.
   */
  refusal(ctx: WebSocketContext): DomainError | null {
    const actor = this.actors.get(ctx);
    if (!actor) return null;
    const { subscriptionsPerSocket: perSocket, subscriptionsPerToken: perToken } = this.limits;
    if (Object.keys(ctx.subscriptions).length > perSocket) {
      return new DomainError(
        'BAD_USER_INPUT',
        `at most ${perSocket} subscriptions per websocket (LIVE_SUBSCRIPTIONS_PER_SOCKET): complete one first`,
      );
    }
    let total = 0;
    for (const other of this.byToken.get(actor.userId) ?? [])
      total += Object.keys(other.subscriptions).length;
    if (total > perToken) {
      return new DomainError(
        'BAD_USER_INPUT',
        `at most ${perToken} subscriptions per token (LIVE_SUBSCRIPTIONS_PER_TOKEN): complete one first`,
      );
    }
    return null;
  }

  /** Open websockets on this instance, for the close of the server and for measurements. */
  get size(): number {
    let count = 0;
    for (const sockets of this.byToken.values()) count += sockets.size;
    return count;
  }

  /**
   * Closes the sockets of every token revoked since it connected (one statement for all), then
   * those opened with a web session that ended since (signed out or expired: one more statement,
   * only when such sockets are open). A token first seen while the statement ran was authenticated
   * as its socket opened, after the tokens were listed: it is left to the next check, not taken for
   * revoked because the statement did not ask about it.
   */
  async checkTokens(): Promise<void> {
    if (this.checking || !this.byToken.size) return;
    this.checking = true;
    try {
      const asked = new Set(this.byToken.keys());
      const active = await this.tokens.activeAmong([...asked]);
      const bySession = new Map<string, WebSocketContext[]>();
      for (const [tokenId, sockets] of this.byToken) {
        if (!asked.has(tokenId)) continue;
        for (const ctx of sockets) {
          if (!active.has(tokenId)) {
            close(ctx, CLOSE_UNAUTHORIZED, 'Unauthorized: the token was revoked');
            continue;
          }
          const session = this.sessions.get(ctx);
          if (session) bySession.set(session, [...(bySession.get(session) ?? []), ctx]);
        }
      }
      if (!bySession.size) return;
      const live = await this.tokens.liveSessionsAmong([...bySession.keys()]);
      for (const [session, sockets] of bySession) {
        if (live.has(session)) continue;
        for (const ctx of sockets) close(ctx, CLOSE_UNAUTHORIZED, 'Unauthorized: the session ended');
      }
    } finally {
      this.checking = false;
    }
  }

  private startChecking(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.checkTokens().catch(this.log);
    }, this.limits.tokenRecheckMs);
    this.timer.unref();
  }

  private stopChecking(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
