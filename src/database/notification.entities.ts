import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** Someone at a party who receives e-mail about the party's conventions. */
@Entity('contacts')
@Index('contacts_party_email', ['partyId', 'email'], { unique: true })
export class ContactRow {
  @PrimaryColumn('text')
  id!: string;

  @Column('text', { name: 'party_id' })
  partyId!: string;

  @Column('text')
  name!: string;

  @Column('text')
  email!: string;

  /** `fr` or `en`: the language of the messages sent to this contact. */
  @Column('text')
  language!: string;

  /** JSON array of the message kinds wanted: `NOTICES`, `REMINDERS`, `WEEKLY_DIGEST`. */
  @Column('text')
  kinds!: string;

  @Column('text', { name: 'created_at' })
  createdAt!: string;
}

/** A party's system that receives every event it wants as a signed HTTP POST. */
@Entity('webhook_endpoints')
@Index('webhook_endpoints_party', ['partyId'])
export class WebhookEndpointRow {
  @PrimaryColumn('text')
  id!: string;

  @Column('text', { name: 'party_id' })
  partyId!: string;

  @Column('text')
  url!: string;

  /** JSON array of event types, or null for every event. */
  @Column('text', { nullable: true })
  events!: string | null;

  /** `whsec_…`: the signing secret, shown once when the endpoint is added. */
  @Column('text')
  secret!: string;

  @Column('text', { name: 'created_at' })
  createdAt!: string;
}

/**
 * One message to deliver, written in the transaction of the event or reminder that caused it.
 * `key` is deterministic (reason + recipient), so the same reason never gives two messages.
 */
@Entity('outbox')
@Index('outbox_ready', ['status', 'availableAt'])
@Index('outbox_convention', ['conventionId'])
export class OutboxRow {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column('text', { unique: true })
  key!: string;

  /** `EMAIL` or `WEBHOOK`. */
  @Column('text')
  channel!: string;

  /** What the message is about: an event type, or `REMINDER_<kind>`. */
  @Column('text')
  kind!: string;

  @Column('text', { name: 'convention_id' })
  conventionId!: string;

  @Column('text', { name: 'party_id' })
  partyId!: string;

  /** The contact's e-mail address, or the endpoint's URL. */
  @Column('text')
  recipient!: string;

  /** The contact or endpoint id. */
  @Column('text', { name: 'recipient_id' })
  recipientId!: string;

  @Column('text')
  subject!: string;

  /** E-mail: JSON `{ text, html }`; webhook: the JSON body sent. */
  @Column('text')
  body!: string;

  /** The domain instant the message is dated (the event's, or the reminder's). */
  @Column('text', { name: 'dated_at' })
  datedAt!: string;

  /**
   * PENDING, SENT, DEAD (gave up after the attempt limit), UNDELIVERABLE (no SMTP configured),
   * HELD (for its contact's weekly digest), DIGESTED (sent within one).
   */
  @Column('text')
  status!: string;

  @Column('integer')
  attempts!: number;

  /** Wall clock: not tried again before this instant. */
  @Column('text', { name: 'available_at' })
  availableAt!: string;

  @Column('text', { name: 'last_error', nullable: true })
  lastError!: string | null;

  @Column('text', { name: 'claimed_by', nullable: true })
  claimedBy!: string | null;

  @Column('text', { name: 'claimed_until', nullable: true })
  claimedUntil!: string | null;

  @Column('text', { name: 'created_at' })
  createdAt!: string;

  @Column('text', { name: 'sent_at', nullable: true })
  sentAt!: string | null;
}

/** Every delivery attempt of an outbox message, kept. */
@Entity('outbox_attempts')
@Index('outbox_attempts_message', ['messageId'])
export class OutboxAttemptRow {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column('integer', { name: 'message_id' })
  messageId!: number;

  @Column('text', { name: 'attempted_at' })
  attemptedAt!: string;

  @Column('text')
  instance!: string;

  /** Null when the attempt succeeded. */
  @Column('text', { nullable: true })
  error!: string | null;
}

/**
 * A reminder planned ahead of a deadline, re-derived on every transition of its convention
 * (moved dates re-plan, obsolete ones are cancelled); released into the outbox when due.
 */
@Entity('reminders')
@Index('reminders_pending_due', ['status', 'dueAt'])
@Index('reminders_convention', ['conventionId', 'status'])
export class ReminderRow {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column('text', { unique: true })
  key!: string;

  @Column('text', { name: 'convention_id' })
  conventionId!: string;

  @Column('text')
  kind!: string;

  /** The commitment concerned, for commitment and committee reminders. */
  @Column('text', { nullable: true })
  subject!: string | null;

  /** The date the reminder is about (the deadline). */
  @Column('text', { name: 'target_on' })
  targetOn!: string;

  @Column('integer', { name: 'days_before' })
  daysBefore!: number;

  @Column('text', { name: 'due_at' })
  dueAt!: string;

  /** JSON array of the parties to remind. */
  @Column('text')
  parties!: string;

  /** JSON: what the message says (titles, the renewal date), as the plan saw it. */
  @Column('text')
  facts!: string;

  /** PENDING, RELEASED (written to the outbox) or CANCELLED. */
  @Column('text')
  status!: string;

  @Column('text', { name: 'created_at' })
  createdAt!: string;

  @Column('text', { name: 'settled_at', nullable: true })
  settledAt!: string | null;
}

export const NOTIFICATION_ENTITIES = [
  ContactRow,
  WebhookEndpointRow,
  OutboxRow,
  OutboxAttemptRow,
  ReminderRow,
];
