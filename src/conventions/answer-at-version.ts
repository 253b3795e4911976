import { EntityManager } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { EventLogRepository } from '../events/event-log.repository';
import { actorOf, StoredEvent } from '../events/stored-event';
import { apply, ConventionActor, startConvention } from '../machines/convention.engine';
import { storedSnapshotJson } from '../machines/stored-snapshot-json';
import { rulesVersionFrom } from '../machines/rules-version';
import {
  ConventionEventType,
  ConventionInput,
  eventFrom,
  type EventPayload,
} from '../machines/convention.events';
import { conventionView } from '../machines/convention.view';
import { ConventionDefinition } from '../machines/definition';
import { conventionRow } from './convention-projection';
import { ConventionRepository } from './convention.repository';
import { commitmentRow } from './records';
import { TransitionResult } from './write-state';

type DefinitionLookup = (ref: string) => ConventionDefinition | undefined;

/**
 * The answer a write gave, re-read: the convention and commitment as they stood at the version
 * it reached. The projection when the stream has not moved since; otherwise the stream folded
 * through the machine up to that version (a retry after later changes is rare).
 */
export async function answerAtVersion(
  manager: EntityManager,
  conventions: ConventionRepository,
  eventLog: EventLogRepository,
  lookup: DefinitionLookup,
  answer: { conventionId: string; commitmentId: string | null; version: number },
): Promise<TransitionResult> {
  const current = await conventions.load(manager, answer.conventionId);
  if (!current) throw new DomainError('NOT_FOUND', `no convention ${answer.conventionId}`);
  if (current.version === answer.version) {
    const commitment = answer.commitmentId
      ? await conventions.findCommitment(manager, answer.commitmentId)
      : null;
    return { convention: current, commitment };
  }
  const events = (await eventLog.stream(manager, answer.conventionId)).slice(0, answer.version);
  const { definition, machine } = fold(events, lookup);
  const view = conventionView(definition, machine.getSnapshot());
  const last = events[events.length - 1]!;
  return {
    convention: conventionRow(
      definition,
      view,
      storedSnapshotJson(definition, machine),
      answer.version,
      last.occurredAt,
    ),
    commitment: answer.commitmentId ? commitmentRow(view, answer.commitmentId) : null,
  };
}

/** Replays stored events through the machine; they were accepted once, so a refusal is corruption. */
function fold(
  events: StoredEvent[],
  lookup: DefinitionLookup,
): { definition: ConventionDefinition; machine: ConventionActor } {
  let machine: ConventionActor | null = null;
  let definition: ConventionDefinition | undefined;
  for (const row of events) {
    definition = lookup(row.definitionRef);
    if (!definition) throw new Error(`definition ${row.definitionRef} is not published`);
    const payload = JSON.parse(row.payload) as EventPayload;
    if (!machine) {
      // Under the rules version the stream was created with (rules-version.ts).
      machine = startConvention(definition, payload as unknown as ConventionInput, rulesVersionFrom(row));
      continue;
    }
    const actor = actorOf(row);
    const refusal = apply(
      definition,
      machine,
      eventFrom(row.type as ConventionEventType, payload, actor, row.occurredAt),
    );
    if (refusal) throw new Error(`stream ${row.streamId} does not replay at version ${row.version}`);
  }
  if (!machine || !definition) throw new Error('an answered request has no events');
  return { definition, machine };
}
