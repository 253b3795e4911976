import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { CalendarFeedRow } from './calendar-feed.entity';
import { NOTIFICATION_ENTITIES } from './notification.entities';
import type { CommitmentRecord, ConventionRecord } from '../conventions/records';
import type { StoredEvent } from '../events/stored-event';
import type { DeadlineRecord } from '../conventions/deadline-record';
import { SessionRow } from './session.entity';

/**
 * Tables. `events` is the append-only truth; `conventions`, `commitments` and their party
 * link tables are projections rebuilt from it; `deadlines` are durable time triggers.
 * Instants and dates are stored as ISO-8601 text so that hashes and comparisons are exact
 * and the same on every database.
 */

@Entity('events')
@Index('events_stream_version', ['streamId', 'version'], { unique: true })
export class EventRow implements StoredEvent {
  /**
   * Global sequence: dense, in commit order. Allocated by the append (MAX + 1 under the log
   * lock), not by the database, so that no rolled-back write leaves a hole and no later
   * commit is visible before an earlier one.
   */
  @PrimaryColumn('integer', { name: 'sequence' })
  sequence!: number;

  @Column('text', { name: 'stream_id' })
  streamId!: string;

  @Column('integer')
  version!: number;

  @Column('text')
  type!: string;

  /** Canonical JSON text, exactly as hashed. */
  @Column('text')
  payload!: string;

  @Column('text', { name: 'actor_user_id' })
  actorUserId!: string;

  @Column('text', { name: 'actor_name' })
  actorName!: string;

  @Column('text', { name: 'actor_role' })
  actorRole!: string;

  @Column('text', { name: 'actor_party_id', nullable: true })
  actorPartyId!: string | null;

  @Column('text', { name: 'occurred_at' })
  occurredAt!: string;

  @Column('text', { name: 'definition_ref' })
  definitionRef!: string;

  @Column('integer', { name: 'machine_version' })
  machineVersion!: number;

  @Column('text', { name: 'idempotency_key', nullable: true })
  idempotencyKey!: string | null;

  @Column('text', { name: 'prev_hash' })
  prevHash!: string;

  @Column('text')
  hash!: string;
}

@Entity('conventions')
export class ConventionRow implements ConventionRecord {
  @PrimaryColumn('text')
  id!: string;

  @Column('text', { name: 'definition_id' })
  definitionId!: string;

  @Column('integer', { name: 'definition_version' })
  definitionVersion!: number;

  @Column('text')
  title!: string;

  @Index('conventions_status')
  @Column('text')
  status!: string;

  /** Stream version of the last event projected. */
  @Column('integer')
  version!: number;

  @Column('text', { name: 'created_at' })
  createdAt!: string;

  @Column('text', { name: 'updated_at' })
  updatedAt!: string;

  @Column('text', { name: 'effective_on', nullable: true })
  effectiveOn!: string | null;

  @Column('text', { name: 'notice_deadline', nullable: true })
  noticeDeadline!: string | null;

  @Column('text', { name: 'termination_effective_on', nullable: true })
  terminationEffectiveOn!: string | null;

  /** The convention view (without commitments) as JSON. */
  @Column('text')
  view!: string;

  /** XState persisted snapshot, to restore the machine without replaying. */
  @Column('text')
  snapshot!: string;
}

@Entity('convention_parties')
@Index('convention_parties_party', ['partyId', 'conventionId'])
export class ConventionPartyRow {
  @PrimaryColumn('text', { name: 'convention_id' })
  conventionId!: string;

  @PrimaryColumn('text', { name: 'party_id' })
  partyId!: string;
}

@Entity('commitments')
@Index('commitments_convention', ['conventionId', 'position'])
@Index('commitments_status_due', ['status', 'dueOn'])
@Index('commitments_due', ['dueOn', 'id'])
export class CommitmentRow implements CommitmentRecord {
  /** `<conventionId>:<commitment key>`. */
  @PrimaryColumn('text')
  id!: string;

  @Column('text', { name: 'convention_id' })
  conventionId!: string;

  @Column('text')
  key!: string;

  @Column('integer')
  position!: number;

  @Column('text')
  status!: string;

  @Column('text', { name: 'due_on', nullable: true })
  dueOn!: string | null;

  /** The commitment view as JSON. */
  @Column('text')
  view!: string;
}

@Entity('commitment_owners')
@Index('commitment_owners_party_status_due', ['partyId', 'status', 'dueOn', 'commitmentId'])
export class CommitmentOwnerRow {
  @PrimaryColumn('text', { name: 'commitment_id' })
  commitmentId!: string;

  @PrimaryColumn('text', { name: 'party_id' })
  partyId!: string;

  /** Copied from the commitment so that a party's filtered list is one index range. */
  @Column('text')
  status!: string;

  @Column('text', { name: 'due_on', nullable: true })
  dueOn!: string | null;
}

/**
 * How many commitments each party owns in each status: what a party's `totalCount` reads, in
 * one row instead of counting an index range that grows with the store. Moved in the
 * transaction of the events that change a commitment's status.
 */
@Entity('commitment_counts')
export class CommitmentCountRow {
  @PrimaryColumn('text', { name: 'party_id' })
  partyId!: string;

  @PrimaryColumn('text')
  status!: string;

  @Column('integer')
  n!: number;
}

@Entity('deadlines')
@Index('deadlines_pending_due', ['status', 'dueAt', 'rank'])
@Index('deadlines_convention', ['conventionId', 'status'])
export class DeadlineRow implements DeadlineRecord {
  @PrimaryGeneratedColumn()
  id!: number;

  /** Deterministic idempotency key: the same deadline is never planned or fired twice. */
  @Column('text', { unique: true })
  key!: string;

  @Column('text', { name: 'convention_id' })
  conventionId!: string;

  @Column('text')
  kind!: string;

  @Column('text', { nullable: true })
  subject!: string | null;

  @Column('text', { name: 'due_on' })
  dueOn!: string;

  @Column('text', { name: 'due_at' })
  dueAt!: string;

  /** Order among deadlines due at the same instant. */
  @Column('integer', { default: 0 })
  rank!: number;

  @Column('text', { name: 'event_type' })
  eventType!: string;

  @Column('text')
  payload!: string;

  /** PENDING, FIRED, CANCELLED (no longer implied by the state) or REFUSED (the machine said no). */
  @Column('text')
  status!: string;

  @Column('text', { name: 'created_at' })
  createdAt!: string;

  @Column('text', { name: 'settled_at', nullable: true })
  settledAt!: string | null;

  /** The instance that claimed the row to fire it, until `claimedUntil` (wall clock). */
  @Column('text', { name: 'claimed_by', nullable: true })
  claimedBy!: string | null;

  @Column('text', { name: 'claimed_until', nullable: true })
  claimedUntil!: string | null;
}

@Entity('tokens')
export class TokenRow {
  @PrimaryColumn('text')
  id!: string;

  @Column('text')
  name!: string;

  @Column('text')
  role!: string;

  @Column('text', { name: 'party_id', nullable: true })
  partyId!: string | null;

  /** SHA-256 of the secret; the secret itself is shown once and never stored. */
  @Column('text', { name: 'secret_hash', unique: true })
  secretHash!: string;

  @Column('text', { name: 'created_at' })
  createdAt!: string;

  @Column('text', { name: 'revoked_at', nullable: true })
  revokedAt!: string | null;
}

@Entity('definitions')
export class DefinitionRow {
  /** `id@version`. */
  @PrimaryColumn('text')
  ref!: string;

  @Column('text', { name: 'definition_id' })
  definitionId!: string;

  @Column('integer')
  version!: number;

  @Column('text', { name: 'content_hash' })
  contentHash!: string;

  @Column('text')
  body!: string;

  @Column('text', { name: 'published_at' })
  publishedAt!: string;
}

@Entity('checkpoints')
export class CheckpointRow {
  /** Log size: the number of events the checkpoint covers. */
  @PrimaryColumn('integer')
  size!: number;

  @Column('text')
  origin!: string;

  /** RFC 6962 Merkle root (hex) over the hashes of the first `size` events. */
  @Column('text')
  root!: string;

  @Column('text', { name: 'issued_at' })
  issuedAt!: string;

  @Column('text', { name: 'key_id' })
  keyId!: string;

  /** Ed25519 signature (base64) over the checkpoint's signed text. */
  @Column('text')
  signature!: string;
}

/**
 * A mutation that carried an idempotency key: its request fingerprint and what it answered (ids
 * and the stream version, re-read on a retry), written in the transaction of the events it
 * appended, so that a retry returns the same answer and appends nothing.
 */
@Entity('idempotency_keys')
export class IdempotencyRow {
  /** The token that sent it: keys of different clients never collide. */
  @PrimaryColumn('text', { name: 'actor_id' })
  actorId!: string;

  @PrimaryColumn('text')
  key!: string;

  @Column('text')
  operation!: string;

  /** SHA-256 of the canonical JSON of the operation and its input. */
  @Column('text')
  fingerprint!: string;

  /** The convention the request was about (null for a clock move). */
  @Column('text', { name: 'convention_id', nullable: true })
  conventionId!: string | null;

  /** The commitment it was about, when it was about one. */
  @Column('text', { name: 'commitment_id', nullable: true })
  commitmentId!: string | null;

  /** The convention's stream version the answer showed. */
  @Column('integer', { nullable: true })
  version!: number | null;

  /** A clock move's answer: the ids of the deadlines it fired, as a JSON array. */
  @Column('text', { name: 'fired_deadline_ids', nullable: true })
  firedDeadlineIds!: string | null;

  @Column('text', { name: 'created_at' })
  createdAt!: string;
}

export const ENTITIES = [
  IdempotencyRow,
  CheckpointRow,
  EventRow,
  ConventionRow,
  ConventionPartyRow,
  CommitmentRow,
  CommitmentOwnerRow,
  CommitmentCountRow,
  DeadlineRow,
  TokenRow,
  DefinitionRow,
  CalendarFeedRow,
  ...NOTIFICATION_ENTITIES,
  SessionRow,
];
