import { exportLines } from '../../audit/export';
import { LogService } from '../../audit/log.service';
import { Clock } from '../../common/clock';
import { Database } from '../../database/database';

/** The NDJSON lines of the export: the whole log, or one convention's events, as of now. */
export class LogExport {
  constructor(
    private readonly db: Database,
    private readonly log: LogService,
    private readonly checkpointOrigin: string,
    private readonly clock: Clock,
  ) {}

  lines(conventionId: string | null): AsyncGenerator<string> {
    return exportLines(this.db.read, this.log, this.checkpointOrigin, this.clock.nowIso(), conventionId);
  }
}
