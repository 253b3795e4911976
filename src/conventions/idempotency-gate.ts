import { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { Actor } from '../machines/actor';
import { Idempotency } from './commands';
import { IdempotencyRepository } from './idempotency.repository';

/** A keyed request as the transaction sees it. */
export interface KeyedRequest {
  actorId: string;
  key: string;
  operation: string;
  fingerprint: string;
}

/**
 * What a keyed request answered, as ids: re-read on a retry rather than stored whole, so the
 * store keeps no copy of rows and machine snapshots.
 */
export type StoredAnswer =
  | { kind: 'transition'; conventionId: string; commitmentId: string | null; version: number }
  | { kind: 'clock'; firedDeadlineIds: number[] };

/** Longest idempotency key accepted. */
const MAX_KEY_LENGTH = 200;

/** The request's key and fingerprint, checked; null for a request sent without a key. */
export function keyedRequest(
  actor: Actor,
  operation: string,
  idempotency: Idempotency | null | undefined,
): KeyedRequest | null {
  if (!idempotency) return null;
  const key = idempotency.key.trim();
  if (!key || key.length > MAX_KEY_LENGTH) {
    throw new DomainError('BAD_USER_INPUT', `idempotencyKey must be 1 to ${MAX_KEY_LENGTH} characters`);
  }
  return { actorId: actor.userId, key, operation, fingerprint: idempotency.fingerprint };
}

/** Lets a keyed request through once: a retry finds the first answer, another input a CONFLICT. */
export class IdempotencyGate {
  constructor(
    private readonly store: IdempotencyRepository,
    private readonly clock: Clock,
  ) {}

  /** The answer of a keyed request already done; CONFLICT when the key came with another input. */
  async answered(manager: EntityManager, request: KeyedRequest): Promise<StoredAnswer | null> {
    const stored = await this.store.find(manager, request.actorId, request.key);
    if (!stored) return null;
    if (stored.operation !== request.operation || stored.fingerprint !== request.fingerprint) {
      throw new DomainError(
        'CONFLICT',
        `idempotency key "${request.key}" was already used for another request (${stored.operation})`,
      );
    }
    if (stored.firedDeadlineIds !== null) {
      return { kind: 'clock', firedDeadlineIds: JSON.parse(stored.firedDeadlineIds) as number[] };
    }
    if (stored.conventionId === null || stored.version === null) {
      throw new Error(`idempotency key "${request.key}" holds no answer`);
    }
    return {
      kind: 'transition',
      conventionId: stored.conventionId,
      commitmentId: stored.commitmentId,
      version: stored.version,
    };
  }

  /** Fails with a unique violation when the same key was answered meanwhile (see the writer's retry). */
  async keep(manager: EntityManager, request: KeyedRequest, answer: StoredAnswer): Promise<void> {
    await this.store.save(manager, {
      actorId: request.actorId,
      key: request.key,
      operation: request.operation,
      fingerprint: request.fingerprint,
      conventionId: answer.kind === 'transition' ? answer.conventionId : null,
      commitmentId: answer.kind === 'transition' ? answer.commitmentId : null,
      version: answer.kind === 'transition' ? answer.version : null,
      firedDeadlineIds: answer.kind === 'clock' ? JSON.stringify(answer.firedDeadlineIds) : null,
      createdAt: this.clock.nowIso(),
    });
  }
}
