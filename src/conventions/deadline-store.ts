import { EntityManager } from 'typeorm';
import { DeadlineRecord } from './deadline-record';
import { PlannedDeadline } from '../machines/deadlines';

/**
 * What a write needs of the deadlines: re-plan them from the machine's state, find the next one
 * due, settle one it fired. The scheduler's repository provides it; declared here so that the
 * writer does not depend on the scheduler, which depends on the writer.
 */
export interface DeadlineStore {
  sync(manager: EntityManager, conventionId: string, planned: PlannedDeadline[], at: string): Promise<void>;
  nextDue(manager: EntityManager, conventionId: string, now: string): Promise<DeadlineRecord | null>;
  settle(manager: EntityManager, id: number, status: 'FIRED' | 'REFUSED', at: string): Promise<void>;
}
