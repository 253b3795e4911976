import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import { Readiness } from './readiness';

/** Probes for orchestrators and load balancers: no token, no rate limit. */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly readiness: Readiness,
  ) {}

  /** The process answers HTTP. */
  @Get('live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /** It can serve requests: 503 naming the failing check otherwise. */
  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.readiness.database(),
      () => this.readiness.migrations(),
      ...(this.readiness.checksChangeListener ? [() => this.readiness.changeListener()] : []),
    ]);
  }
}
