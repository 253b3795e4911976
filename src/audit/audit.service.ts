import { Database } from '../database/database';
import { DomainError } from '../common/domain-error';
import { Page } from '../common/page';
import { sameJson } from '../common/same-json';
import { ConventionRepository } from '../conventions/convention.repository';
import { ConventionRecord } from '../conventions/records';
import { EventLogRepository } from '../events/event-log.repository';
import { StoredEvent } from '../events/stored-event';
import { ConventionView } from '../machines/convention.view';
import { DefinitionRegistry } from '../workflows/definition-registry';
import { LogFailure, LogService } from './log.service';
import { replay } from './replay';

export interface Verification {
  valid: boolean;
  eventCount: number;
  /** The first version found wrong, when not valid. */
  firstBadVersion: number | null;
  reason: string | null;
}

/** Auditors' reads: the raw history, its verification, and the state at any past instant. */
export class AuditService {
  constructor(
    private readonly db: Database,
    private readonly eventLog: EventLogRepository,
    private readonly conventions: ConventionRepository,
    private readonly registry: DefinitionRegistry,
    private readonly log: LogService,
  ) {}

  /**
   * A page of a convention's history. Its callers (the API's AuditReader) have read the
   * convention's row and checked access to it already: none of these reads looks for it again.
   */
  async history(
    conventionId: string,
    first: number,
    afterVersion: number,
  ): Promise<{ page: Page<StoredEvent>; totalCount: number }> {
    const [page, totalCount] = await Promise.all([
      this.eventLog.history(this.db.read, conventionId, first, afterVersion),
      this.eventLog.countEvents(this.db.read, conventionId),
    ]);
    return { page, totalCount };
  }

  /**
   * Hash chain intact, every event replays through the machine with its guards passing,
   * and the replayed state equals the stored projection. `row`: the convention's stored row, as
   * its caller read it to check access.
   */
  async verify(
    row: ConventionRecord,
    logCheck: () => Promise<LogFailure | null> = () => this.log.verifyAgainstCheckpoints(),
  ): Promise<Verification> {
    const conventionId = row.id;
    const rows = await this.eventLog.stream(this.db.read, conventionId);
    const result = replay(rows, (ref) => this.registry.byReference(ref));
    const eventCount = rows.length;
    if (!result.ok)
      return {
        valid: false,
        eventCount,
        firstBadVersion: result.failure.version,
        reason: result.failure.reason,
      };
    const logFailure = await logCheck();
    if (logFailure) {
      const inStream = rows.find(
        (r) => logFailure.logIndex !== null && r.sequence - 1 >= logFailure.logIndex,
      );
      return {
        valid: false,
        eventCount,
        firstBadVersion: inStream?.version ?? null,
        reason: logFailure.reason,
      };
    }
    // Its events as the log check read them: one rewritten since then no longer matches.
    for (const event of rows) {
      const witnessed = this.log.witnessedHash(event.sequence);
      if (witnessed !== undefined && witnessed !== event.hash) {
        return {
          valid: false,
          eventCount,
          firstBadVersion: event.version,
          reason: `event ${event.version} (log index ${event.sequence - 1}) is not the one this server checked against the signed checkpoints: the log was rewritten`,
        };
      }
    }
    const lastVersion = rows[rows.length - 1]?.version ?? 0;
    if (row.version !== lastVersion) {
      return {
        valid: false,
        eventCount,
        firstBadVersion: Math.min(row.version, lastVersion) + 1,
        reason: `projection is at version ${row.version} but the log ends at version ${lastVersion}`,
      };
    }
    const { commitments, ...replayed } = result.view;
    const stored = JSON.parse(row.view) as Omit<ConventionView, 'commitments'>;
    // Compared in place: the same JSON, key order aside (as canonical JSON compares them).
    if (!sameJson(replayed, stored) || row.status !== replayed.status) {
      return this.mismatch(
        eventCount,
        lastVersion,
        'stored convention projection differs from the replayed state',
      );
    }
    const storedCommitments = await this.conventions.commitmentsOfConvention(this.db.read, conventionId);
    const byKey = new Map(storedCommitments.map((c) => [c.key, c]));
    for (const commitment of commitments) {
      const storedRow = byKey.get(commitment.id);
      if (
        !storedRow ||
        !sameJson(JSON.parse(storedRow.view), commitment) ||
        storedRow.status !== commitment.status
      ) {
        return this.mismatch(
          eventCount,
          lastVersion,
          `stored commitment ${commitment.id} differs from the replayed state`,
        );
      }
    }
    if (storedCommitments.length !== commitments.length) {
      return this.mismatch(eventCount, lastVersion, 'stored commitments differ from the replayed state');
    }
    return { valid: true, eventCount, firstBadVersion: null, reason: null };
  }

  /** The convention as it stood at `at`, recomputed from the events that had occurred by then. */
  async conventionAt(
    conventionId: string,
    at: string,
  ): Promise<{ view: ConventionView; version: number; definitionRef: string; updatedAt: string } | null> {
    const rows = await this.eventLog.stream(this.db.read, conventionId, at);
    if (!rows.length) return null;
    const result = replay(rows, (ref) => this.registry.byReference(ref), false);
    if (!result.ok) {
      throw new DomainError(
        'CONFLICT',
        `history cannot be replayed at version ${result.failure.version}: ${result.failure.reason}`,
      );
    }
    const last = rows[rows.length - 1]!;
    return {
      view: result.view,
      version: rows.length,
      definitionRef: last.definitionRef,
      updatedAt: last.occurredAt,
    };
  }

  private mismatch(eventCount: number, version: number, reason: string): Verification {
    return { valid: false, eventCount, firstBadVersion: version, reason };
  }
}
