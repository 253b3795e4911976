import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { Runtime } from '../app/runtime';
import { exportLines } from '../audit/export';
import { recordOf } from '../operations/request-record';
import { bearerToken } from './bearer';
import { RUNTIME } from './runtime.token';

/**
 * GET /audit/export[?conventionId=…] with an auditor's (or admin's) bearer token: the
 * NDJSON export the offline verifier checks, streamed as it is read.
 */
@Controller('audit')
export class ExportController {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  @Get('export')
  async export(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query('conventionId') conventionId?: string,
  ): Promise<void> {
    const record = recordOf(request);
    const refuse = (status: number, code: string, message: string) => {
      record.code = code;
      return reply.status(status).type('application/json').send({ error: { code, message } });
    };
    const secret = bearerToken(request.headers.authorization);
    const actor = secret ? await this.runtime.tokens.authenticate(this.runtime.db.read, secret) : null;
    record.tokenId = actor?.userId ?? null;
    if (!actor) return void refuse(401, 'UNAUTHENTICATED', 'a valid bearer token is required');
    if (actor.role !== 'auditor' && actor.role !== 'admin') {
      return void refuse(403, 'FORBIDDEN', 'only auditors may export the log');
    }
    if (conventionId) {
      const found = await this.runtime.conventionRepository.findConvention(
        this.runtime.db.read,
        conventionId,
      );
      if (!found) return void refuse(404, 'NOT_FOUND', `no convention ${conventionId}`);
    }
    const { db, log, config, clock } = this.runtime;
    const lines = exportLines(db.read, log, config.checkpointOrigin, clock.nowIso(), conventionId ?? null);
    void reply
      .type('application/x-ndjson')
      .header('content-disposition', `attachment; filename="conventio-${conventionId ?? 'log'}.ndjson"`)
      .send(Readable.from(lines));
  }
}
