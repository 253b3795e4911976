import { Actor, SYSTEM_ACTOR } from '../actor';
import { IsoInstant, startOfDay } from '../calendar';
import { ConventionEvent } from '../convention.events';
import {
  apply,
  ConventionActor,
  persist,
  Refusal,
  restoreConvention,
  startConvention,
} from '../convention.engine';
import { conventionView, ConventionView } from '../convention.view';
import { plannedDeadlines } from '../deadlines';
import { ConventionDefinition } from '../definition';
import { MACHINE_VERSION, RulesVersion } from '../rules-version';

type EventWithoutEnvelope = ConventionEvent extends infer E
  ? E extends ConventionEvent
    ? Omit<E, 'actor' | 'at'>
    : never
  : never;

export function representative(partyId: string, name = `${partyId} representative`): Actor {
  return { userId: `user-${partyId}`, name, role: 'representative', partyId };
}

export const admin: Actor = { userId: 'user-admin', name: 'Admin', role: 'admin', partyId: null };
export const auditor: Actor = { userId: 'user-auditor', name: 'Auditor', role: 'auditor', partyId: null };

/**
 * Given/when/then driver for machine specs. Every step goes through a persisted-snapshot
 * round trip, as the store does, so a spec also proves the state survives persistence.
 */
export class ConventionScenario {
  private actor: ConventionActor;

  constructor(
    readonly definition: ConventionDefinition,
    createdAt: IsoInstant = '2010-06-01T09:00:00.000Z',
    agreedEffectiveOn: string | null = null,
    /** The rules version the convention is created under: the current one unless asked. */
    rulesVersion: RulesVersion = MACHINE_VERSION,
    /** The options chosen at creation (`ConventionInput.chosenOptions`); none by default. */
    chosenOptions?: string[],
  ) {
    this.actor = startConvention(
      definition,
      {
        conventionId: 'conv-1',
        title: definition.title,
        createdAt,
        agreedEffectiveOn,
        ...(chosenOptions ? { chosenOptions } : {}),
      },
      rulesVersion,
    );
  }

  /** The snapshot as the store keeps it (a copy). */
  stored(): unknown {
    return JSON.parse(JSON.stringify(persist(this.definition, this.actor)));
  }

  /** Sends an event and returns the refusal, if any. */
  send(event: EventWithoutEnvelope, actor: Actor, at: IsoInstant): Refusal | null {
    const restored = restoreConvention(
      this.definition,
      JSON.parse(JSON.stringify(persist(this.definition, this.actor))),
    );
    const refusal = apply(this.definition, restored, { ...event, actor, at } as ConventionEvent);
    this.actor = restored;
    return refusal;
  }

  /** Sends an event that must be accepted. */
  accept(event: EventWithoutEnvelope, actor: Actor, at: IsoInstant): this {
    const refusal = this.send(event, actor, at);
    if (refusal) throw new Error(`refused ${event.type}: ${refusal.code} ${refusal.message}`);
    return this;
  }

  /** A time event sent by the scheduler at the start of `day`. */
  tick(type: EventWithoutEnvelope['type'], day: string, extra: Record<string, unknown> = {}): Refusal | null {
    return this.send(
      { type, ...extra } as EventWithoutEnvelope,
      SYSTEM_ACTOR,
      startOfDay(day, this.definition.timeZone),
    );
  }

  /** Fires every planned deadline due by `day`, earliest first, as the scheduler does. */
  runUntil(day: string): this {
    for (let fired = 0; fired < 10_000; fired++) {
      const next = plannedDeadlines(this.definition, this.snapshot)[0];
      if (!next || next.dueOn > day) return this;
      const refusal = this.tick(next.eventType, next.dueOn, next.payload);
      if (refusal) throw new Error(`${next.kind} of ${next.dueOn} refused: ${refusal.message}`);
    }
    throw new Error(`deadlines kept firing before ${day}`);
  }

  signAll(at: IsoInstant): this {
    for (const party of this.definition.parties) {
      for (const signatory of party.signatories) {
        this.accept({ type: 'SIGNATURE_GIVEN', signatoryId: signatory.id }, representative(party.id), at);
      }
    }
    return this;
  }

  get view(): ConventionView {
    return conventionView(this.definition, this.actor.getSnapshot());
  }

  commitment(id: string) {
    const found = this.view.commitments.find((c) => c.id === id);
    if (!found) throw new Error(`no commitment ${id}`);
    return found;
  }

  get snapshot() {
    return this.actor.getSnapshot();
  }

  /** The live actor, as the store holds it between two events. */
  get live(): ConventionActor {
    return this.actor;
  }
}
