import { apply, ConventionActor, rulesVersionOf, startConvention } from '../machines/convention.engine';
import { isRulesVersion, MACHINE_VERSION } from '../machines/rules-version';
import {
  CONVENTION_CREATED,
  ConventionEventType,
  ConventionInput,
  eventFromParsed,
} from '../machines/convention.events';
import { conventionView, ConventionView } from '../machines/convention.view';
import { ConventionDefinition } from '../machines/definition';
import { GENESIS_HASH, holdsEventHash } from '../events/event-hash';
import { actorOf, StoredEvent } from '../events/stored-event';

export interface ReplayFailure {
  version: number;
  reason: string;
}

export type ReplayResult =
  | {
      ok: true;
      definition: ConventionDefinition;
      machine: ConventionActor;
      /** The view of `machine`, computed when read (as it stands then). */
      readonly view: ConventionView;
    }
  | { ok: false; failure: ReplayFailure };

export type DefinitionLookup = (ref: string) => ConventionDefinition | undefined;

/**
 * Folds a stream through the machine from its first event, checking on the way that the
 * versions are dense, that every hash chains to its predecessor, and that every event passes
 * the guards of the definition version it records. `checkHashes` is off for `conventionAt`,
 * which trusts the store and only recomputes state.
 */
export function replay(rows: StoredEvent[], lookup: DefinitionLookup, checkHashes = true): ReplayResult {
  let prevHash = GENESIS_HASH;
  let machine: ConventionActor | null = null;
  let definition: ConventionDefinition | undefined;
  for (const [index, row] of rows.entries()) {
    const fail = (reason: string): ReplayResult => ({ ok: false, failure: { version: row.version, reason } });
    if (row.version !== index + 1) return fail(`expected version ${index + 1}, found ${row.version}`);
    if (checkHashes) {
      if (row.prevHash !== prevHash) return fail('prevHash does not match the previous event hash');
      let holds: boolean;
      try {
        holds = holdsEventHash(prevHash, row, row.hash);
      } catch {
        return fail('payload is not valid JSON');
      }
      if (!holds) return fail('hash does not match the event content');
      prevHash = row.hash;
    }
    definition = lookup(row.definitionRef);
    if (!definition) return fail(`definition ${row.definitionRef} is not known`);
    const payload: unknown = JSON.parse(row.payload);
    if (index === 0) {
      if (row.type !== CONVENTION_CREATED)
        return fail(`first event is ${row.type}, not ${CONVENTION_CREATED}`);
      if (!isRulesVersion(row.machineVersion) || row.machineVersion > MACHINE_VERSION)
        return fail(
          `recorded under machine version ${row.machineVersion}, this build runs 1 to ${MACHINE_VERSION}`,
        );
      // The whole stream is decided by the rules version it was created with.
      machine = startConvention(definition, payload as unknown as ConventionInput, row.machineVersion);
      continue;
    }
    if (!machine) return fail('stream does not start with its creation');
    if (row.machineVersion !== rulesVersionOf(machine))
      return fail(
        `recorded under machine version ${row.machineVersion}, its stream was created under ${rulesVersionOf(machine)}`,
      );
    const refusal = apply(
      definition,
      machine,
      eventFromParsed(row.type as ConventionEventType, payload, actorOf(row), row.occurredAt),
    );
    if (refusal) return fail(`${row.type} refused by the machine: ${refusal.code}: ${refusal.message}`);
    if (machine.getSnapshot().status === 'error') return fail(`${row.type} made the machine fail`);
  }
  if (!machine || !definition) return { ok: false, failure: { version: 1, reason: 'stream is empty' } };
  const replayed = machine;
  const replayedUnder = definition;
  return {
    ok: true,
    definition,
    machine,
    // Computed when read: the offline verifier never reads it, and it costs as much as a few
    // events (tens of µs a convention).
    get view() {
      return conventionView(replayedUnder, replayed.getSnapshot());
    },
  };
}
