import { randomBytes } from 'node:crypto';
import { Clock } from '../../common/clock';
import { sha256Hex } from '../../common/hash';
import { Database } from '../../database/database';
import { TokenRow } from '../../database/entities';
import { sql } from '../../database/sql';
import { Actor } from '../../machines/actor';
import { TokenRole, TokenService } from '../token.service';
import { SessionRow } from '../../database/session.entity';

/** Session ids are told apart from bearer tokens (`cvt_…`) by their prefix. */
export const SESSION_PREFIX = 'cvs_';

/**
 * Who a sign-in proof names, as an actor and the credential a session hangs on. The one seam of
 * signing in: today a bearer token; single sign-on would answer from its own proof.
 */
export interface SignInMethod {
  identify(proof: string): Promise<{ actor: Actor; credentialId: string } | null>;
}

/** Signing in with a bearer token: the same lookup as an `Authorization: Bearer` request. */
export function tokenSignIn(db: Database, tokens: TokenService): SignInMethod {
  return {
    async identify(secret) {
      const actor = await tokens.authenticate(db.read, secret);
      return actor ? { actor, credentialId: actor.userId } : null;
    },
  };
}

export interface OpenedSession {
  /** The cookie's value: shown to the browser once, stored only as its SHA-256. */
  secret: string;
  actor: Actor;
  expiresAt: string;
}

/**
 * Server-side sessions for the web pages. Expiry is on the wall clock: the domain clock may be a
 * manual one that moves by months in a test or a demonstration.
 */
export class SessionService {
  constructor(
    private readonly db: Database,
    private readonly method: SignInMethod,
    private readonly wallClock: Clock,
    private readonly ttlMinutes: number,
  ) {}

  get ttlSeconds(): number {
    return this.ttlMinutes * 60;
  }

  /** Null when the proof names nobody (unknown or revoked token). */
  async signIn(proof: string): Promise<OpenedSession | null> {
    const identity = await this.method.identify(proof);
    if (!identity) return null;
    const secret = `${SESSION_PREFIX}${randomBytes(32).toString('base64url')}`;
    const now = this.wallClock.now();
    const expiresAt = new Date(now.getTime() + this.ttlMinutes * 60_000).toISOString();
    await this.db.write((manager) =>
      manager.insert(SessionRow, {
        idHash: sha256Hex(secret),
        tokenId: identity.credentialId,
        createdAt: now.toISOString(),
        expiresAt,
        endedAt: null,
      }),
    );
    return { secret, actor: identity.actor, expiresAt };
  }

  /** The actor of a live session: not ended, not expired, its token not revoked. One statement. */
  async actorOf(secret: string): Promise<Actor | null> {
    if (!secret.startsWith(SESSION_PREFIX)) return null;
    const manager = this.db.read;
    const [row] = await sql<Pick<TokenRow, 'id' | 'name' | 'role' | 'partyId'>>(
      manager,
      `SELECT t."id" AS "id", t."name" AS "name", t."role" AS "role", t."party_id" AS "partyId"
       FROM "sessions" s JOIN "tokens" t ON t."id" = s."token_id"
       WHERE s."id_hash" = ? AND s."ended_at" IS NULL AND s."expires_at" > ? AND t."revoked_at" IS NULL`,
      [sha256Hex(secret), this.wallClock.nowIso()],
    );
    if (!row) return null;
    return { userId: row.id, name: row.name, role: row.role as TokenRole, partyId: row.partyId };
  }

  /** What a session is known by outside this service (the hash its row is kept under); null for a token. */
  keyOf(secret: string): string | null {
    return secret.startsWith(SESSION_PREFIX) ? sha256Hex(secret) : null;
  }

  /** Of the sessions named by `keys` (`keyOf`), those not ended nor expired. One statement per 500. */
  async liveAmong(keys: readonly string[]): Promise<Set<string>> {
    const live = new Set<string>();
    const now = this.wallClock.nowIso();
    for (let start = 0; start < keys.length; start += 500) {
      const batch = keys.slice(start, start + 500);
      const rows = await sql<{ key: string }>(
        this.db.read,
        `SELECT "id_hash" AS "key" FROM "sessions"
         WHERE "id_hash" IN (${batch.map(() => '?').join(', ')}) AND "ended_at" IS NULL AND "expires_at" > ?`,
        [...batch, now],
      );
      for (const row of rows) live.add(row.key);
    }
    return live;
  }

  /** Ends the session (sign-out); false when there was no live one. */
  async signOut(secret: string): Promise<boolean> {
    if (!secret.startsWith(SESSION_PREFIX)) return false;
    const result = await this.db.write((manager) =>
      manager
        .createQueryBuilder()
        .update(SessionRow)
        .set({ endedAt: this.wallClock.nowIso() })
        .where('id_hash = :idHash AND ended_at IS NULL', { idHash: sha256Hex(secret) })
        .execute(),
    );
    return (result.affected ?? 0) > 0;
  }
}
