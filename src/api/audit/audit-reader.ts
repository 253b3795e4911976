import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { AuditService } from '../../audit/audit.service';
import { LogFailure } from '../../audit/log.service';
import { DomainError } from '../../common/domain-error';
import { DefinitionRegistry } from '../../workflows/definition-registry';
import { encodeCursor, toCommitment, toConvention, toHistoryEvent } from '../mapping';
import { ConventionAtInstant } from './convention-at-instant.model';
import { withLocalInstants } from '../local-time';
import { HistoryConnection } from './history-connection.model';
import { HistoryVerification } from './history-verification.model';
import { cursor, isRecord, pageSize } from '../pagination';
import { ConventionReader } from '../read/convention-reader';
import { Actor } from '../../machines/actor';
import { ConventionRecord } from '../../conventions/records';

function isHistoryCursor(value: unknown): value is { version: number } {
  return isRecord(value) && typeof value.version === 'number';
}

/**
 * Histories, their verification and past states. Whoever reads a convention reads its history
 * too: auditors and admins, the representatives of its parties, and every representative for a
 * public one. NOT_FOUND otherwise, as for an unknown id. Access is checked on the stored row,
 * which the audit then uses: one read of it, and none of the mapping a `Convention` needs.
 */
@Injectable()
export class AuditReader {
  constructor(
    private readonly audit: AuditService,
    private readonly registry: DefinitionRegistry,
    private readonly reader: ConventionReader,
  ) {}

  async history(
    actor: Actor | null,
    conventionId: string,
    first: number | null,
    after: string | null,
  ): Promise<HistoryConnection> {
    await this.readableRow(actor, conventionId);
    const afterVersion = cursor(after, isHistoryCursor)?.version ?? 0;
    const { page, totalCount } = await this.audit.history(conventionId, pageSize(first), afterVersion);
    const edges = page.rows.map((row) => ({
      cursor: encodeCursor({ version: row.version }),
      node: toHistoryEvent(row),
    }));
    return {
      edges,
      totalCount,
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges[edges.length - 1]?.cursor ?? null },
    };
  }

  async verify(
    actor: Actor | null,
    conventionId: string,
    logCheck: () => Promise<LogFailure | null>,
  ): Promise<HistoryVerification> {
    const row = await this.readableRow(actor, conventionId);
    return this.audit.verify(row, logCheck);
  }

  async conventionAt(actor: Actor | null, id: string, at: string): Promise<ConventionAtInstant> {
    await this.readableRow(actor, id);
    const instant = DateTime.fromISO(at, { setZone: true });
    if (!instant.isValid)
      throw new DomainError('BAD_USER_INPUT', `at must be an ISO-8601 instant, got "${at}"`);
    const iso = instant.toUTC().toISO() as string;
    const state = await this.audit.conventionAt(id, iso);
    if (!state) throw new DomainError('NOT_FOUND', `convention ${id} did not exist at ${iso}`);
    const { commitments, ...view } = state.view;
    const definition = this.registry.byReference(state.definitionRef)!;
    const embedded = commitments.map((c) => ({ ...toCommitment(definition, id, c, iso), historic: true }));
    const convention = toConvention(
      definition,
      { id, version: state.version, updatedAt: state.updatedAt, snapshot: null },
      view,
      iso,
      embedded,
    );
    return withLocalInstants({ at: iso, version: state.version, convention }, ['at'], definition.timeZone);
  }

  private async readableRow(actor: Actor | null, id: string): Promise<ConventionRecord> {
    const row = await this.reader.readableRow(actor, id);
    if (!row) throw new DomainError('NOT_FOUND', `no convention ${id}`);
    return row;
  }
}
