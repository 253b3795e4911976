import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { RUNTIME } from '../api/runtime.token';
import { Runtime } from '../app/runtime';
import { pendingMigrations } from '../database/pending-migrations';

/**
 * What readiness means: the database answers, its schema is this release's (no migration
 * pending), and on PostgreSQL the change listener is connected. Each says only up or down.
 */
@Injectable()
export class Readiness {
  constructor(
    @Inject(RUNTIME) private readonly runtime: Runtime,
    private readonly health: HealthIndicatorService,
  ) {}

  async database(): Promise<HealthIndicatorResult<'database'>> {
    const check = this.health.check('database');
    try {
      await this.runtime.db.read.query('SELECT 1');
      return check.up();
    } catch {
      return check.down();
    }
  }

  async migrations(): Promise<HealthIndicatorResult<'migrations'>> {
    const check = this.health.check('migrations');
    try {
      return (await pendingMigrations(this.runtime.db.read)).length ? check.down() : check.up();
    } catch {
      return check.down();
    }
  }

  changeListener(): HealthIndicatorResult<'changeListener'> {
    const check = this.health.check('changeListener');
    return this.runtime.changes.connected ? check.up() : check.down();
  }

  /** The listener only exists on PostgreSQL: in process, changes cannot be missed. */
  get checksChangeListener(): boolean {
    return this.runtime.config.databaseUrl !== null;
  }
}
