import DataLoader from 'dataloader';
import { LogFailure } from '../audit/log.service';
import { DeadlineRecord } from '../conventions/deadline-record';
import { Actor } from '../machines/actor';
import { RequestRecord } from '../operations/request-record';
import { Commitment } from './commitments/commitment.model';
import { Convention } from './conventions/convention.model';
import { AllowedActions } from '../machines/convention.engine';

/** Per-request state: who is asking, and the batch loaders that keep reads free of N+1. */
export interface RequestContext {
  actor: Actor | null;
  loaders: Loaders;
  /** The whole-log check against signed checkpoints, run at most once per request. */
  logCheck: () => Promise<LogFailure | null>;
  /** What the request's log line and metrics report (token id, operation, outcome). */
  record: RequestRecord;
}

export interface Loaders {
  convention: DataLoader<string, Convention | null>;
  commitmentsOf: DataLoader<string, Commitment[]>;
  allowedActions: DataLoader<string, AllowedActions | null>;
  upcomingDeadlines: DataLoader<string, DeadlineRecord[]>;
}
