import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A browser's signed-in session: the SHA-256 of the random id its cookie carries, and whose it
 * is. Kept in the store so that every instance answers for it and sign-out ends it everywhere.
 */
@Entity('sessions')
@Index('sessions_token', ['tokenId'])
export class SessionRow {
  @PrimaryColumn('text', { name: 'id_hash' })
  idHash!: string;

  /** The token the browser signed in with: revoking it ends the session at the next request. */
  @Column('text', { name: 'token_id' })
  tokenId!: string;

  @Column('text', { name: 'created_at' })
  createdAt!: string;

  @Column('text', { name: 'expires_at' })
  expiresAt!: string;

  @Column('text', { name: 'ended_at', nullable: true })
  endedAt!: string | null;
}
