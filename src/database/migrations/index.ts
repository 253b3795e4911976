import { InitialSchema1764000000000 } from './1764000000000-initial-schema';
import { DeadlineRank1764100000000 } from './1764100000000-deadline-rank';
import { Checkpoints1764200000000 } from './1764200000000-checkpoints';
import { UndatedSortKey1764300000000 } from './1764300000000-undated-sort-key';
import { ScaleOut1764400000000 } from './1764400000000-scale-out';
import { CommitmentCounts1764500000000 } from './1764500000000-commitment-counts';
import { CalendarFeeds1764600000000 } from './1764600000000-calendar-feeds';
import { PostgresInitialSchema1764400000000 } from './postgres/1764400000000-initial-schema';
import { PostgresCommitmentCounts1764500000000 } from './postgres/1764500000000-commitment-counts';
import { PostgresCalendarFeeds1764600000000 } from './postgres/1764600000000-calendar-feeds';
import { Notifications1764700000000 } from './1764700000000-notifications';
import { PostgresNotifications1764700000000 } from './postgres/1764700000000-notifications';
import { IdempotentAnswers1764800000000 } from './1764800000000-idempotent-answers';
import { PostgresIdempotentAnswers1764800000000 } from './postgres/1764800000000-idempotent-answers';
import { Sessions1764900000000 } from './1764900000000-sessions';
import { PostgresSessions1764900000000 } from './postgres/1764900000000-sessions';
import { SameInstantOrder1765000000000 } from './1765000000000-same-instant-order';
import { PostgresSameInstantOrder1765000000000 } from './postgres/1765000000000-same-instant-order';
import { PostgresAppendAtCommit1765100000000 } from './postgres/1765100000000-append-at-commit';
import { PostgresLockAndLoad1765200000000 } from './postgres/1765200000000-lock-and-load';
import { PostgresLockAndLoadPending1765300000000 } from './postgres/1765300000000-lock-and-load-pending';
import { PostgresLockAndLoadRecipients1765400000000 } from './postgres/1765400000000-lock-and-load-recipients';
import { PostgresAppendInLastStatement1765500000000 } from './postgres/1765500000000-append-in-last-statement';
import { PostgresPreviousWritePathsDropped1765600000000 } from './postgres/1765600000000-previous-write-paths-dropped';

/** SQLite: the history of the embedded store's schema. */
export const SQLITE_MIGRATIONS = [
  InitialSchema1764000000000,
  DeadlineRank1764100000000,
  Checkpoints1764200000000,
  UndatedSortKey1764300000000,
  ScaleOut1764400000000,
  CommitmentCounts1764500000000,
  CalendarFeeds1764600000000,
  Notifications1764700000000,
  IdempotentAnswers1764800000000,
  Sessions1764900000000,
  SameInstantOrder1765000000000,
];

/** PostgreSQL: started at the schema SQLite had reached; later changes get one migration per database. */
export const POSTGRES_MIGRATIONS = [
  PostgresInitialSchema1764400000000,
  PostgresCommitmentCounts1764500000000,
  PostgresCalendarFeeds1764600000000,
  PostgresNotifications1764700000000,
  PostgresIdempotentAnswers1764800000000,
  PostgresSessions1764900000000,
  PostgresSameInstantOrder1765000000000,
  PostgresAppendAtCommit1765100000000,
  PostgresLockAndLoad1765200000000,
  PostgresLockAndLoadPending1765300000000,
  PostgresLockAndLoadRecipients1765400000000,
  PostgresAppendInLastStatement1765500000000,
  PostgresPreviousWritePathsDropped1765600000000,
];
