import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The notice deadline fires before the commitments due at the same instant (issue 14, bug 1):
 * with notice at the anniversary, the renewal is decided before the last period of the term
 * closes, so that its recurring commitments go on in the next term. Pending deadlines keep the
 * rank they were planned with: it is recomputed from their kind. The orders are written out
 * here, as they were at this migration, whatever SAME_INSTANT_ORDER becomes later.
 */
export const ORDER_BEFORE_1765000000000 = [
  'EFFECTIVE_DATE',
  'AMENDMENT_EFFECTIVE',
  'COMMITMENT_DUE',
  'EVALUATION_DUE',
  'CURE_PERIOD_END',
  'SUSPENSION_LIMIT',
  'TERMINATION',
  'NOTICE_DEADLINE',
  'TERM_END',
  'EVALUATION_PERIOD',
  'SURVIVAL_END',
] as const;

export const ORDER_1765000000000 = [
  'EFFECTIVE_DATE',
  'AMENDMENT_EFFECTIVE',
  'NOTICE_DEADLINE',
  'COMMITMENT_DUE',
  'EVALUATION_DUE',
  'CURE_PERIOD_END',
  'SUSPENSION_LIMIT',
  'TERMINATION',
  'TERM_END',
  'EVALUATION_PERIOD',
  'SURVIVAL_END',
] as const;

/** `UPDATE … SET rank = CASE kind …` for pending rows; a kind not listed keeps its rank. Both databases read it. */
export function rerankPending(order: readonly string[]): string {
  const cases = order.map((kind, rank) => `WHEN '${kind}' THEN ${rank}`).join(' ');
  const kinds = order.map((kind) => `'${kind}'`).join(', ');
  return `UPDATE "deadlines" SET "rank" = CASE "kind" ${cases} END
    WHERE "status" = 'PENDING' AND "kind" IN (${kinds})`;
}

export class SameInstantOrder1765000000000 implements MigrationInterface {
  name = 'SameInstantOrder1765000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(rerankPending(ORDER_1765000000000));
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(rerankPending(ORDER_BEFORE_1765000000000));
  }
}
