import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { Database } from '../database/database';
import { Actor } from '../machines/actor';
import { ContactService, requireAdmin } from './contact.service';
import { OutboxAttemptRow, OutboxRow } from '../database/notification.entities';
import { OutboxRepository } from './outbox.repository';

export interface OutboxPage {
  rows: (OutboxRow & { attemptLog: OutboxAttemptRow[] })[];
  hasNextPage: boolean;
  totalCount: number;
}

/** What an admin sees of the outbox, and the retry of a message given up on. */
export class OutboxService {
  constructor(
    private readonly db: Database,
    private readonly outbox: OutboxRepository,
    private readonly contacts: ContactService,
    private readonly wallClock: Clock,
    private readonly emailConfigured: boolean,
  ) {}

  async page(
    actor: Actor,
    filter: { status?: string | null; channel?: string | null; conventionId?: string | null },
    afterId: number,
    limit: number,
  ): Promise<OutboxPage> {
    requireAdmin(actor);
    const page = await this.outbox.page(this.db.read, filter, afterId, limit);
    const attempts = await this.outbox.attemptsOf(
      this.db.read,
      page.rows.map((r) => r.id),
    );
    return {
      ...page,
      rows: page.rows.map((row) => ({ ...row, attemptLog: attempts.filter((a) => a.messageId === row.id) })),
    };
  }

  async retry(actor: Actor, id: number): Promise<void> {
    requireAdmin(actor);
    const [message] = await this.outbox.byIds(this.db.read, [id]);
    if (message?.channel === 'EMAIL' && !this.emailConfigured) {
      throw new DomainError('BAD_USER_INPUT', 'no SMTP is configured (SMTP_URL): e-mail cannot be sent yet');
    }
    const retried = await this.db.write((manager) => this.outbox.retry(manager, id, this.wallClock.nowIso()));
    if (!retried) throw new DomainError('NOT_FOUND', `no DEAD or UNDELIVERABLE message ${id}`);
  }

  async status(actor: Actor): Promise<{
    emailConfigured: boolean;
    partiesWithoutContact: string[];
    pending: number;
    dead: number;
    undeliverable: number;
  }> {
    const partiesWithoutContact = await this.contacts.partiesWithoutContact(actor);
    const counts = await this.outbox.countByStatus(this.db.read);
    return {
      emailConfigured: this.emailConfigured,
      partiesWithoutContact,
      pending: counts.PENDING ?? 0,
      dead: counts.DEAD ?? 0,
      undeliverable: counts.UNDELIVERABLE ?? 0,
    };
  }
}
