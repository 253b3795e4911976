import { TokenService } from '../auth/token.service';
import { Database } from '../database/database';
import { Actor } from '../machines/actor';
import { LiveTokens } from './live-connections';

/** Bearer tokens looked up on the read side: who a secret belongs to, and which are still active. */
export class TokenAuthentication implements LiveTokens {
  constructor(
    private readonly tokens: TokenService,
    private readonly db: Database,
  ) {}

  authenticate(secret: string): Promise<Actor | null> {
    return this.tokens.authenticate(this.db.read, secret);
  }

  activeAmong(ids: readonly string[]): Promise<Set<string>> {
    return this.tokens.activeAmong(this.db.read, ids);
  }
}
