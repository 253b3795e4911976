import { InitialSchema1764000000000 } from './1764000000000-initial-schema';
import { DeadlineRank1764100000000 } from './1764100000000-deadline-rank';
import { Checkpoints1764200000000 } from './1764200000000-checkpoints';
import { UndatedSortKey1764300000000 } from './1764300000000-undated-sort-key';

export const MIGRATIONS = [
  InitialSchema1764000000000,
  DeadlineRank1764100000000,
  Checkpoints1764200000000,
  UndatedSortKey1764300000000,
];
