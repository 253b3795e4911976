import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { Actor } from '../../machines/actor';
import { sessionFromCookies } from './session-cookie';
import { SessionService } from './session.service';
import { isForeign, RequestOrigin } from './web-origin';

export interface CookieSettings {
  trustProxy: boolean;
  publicUrl: string | null;
}

/** A Node request (Fastify's `raw`, a websocket upgrade) as RequestOrigin. */
export function originOf(request: Pick<IncomingMessage, 'headers' | 'socket'>): RequestOrigin {
  return {
    headers: request.headers,
    encrypted: Boolean((request.socket as TLSSocket | undefined)?.encrypted),
  };
}

/**
 * The session id a request may act with: its cookie, unless the request comes from a foreign page
 * (a cookie the browser attaches to another site's request proves nothing about who sent it).
 */
export function sessionSecretOf(request: RequestOrigin, settings: CookieSettings): string | null {
  const secret = sessionFromCookies(request.headers.cookie);
  if (!secret) return null;
  return isForeign(request, settings.trustProxy, settings.publicUrl) ? null : secret;
}

/** Who the session cookie of a request names, if it names a live session and the page is ours. */
export async function cookieActor(
  sessions: SessionService,
  request: RequestOrigin,
  settings: CookieSettings,
): Promise<Actor | null> {
  const secret = sessionSecretOf(request, settings);
  return secret ? sessions.actorOf(secret) : null;
}
