import { Controller, Get, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { bearerToken } from '../auth/bearer';
import { sha256Hex } from '../common/hash';
import { metricsRegistry } from '../common/metrics';

/** Compares digests, so that the time taken says nothing of the expected token. */
function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(Buffer.from(sha256Hex(given)), Buffer.from(sha256Hex(expected)));
}

/** METRICS_TOKEN, or null when /metrics is open. */
export class MetricsAccess {
  constructor(readonly token: string | null) {}
}

/**
 * GET /metrics in Prometheus' text format. Open when METRICS_TOKEN is unset (the server listens
 * on 127.0.0.1 by default); with it set, only `Authorization: Bearer <METRICS_TOKEN>` is served.
 */
@Controller('metrics')
export class MetricsController {
  constructor(private readonly access: MetricsAccess) {}

  @Get()
  async scrape(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const expected = this.access.token;
    const given = bearerToken(request.headers.authorization);
    if (expected !== null && (given === null || !sameSecret(given, expected))) {
      return void reply
        .status(401)
        .type('application/json')
        .send({ error: { code: 'UNAUTHENTICATED', message: 'the metrics token is required' } });
    }
    void reply.type(metricsRegistry.contentType).send(await metricsRegistry.metrics());
  }
}
