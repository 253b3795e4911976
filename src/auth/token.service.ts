import { randomBytes } from 'node:crypto';
import { EntityManager, In, IsNull } from 'typeorm';
import { Clock } from '../common/clock';
import { sha256Hex } from '../common/hash';
import { IdGenerator } from '../common/id-generator';
import { TokenRow } from '../database/entities';
import { selectColumns, sql } from '../database/sql';
import { Actor } from '../machines/actor';

/** Ids per statement: far below SQLite's and PostgreSQL's parameter limits. */
const ACTIVE_BATCH = 500;

export type TokenRole = 'representative' | 'auditor' | 'admin';

export interface IssuedToken {
  id: string;
  /** Shown once; only its SHA-256 is stored. */
  secret: string;
}

/** Bearer tokens: random, stored as SHA-256 hashes, scoped to a role (and a party), revocable. */
export class TokenService {
  constructor(
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async issue(
    manager: EntityManager,
    role: TokenRole,
    name: string,
    partyId: string | null,
  ): Promise<IssuedToken> {
    const id = this.ids.next();
    const secret = `cvt_${randomBytes(32).toString('base64url')}`;
    await manager.insert(TokenRow, {
      id,
      name,
      role,
      partyId: role === 'representative' ? partyId : null,
      secretHash: sha256Hex(secret),
      createdAt: this.clock.nowIso(),
      revokedAt: null,
    });
    return { id, secret };
  }

  /** Returns false when there is no such active token. */
  async revoke(manager: EntityManager, id: string): Promise<boolean> {
    const result = await manager.update(
      TokenRow,
      { id, revokedAt: IsNull() },
      { revokedAt: this.clock.nowIso() },
    );
    return (result.affected ?? 0) > 0;
  }

  /**
   * Of `ids`, those still active, in one statement per 500: the open websockets' tokens are
   * checked together every LIVE_TOKEN_RECHECK_MS, and a change's subscribers' before it is delivered.
   */
  async activeAmong(manager: EntityManager, ids: readonly string[]): Promise<Set<string>> {
    const active = new Set<string>();
    for (let start = 0; start < ids.length; start += ACTIVE_BATCH) {
      const rows = await manager.find(TokenRow, {
        select: { id: true },
        where: { id: In(ids.slice(start, start + ACTIVE_BATCH)), revokedAt: IsNull() },
      });
      for (const row of rows) active.add(row.id);
    }
    return active;
  }

  async authenticate(manager: EntityManager, secret: string): Promise<Actor | null> {
    // Every request asks: one indexed statement, written out.
    const [row] = await sql<TokenRow>(
      manager,
      `SELECT ${selectColumns(manager, TokenRow)} FROM "tokens" WHERE "secret_hash" = ? AND "revoked_at" IS NULL`,
      [sha256Hex(secret)],
    );
    if (!row) return null;
    return { userId: row.id, name: row.name, role: row.role as TokenRole, partyId: row.partyId };
  }
}
