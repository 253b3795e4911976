import { Clock } from '../../common/clock';
import { ConventionRepository } from '../../conventions/convention.repository';
import { Database } from '../../database/database';
import { ConventionRecord } from '../../conventions/records';
import { ConventionDefinition } from '../../machines/definition';
import { DeadlineRepository } from '../../scheduler/deadline.repository';
import { DefinitionRegistry } from '../../workflows/definition-registry';

/** What the reads of the API are made from: the projections, the definitions and the clock. */
export interface ReadSources {
  db: Database;
  conventions: ConventionRepository;
  deadlines: DeadlineRepository;
  registry: DefinitionRegistry;
  clock: Clock;
}

/** The definition a stored convention runs (every version ever used stays published). */
export function definitionOf(
  registry: DefinitionRegistry,
  row: Pick<ConventionRecord, 'definitionId' | 'definitionVersion'>,
): ConventionDefinition {
  const ref = `${row.definitionId}@${row.definitionVersion}`;
  const definition = registry.byReference(ref);
  if (!definition) throw new Error(`definition ${ref} is not published`);
  return definition;
}
