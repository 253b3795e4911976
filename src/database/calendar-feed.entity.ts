import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A party's calendar feed. Calendar clients cannot send a bearer token, so the key in the feed's
 * URL is the secret: shown once at creation, stored as its SHA-256 like a token's.
 */
@Entity('calendar_feeds')
@Index('calendar_feeds_party', ['partyId', 'createdAt'])
export class CalendarFeedRow {
  @PrimaryColumn('text')
  id!: string;

  @Column('text', { name: 'party_id' })
  partyId!: string;

  /** Whose calendar it is (a person, a service), for the admin who lists and revokes feeds. */
  @Column('text', { nullable: true })
  label!: string | null;

  @Column('text', { name: 'key_hash', unique: true })
  keyHash!: string;

  @Column('text', { name: 'created_at' })
  createdAt!: string;

  @Column('text', { name: 'revoked_at', nullable: true })
  revokedAt!: string | null;
}
