import { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { sha256Hex } from '../common/hash';
import { ConventionDefinition } from '../machines/definition';
import { ReminderKind } from '../machines/reminders';
import { mayRead, readableOf } from '../conventions/read-access';
import {
  EventObserver,
  ObservedEvent,
  PartyRecipients,
  StagedEvent,
  WriteObserver,
} from '../conventions/event-observer';

export type { StagedEvent };
import { Language, MessageKind } from './contact';
import { ContactRepository } from './contact.repository';
import { ContactRow, ReminderRow, WebhookEndpointRow } from '../database/notification.entities';
import { noticesOf } from './notices';
import { NewMessage, OutboxRepository } from './outbox.repository';
import { ReminderRepository } from './reminder.repository';
import { renderNotice, renderReminder, ReminderFacts } from './templates';
import { recipientsOf } from './recipients';
import { byCodePoint } from '../common/code-point-order';

export interface NotifierSettings {
  /** Without SMTP, e-mail is written as UNDELIVERABLE: kept, and sent once SMTP is configured. */
  emailConfigured: boolean;
  /** PUBLIC_URL: base of the web workspace, for links to a convention. */
  publicUrl: string | null;
}

/** An accepted event as the write pipeline staged it. */
/**
 * Writes, inside the transaction of each event, the messages it causes (notices by e-mail,
 * deliveries to webhooks) and re-plans the convention's reminders. Nothing is sent here: the
 * dispatcher delivers what committed.
 */
export class Notifier implements EventObserver {
  constructor(
    private readonly contacts: ContactRepository,
    private readonly outbox: OutboxRepository,
    private readonly reminders: ReminderRepository,
    private readonly settings: NotifierSettings,
    /** Real time: when a message may first be tried. */
    private readonly wallClock: Clock,
  ) {}

  /** The observer of one write: the parties' contacts and endpoints are read once for all its events. */
  forWrite(): WriteObserver {
    const read = new Map<string, PartyRecipients>();
    return { onEvent: (observed) => this.onEvent(observed, read) };
  }

  /**
   * `read`: the recipients this write already read, by party set. Nothing in a write changes
   * contacts or endpoints (their own mutations are writes of their own), so a write of several
   * events, or a clock move firing deadlines of several conventions, reads them once per set.
   */
  private async onEvent(
    {
      manager,
      definition,
      context,
      event,
      statusBefore,
      statusAfter,
      plan,
      pendingReminders,
      recipients: brought,
    }: ObservedEvent,
    read: Map<string, PartyRecipients>,
  ): Promise<void> {
    const conventionId = event.row.streamId;
    await this.reminders.sync(manager, conventionId, plan, event.row.occurredAt, pendingReminders);
    const readers = readersOf(definition);
    const recipients = await readOnce(manager, readers, read, brought);
    const messages: NewMessage[] = [];
    const now = this.wallClock.nowIso();
    const notices = noticesOf(
      definition,
      context,
      { type: event.row.type, payload: event.payload, actor: event.actor },
      statusBefore,
      statusAfter,
    );
    if (notices.length) {
      const parties = new Set(notices.flatMap((n) => n.parties));
      const contacts = inPartyOrder(
        definition,
        wanting(
          recipients.contacts.filter((c) => parties.has(c.partyId)),
          'NOTICES',
        ),
      );
      for (const notice of notices) {
        for (const contact of contacts.filter((c) => notice.parties.includes(c.partyId))) {
          const mail = renderNotice(
            notice.kind,
            contact.language as Language,
            notice.facts,
            this.link(conventionId),
          );
          messages.push(
            this.email(
              contact,
              `${conventionId}:${event.row.version}:${notice.kind}`,
              notice.kind,
              conventionId,
              {
                ...mail,
                datedAt: event.row.occurredAt,
                now,
              },
            ),
          );
        }
      }
    }
    messages.push(...webhookMessages(recipients.webhooks, event, now));
    await this.outbox.add(manager, messages);
  }

  /** Writes one due reminder's e-mails (the caller holds the convention's stream lock). */
  async release(
    manager: EntityManager,
    definition: ConventionDefinition,
    reminder: ReminderRow,
    at: string,
  ): Promise<void> {
    const readers = readersOf(definition);
    const parties = (JSON.parse(reminder.parties) as string[]).filter((p) => readers.has(p));
    const contacts = inPartyOrder(
      definition,
      wanting(await this.contacts.ofParties(manager, parties), 'REMINDERS'),
    );
    const facts: ReminderFacts = {
      ...(JSON.parse(reminder.facts) as Omit<ReminderFacts, 'targetOn' | 'daysBefore'>),
      targetOn: reminder.targetOn,
      daysBefore: reminder.daysBefore,
    };
    const now = this.wallClock.nowIso();
    const kind = reminder.kind as ReminderKind;
    await this.outbox.add(
      manager,
      contacts.map((contact) =>
        this.email(contact, reminder.key, `REMINDER_${kind}`, reminder.conventionId, {
          ...renderReminder(kind, contact.language as Language, facts, this.link(reminder.conventionId)),
          datedAt: reminder.dueAt,
          now,
        }),
      ),
    );
    await this.reminders.markReleased(manager, reminder.id, at);
  }

  private email(
    contact: ContactRow,
    reason: string,
    kind: string,
    conventionId: string,
    mail: { subject: string; text: string; html: string; datedAt: string; now: string },
  ): NewMessage {
    // Notices for a contact who asked for a weekly digest wait for it; reminders never do.
    const held =
      !kind.startsWith('REMINDER_') && (JSON.parse(contact.kinds) as MessageKind[]).includes('WEEKLY_DIGEST');
    return {
      key: `email:${contact.id}:${reason}`,
      channel: 'EMAIL',
      kind,
      conventionId,
      partyId: contact.partyId,
      recipient: contact.email,
      recipientId: contact.id,
      subject: mail.subject,
      body: JSON.stringify({ name: contact.name, text: mail.text, html: mail.html }),
      datedAt: mail.datedAt,
      status: held ? 'HELD' : this.settings.emailConfigured ? 'PENDING' : 'UNDELIVERABLE',
      availableAt: mail.now,
      createdAt: mail.now,
    };
  }

  private link(conventionId: string): string | null {
    if (!this.settings.publicUrl) return null;
    return `${this.settings.publicUrl.replace(/\/$/, '')}/conventions/${encodeURIComponent(conventionId)}`;
  }
}

/**
 * The recipients of a set of parties, read at most once per write (`read` is the write's), or
 * taken from those of a wider set the write already has (`brought`: those of every party of the
 * convention, read with its row).
 */
async function readOnce(
  manager: EntityManager,
  parties: Set<string>,
  read: Map<string, PartyRecipients>,
  brought: PartyRecipients | undefined,
): Promise<PartyRecipients> {
  const key = [...parties].sort().join('\t');
  let recipients = read.get(key);
  if (!recipients) {
    recipients = brought
      ? {
          contacts: brought.contacts.filter((c) => parties.has(c.partyId)),
          webhooks: brought.webhooks.filter((w) => parties.has(w.partyId)),
        }
      : await recipientsOf(manager, [...parties]);
    read.set(key, recipients);
  }
  return recipients;
}

/** A delivery of the event to each endpoint that wants its type. */
function webhookMessages(endpoints: WebhookEndpointRow[], event: StagedEvent, now: string): NewMessage[] {
  const { row } = event;
  const wanted = endpoints.filter(
    (e) => e.events === null || (JSON.parse(e.events) as string[]).includes(row.type),
  );
  if (!wanted.length) return [];
  const body = JSON.stringify({ type: row.type, timestamp: row.occurredAt, data: historyOf(event) });
  return wanted.map((endpoint) => ({
    key: `webhook:${endpoint.id}:${row.streamId}:${row.version}`,
    channel: 'WEBHOOK',
    kind: row.type,
    conventionId: row.streamId,
    partyId: endpoint.partyId,
    recipient: endpoint.url,
    recipientId: endpoint.id,
    subject: `${row.type} v${row.version}`,
    body,
    datedAt: row.occurredAt,
    status: 'PENDING',
    availableAt: now,
    createdAt: now,
  }));
}

/** Parties whose people may read the convention: nobody is told about one they could not read. */
function readersOf(definition: ConventionDefinition): Set<string> {
  const readable = readableOf(definition);
  return new Set(
    definition.parties
      .map((p) => p.id)
      .filter((partyId) => mayRead({ userId: '-', name: '-', role: 'representative', partyId }, readable)),
  );
}

/** Messages of one reason are written party by party, as the definition lists them, then by address. */
function inPartyOrder(definition: ConventionDefinition, contacts: ContactRow[]): ContactRow[] {
  const rank = (c: ContactRow) => definition.parties.findIndex((p) => p.id === c.partyId);
  return contacts.sort((a, b) => rank(a) - rank(b) || byCodePoint(a.email, b.email));
}

function wanting(contacts: ContactRow[], kind: MessageKind): ContactRow[] {
  return contacts.filter((c) => (JSON.parse(c.kinds) as MessageKind[]).includes(kind));
}

/** The event as `history` shows it (its log index is assigned at commit, so it is left out). */
function historyOf({ row }: StagedEvent): Record<string, unknown> {
  return {
    conventionId: row.streamId,
    version: row.version,
    type: row.type,
    occurredAt: row.occurredAt,
    actor: { userId: row.actorUserId, name: row.actorName, role: row.actorRole, partyId: row.actorPartyId },
    payload: row.payload,
    definitionRef: row.definitionRef,
    machineVersion: row.machineVersion,
    idempotencyKey: row.idempotencyKey,
    prevHash: row.prevHash,
    hash: row.hash,
  };
}

/** Standard Webhooks message id: the same for every attempt of one message. */
export function webhookId(key: string): string {
  return `msg_${sha256Hex(key).slice(0, 32)}`;
}
