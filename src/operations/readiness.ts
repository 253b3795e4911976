import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { ChangeFeed } from '../changes/change-feed';
import { Database } from '../database/database';
import { pendingMigrations } from '../database/pending-migrations';

/** What readiness looks at. */
export interface ReadinessSources {
  db: Database;
  changes: Pick<ChangeFeed, 'connected'>;
  /** The listener only exists on PostgreSQL: in process, changes cannot be missed. */
  checksChangeListener: boolean;
}

/**
 * What readiness means: the database answers, its schema is this release's (no migration
 * pending), and on PostgreSQL the change listener is connected. Each says only up or down.
 */
export class Readiness {
  constructor(
    private readonly sources: ReadinessSources,
    private readonly health: HealthIndicatorService,
  ) {}

  async database(): Promise<HealthIndicatorResult<'database'>> {
    const check = this.health.check('database');
    try {
      await this.sources.db.read.query('SELECT 1');
      return check.up();
    } catch {
      return check.down();
    }
  }

  async migrations(): Promise<HealthIndicatorResult<'migrations'>> {
    const check = this.health.check('migrations');
    try {
      return (await pendingMigrations(this.sources.db.read)).length ? check.down() : check.up();
    } catch {
      return check.down();
    }
  }

  changeListener(): HealthIndicatorResult<'changeListener'> {
    const check = this.health.check('changeListener');
    return this.sources.changes.connected ? check.up() : check.down();
  }

  get checksChangeListener(): boolean {
    return this.sources.checksChangeListener;
  }
}
