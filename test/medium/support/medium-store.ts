import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { InProcessChangeFeed } from '../../../src/changes/in-process-change-feed';
import { loadOrCreateAuditKey } from '../../../src/audit/audit-key';
import { AuditService } from '../../../src/audit/audit.service';
import { LogService } from '../../../src/audit/log.service';
import { ManualClock } from '../../../src/common/clock';
import { IdGenerator } from '../../../src/common/id-generator';
import { ConventionRepository } from '../../../src/conventions/convention.repository';
import { ConventionService } from '../../../src/conventions/convention.service';
import { IdempotencyRepository } from '../../../src/conventions/idempotency.repository';
import { Database, openDatabase } from '../../../src/database/database';
import { EventLogRepository } from '../../../src/events/event-log.repository';
import { StoredEvent } from '../../../src/events/stored-event';
import { ConventionProjection } from '../../../src/conventions/convention-projection';
import { TransitionResult } from '../../../src/conventions/write-state';
import { Actor } from '../../../src/machines/actor';
import { ContactRepository } from '../../../src/notifications/contact.repository';
import { Notifier } from '../../../src/notifications/notifier';
import { OutboxRepository } from '../../../src/notifications/outbox.repository';
import { ReminderRepository } from '../../../src/notifications/reminder.repository';
import { ClockControl } from '../../../src/scheduler/clock-control';
import { DeadlineFiring } from '../../../src/scheduler/deadline-firing';
import { DeadlineRepository } from '../../../src/scheduler/deadline.repository';
import { DefinitionRegistry } from '../../../src/workflows/definition-registry';
import { loadDefinitions } from '../../../src/workflows/load-definitions';
import { createTestStore, databaseTargetOf, TestDialect } from '../../support/test-store';

const WORKFLOWS = resolve(__dirname, '../../../workflows');

export const admin: Actor = { userId: 'admin', name: 'Administrateur', role: 'admin', partyId: null };

export function representative(partyId: string): Actor {
  return { userId: `rep-${partyId}`, name: partyId, role: 'representative', partyId };
}

/** Ids c1, c2, …: readable in failures, the same on every run. */
class CountingIds extends IdGenerator {
  private n = 0;
  next(): string {
    return `c${++this.n}`;
  }
}

export interface MediumStoreOptions {
  start?: string;
  wrap?: (db: Database) => Database;
  /** The definitions folder; `workflows/` when absent. */
  workflowsDir?: string;
  /** `sqlite` when absent; `testDialect()` follows CONVENTIO_TEST_DATABASE (a fresh PostgreSQL database). */
  dialect?: TestDialect;
  /** Each event also writes its messages and re-plans its reminders, as the server does. */
  notifications?: boolean;
}

/**
 * The write side as the server builds it, on a real SQLite file in a temporary directory (or a
 * fresh PostgreSQL database, when asked), with a manual clock and the definitions of
 * `workflows/`. `wrap` puts something between the services and the database (to make a commit
 * fail, as a lost race does).
 */
export async function openMediumStore(options: MediumStoreOptions = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'conventio-medium-'));
  const store = await createTestStore(dir, options.dialect ?? 'sqlite');
  const real = await openDatabase(databaseTargetOf(store));
  const db = options.wrap ? options.wrap(real) : real;
  const clock = new ManualClock(new Date(options.start ?? '2010-06-24T09:00:00.000Z'));
  const registry = await real.write((manager) =>
    DefinitionRegistry.publish(manager, loadDefinitions(options.workflowsDir ?? WORKFLOWS), clock.nowIso()),
  );
  const conventions = new ConventionRepository();
  const deadlines = new DeadlineRepository();
  const eventLog = new EventLogRepository();
  const changes = new InProcessChangeFeed();
  const notifier = options.notifications
    ? new Notifier(
        new ContactRepository(),
        new OutboxRepository(),
        new ReminderRepository(),
        { emailConfigured: true, publicUrl: null },
        clock,
      )
    : null;
  const service = new ConventionService(
    db,
    conventions,
    eventLog,
    new ConventionProjection(),
    deadlines,
    registry,
    clock,
    new CountingIds(),
    new IdempotencyRepository(),
    changes,
    undefined,
    notifier && { notifier },
  );
  const writer = service.writer;
  const firing = new DeadlineFiring(writer, deadlines);
  writer.catchUpWith((conventionId) => firing.fireDue(conventionId));
  const clockControl = new ClockControl(db, writer, deadlines, clock);
  const log = new LogService(
    db,
    loadOrCreateAuditKey(store.config.auditKeyPath),
    clock,
    'conventio.test/log',
  );
  const audit = new AuditService(db, eventLog, conventions, registry, log);
  return {
    db,
    clock,
    registry,
    conventions,
    deadlines,
    changes,
    service,
    writer,
    firing,
    clockControl,
    eventLog,
    audit,
    /** A HALDE–AMF convention, created and signed by both parties: in force, its commitments open. */
    async signedHaldeAmf(): Promise<string> {
      const { id } = await service.create({ actor: admin, workflowId: 'halde-amf-2010' });
      await service.sign({ actor: representative('amf'), conventionId: id });
      await service.sign({ actor: representative('halde'), conventionId: id });
      return id;
    },
    /** The HALDE confirms, with the note « fait », that it shares its information (a signed HALDE–AMF convention). */
    haldeSharesInformation(conventionId: string): Promise<TransitionResult> {
      return service.markCommitmentDone({
        actor: representative('halde'),
        commitmentId: `${conventionId}:halde-shares-information`,
        note: 'fait',
        evidenceUrl: null,
      });
    },
    /** The stream of a convention, in order. */
    events: (streamId: string) =>
      real.read.find<StoredEvent>('events', { where: { streamId }, order: { version: 'ASC' } }),
    allEvents: () => real.read.count('events'),
    async dispose() {
      await real.close();
      await store.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type MediumStore = Awaited<ReturnType<typeof openMediumStore>>;
