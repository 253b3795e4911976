import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { Runtime } from '../app/runtime';
import { exportLines } from '../audit/export';
import { DomainError } from '../common/domain-error';
import { mayRead, readableOf } from '../conventions/read-access';
import { recordOf } from '../operations/request-record';
import { bearerToken } from './bearer';
import { cookieActor, originOf } from '../auth/session/cookie-caller';
import { checkArguments } from './input-rules';
import { RUNTIME } from './runtime.token';

/**
 * GET /audit/export[?conventionId=…]: the NDJSON export the offline verifier checks, streamed
 * as it is read. The whole log for an auditor (or admin); one convention for whoever may read it.
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
    // The auditor's page downloads the export with its session cookie.
    const actor = secret
      ? await this.runtime.tokens.authenticate(this.runtime.db.read, secret)
      : await cookieActor(this.runtime.sessions, originOf(request.raw), this.runtime.config);
    record.tokenId = actor?.userId ?? null;
    if (!actor) return void refuse(401, 'UNAUTHENTICATED', 'a valid bearer token is required');
    try {
      checkArguments({ conventionId });
    } catch (error) {
      if (error instanceof DomainError) return void refuse(400, error.code, error.message);
      throw error;
    }
    if (conventionId) {
      const found = await this.runtime.conventionRepository.findConvention(
        this.runtime.db.read,
        conventionId,
      );
      // One answer for an unknown convention and one the actor may not read.
      if (!found || !mayRead(actor, readableOf(this.runtime.conventions.definitionOf(found)))) {
        return void refuse(404, 'NOT_FOUND', `no convention ${conventionId}`);
      }
    } else if (actor.role !== 'auditor' && actor.role !== 'admin') {
      return void refuse(
        403,
        'FORBIDDEN',
        'only auditors and admins export the whole log; ?conventionId= exports a convention you may read',
      );
    }
    const { db, log, config, clock } = this.runtime;
    const lines = exportLines(db.read, log, config.checkpointOrigin, clock.nowIso(), conventionId ?? null);
    void reply
      .type('application/x-ndjson')
      .header('content-disposition', `attachment; filename="conventio-${conventionId ?? 'log'}.ndjson"`)
      .send(Readable.from(lines));
  }
}
