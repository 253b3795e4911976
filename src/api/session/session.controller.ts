import { Controller, Delete, Get, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Actor } from '../../machines/actor';
import { recordOf } from '../../operations/request-record';
import { CookiePolicy, originOf } from '../../auth/session/cookie-caller';
import { SessionService } from '../../auth/session/session.service';
import { clearedSessionCookie, sessionCookie, sessionFromCookies } from '../../auth/session/session-cookie';
import { cameOverHttps, isForeign } from '../../auth/session/web-origin';

/** What the page may show of who is signed in; never the token or the session id. */
function actorBody(actor: Actor): object {
  return {
    actor: { id: actor.userId, role: actor.role.toUpperCase(), partyId: actor.partyId, name: actor.name },
  };
}

/**
 * /auth/session: a browser signs in with its token once and gets an HttpOnly session cookie
 * (POST), asks who is signed in (GET), signs out (DELETE). The token stays out of the page's
 * storage; GraphQL accepts the cookie like the token, with CSRF checks.
 */
@Controller('auth/session')
export class SessionController {
  constructor(
    private readonly sessions: SessionService,
    private readonly cookies: CookiePolicy,
  ) {}

  @Post()
  async signIn(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const refuse = this.refusal(request, reply);
    if (this.foreign(request))
      return refuse(403, 'FORBIDDEN', 'sign-in is accepted from this site’s own pages only');
    // JSON only: a cross-site form cannot send it without a preflight this server never grants.
    if (!/^application\/json\b/i.test(request.headers['content-type'] ?? '')) {
      return refuse(415, 'BAD_USER_INPUT', 'send { "token": "<secret>" } as application/json');
    }
    const token = (request.body as { token?: unknown } | null)?.token;
    if (typeof token !== 'string' || !token.trim() || token.length > 512) {
      return refuse(400, 'BAD_USER_INPUT', 'token must be the secret of a bearer token');
    }
    const opened = await this.sessions.signIn(token.trim());
    if (!opened) return refuse(401, 'UNAUTHENTICATED', 'unknown or revoked token');
    recordOf(request).tokenId = opened.actor.userId;
    void reply
      .status(200)
      .header('cache-control', 'no-store')
      .header(
        'set-cookie',
        sessionCookie(opened.secret, {
          secure: this.secure(request),
          maxAgeSeconds: this.sessions.ttlSeconds,
        }),
      )
      .type('application/json')
      .send(actorBody(opened.actor));
  }

  @Get()
  async whoAmI(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const refuse = this.refusal(request, reply);
    if (this.foreign(request)) return refuse(403, 'FORBIDDEN', 'foreign origin');
    const secret = sessionFromCookies(request.headers.cookie);
    const actor = secret ? await this.sessions.actorOf(secret) : null;
    if (!actor) {
      if (secret) void reply.header('set-cookie', clearedSessionCookie(this.secure(request)));
      return refuse(401, 'UNAUTHENTICATED', 'not signed in');
    }
    recordOf(request).tokenId = actor.userId;
    void reply
      .status(200)
      .header('cache-control', 'no-store')
      .type('application/json')
      .send(actorBody(actor));
  }

  @Delete()
  async signOut(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const refuse = this.refusal(request, reply);
    if (this.foreign(request))
      return refuse(403, 'FORBIDDEN', 'sign-out is accepted from this site’s own pages only');
    const secret = sessionFromCookies(request.headers.cookie);
    if (secret) await this.sessions.signOut(secret);
    void reply
      .status(204)
      .header('set-cookie', clearedSessionCookie(this.secure(request)))
      .send();
  }

  private refusal(request: FastifyRequest, reply: FastifyReply) {
    return (status: number, code: string, message: string): void => {
      recordOf(request).code = code;
      void reply.status(status).type('application/json').send({ error: { code, message } });
    };
  }

  private foreign(request: FastifyRequest): boolean {
    const { trustProxy, publicUrl } = this.cookies;
    return isForeign(originOf(request.raw), trustProxy, publicUrl);
  }

  private secure(request: FastifyRequest): boolean {
    return cameOverHttps(originOf(request.raw), this.cookies.trustProxy);
  }
}
