import { TokenService } from '../auth/token.service';
import { cookieActor, CookieSettings } from '../auth/session/cookie-caller';
import { SessionService, SESSION_PREFIX } from '../auth/session/session.service';
import { RequestOrigin } from '../auth/session/web-origin';
import { Database } from '../database/database';
import { Actor } from '../machines/actor';
import { LiveTokens } from './live-connections';

/**
 * Who a request acts as, on the read side: a bearer token, or the session a browser signed in
 * with at /auth/session (its cookie, from this site's own pages only). A websocket sends the
 * session id where a client would send its token, so `authenticate` knows both.
 */
export class TokenAuthentication implements LiveTokens {
  constructor(
    private readonly tokens: TokenService,
    private readonly db: Database,
    private readonly sessions: SessionService | null = null,
    private readonly cookies: CookieSettings = { trustProxy: false, publicUrl: null },
  ) {}

  authenticate(secret: string): Promise<Actor | null> {
    if (this.sessions && secret.startsWith(SESSION_PREFIX)) return this.sessions.actorOf(secret);
    return this.tokens.authenticate(this.db.read, secret);
  }

  /** The actor of a request's session cookie, when it names a live session and the page is ours. */
  fromCookie(request: RequestOrigin): Promise<Actor | null> {
    return this.sessions ? cookieActor(this.sessions, request, this.cookies) : Promise.resolve(null);
  }

  activeAmong(ids: readonly string[]): Promise<Set<string>> {
    return this.tokens.activeAmong(this.db.read, ids);
  }

  sessionKey(secret: string): string | null {
    return this.sessions ? this.sessions.keyOf(secret) : null;
  }

  liveSessionsAmong(keys: readonly string[]): Promise<Set<string>> {
    return this.sessions ? this.sessions.liveAmong(keys) : Promise.resolve(new Set());
  }
}
