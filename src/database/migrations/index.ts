import { InitialSchema1764000000000 } from './1764000000000-initial-schema';
import { DeadlineRank1764100000000 } from './1764100000000-deadline-rank';

export const MIGRATIONS = [InitialSchema1764000000000, DeadlineRank1764100000000];
