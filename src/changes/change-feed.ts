/**
 * What changed in one committed write of a convention: enough for a subscriber to decide
 * whether it may see the change and to load the fresh state from the projections. Published
 * only after the commit that made the change durable.
 */
export interface ConventionChange {
  conventionId: string;
  /** Stream version after the write. */
  version: number;
  /** The convention's parties (who may see the change). */
  partyIds: string[];
  /** Commitments whose projection changed in the write, with their owners. */
  commitments: { id: string; owners: string[] }[];
}

export type ChangeListener = (change: ConventionChange) => void;

/**
 * Carries committed changes to every API instance's subscribers: in-process for the embedded
 * SQLite mode, through the database's own notification channel on PostgreSQL.
 */
export interface ChangeFeed {
  /** Whether changes from other instances reach this one now (always, in process). */
  readonly connected: boolean;
  /** Called after a write committed; never fails the write (a lost notice costs a live update, not data). */
  publish(change: ConventionChange): Promise<void>;
  /** Returns the unsubscribe function. */
  subscribe(listener: ChangeListener): () => void;
  /** Tells the other instances that this one published new definition versions. */
  announceDefinitions(): Promise<void>;
  /** Called when another instance published definition versions; returns the unsubscribe function. */
  onDefinitions(listener: () => void): () => void;
  close(): Promise<void>;
}
