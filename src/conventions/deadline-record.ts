/** A durable time trigger of a convention, as the scheduler reads it. */
export interface DeadlineRecord {
  id: number;
  /** Deterministic idempotency key: the same deadline is never planned or fired twice. */
  key: string;
  conventionId: string;
  kind: string;
  subject: string | null;
  dueOn: string;
  dueAt: string;
  /** Order among deadlines due at the same instant. */
  rank: number;
  eventType: string;
  payload: string;
  /** PENDING, FIRED, CANCELLED (no longer implied by the state) or REFUSED (the machine said no). */
  status: string;
  createdAt: string;
  settledAt: string | null;
  /** The instance that claimed the row to fire it, until `claimedUntil` (wall clock). */
  claimedBy: string | null;
  claimedUntil: string | null;
}
