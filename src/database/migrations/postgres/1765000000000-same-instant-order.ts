import { MigrationInterface, QueryRunner } from 'typeorm';
import {
  ORDER_1765000000000,
  ORDER_BEFORE_1765000000000,
  rerankPending,
} from '../1765000000000-same-instant-order';

/** The notice deadline fires before the commitments due at the same instant (see the SQLite migration). */
export class PostgresSameInstantOrder1765000000000 implements MigrationInterface {
  name = 'PostgresSameInstantOrder1765000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(rerankPending(ORDER_1765000000000));
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(rerankPending(ORDER_BEFORE_1765000000000));
  }
}
