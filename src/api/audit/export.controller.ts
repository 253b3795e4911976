import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { DomainError } from '../../common/domain-error';
import { recordOf } from '../../operations/request-record';
import { bearerToken } from '../../auth/bearer';
import { originOf } from '../../auth/session/cookie-caller';
import { checkArguments } from '../input-rules';
import { ConventionReader } from '../read/convention-reader';
import { TokenAuthentication } from '../token-authentication';
import { LogExport } from './log-export';

/**
 * GET /audit/export[?conventionId=…]: the NDJSON export the offline verifier checks, streamed
 * as it is read. The whole log for an auditor (or admin); one convention for whoever may read it.
 */
@Controller('audit')
export class ExportController {
  constructor(
    private readonly tokens: TokenAuthentication,
    private readonly reader: ConventionReader,
    private readonly logExport: LogExport,
  ) {}

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
      ? await this.tokens.authenticate(secret)
      : await this.tokens.fromCookie(originOf(request.raw));
    record.tokenId = actor?.userId ?? null;
    if (!actor) return void refuse(401, 'UNAUTHENTICATED', 'a valid bearer token is required');
    try {
      checkArguments({ conventionId });
    } catch (error) {
      if (error instanceof DomainError) return void refuse(400, error.code, error.message);
      throw error;
    }
    if (conventionId) {
      // One answer for an unknown convention and one the actor may not read.
      if (!(await this.reader.readableRow(actor, conventionId))) {
        return void refuse(404, 'NOT_FOUND', `no convention ${conventionId}`);
      }
    } else if (actor.role !== 'auditor' && actor.role !== 'admin') {
      return void refuse(
        403,
        'FORBIDDEN',
        'only auditors and admins export the whole log; ?conventionId= exports a convention you may read',
      );
    }
    const lines = this.logExport.lines(conventionId ?? null);
    void reply
      .type('application/x-ndjson')
      .header('content-disposition', `attachment; filename="conventio-${conventionId ?? 'log'}.ndjson"`)
      .send(Readable.from(lines));
  }
}
