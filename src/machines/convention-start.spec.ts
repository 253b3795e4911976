import { join } from 'node:path';
import { Actor as XActor, AnyStateMachine, setup } from 'xstate';
import { loadDefinitions } from '../workflows/load-definitions';
import { SYSTEM_ACTOR } from './actor';
import { apply, ConventionActor, machineFor, persist, startConvention } from './convention.engine';
import { ConventionMachine } from './convention.machine';
import { ConventionMachineInput } from './convention.context';
import { ConventionEvent, ConventionInput } from './convention.events';
import { startAfresh, startMachine } from './convention-start';
import { ConventionDefinition } from './definition';
import { RULES_VERSIONS, RulesVersion } from './rules-version';
import { representative } from './testing/convention-scenario';

/**
 * A convention started from its kind's template (convention-start.ts) is the one XState's own
 * start gives: the same persisted snapshot, key for key and in the same order, for every seed
 * and fixture definition, every rules version and choice of options, and every payload shape;
 * and it lives the same afterwards.
 */

const definitions = [
  ...loadDefinitions(join(__dirname, '../../workflows')),
  ...loadDefinitions(join(__dirname, '../../test/fixtures/definitions')),
].map((loaded) => loaded.definition);

/** Whether the actor was restored from a template rather than started afresh. */
function fromTemplate(actor: ConventionActor): boolean {
  return (actor as unknown as { options: { snapshot?: unknown } }).options.snapshot !== undefined;
}

const stored = (actor: ConventionActor) => JSON.stringify(actor.getPersistedSnapshot());

/** Payloads as stored over the years: with and without an agreed day, options, fields in another order. */
function payloads(definition: ConventionDefinition): ConventionInput[] {
  const options = (definition.options ?? []).map((o) => o.id);
  const base = {
    conventionId: 'conv-1',
    title: definition.title,
    createdAt: '2024-03-01T09:00:00.000Z',
    agreedEffectiveOn: null,
  };
  return [
    base,
    { ...base, conventionId: 'conv-2', agreedEffectiveOn: '2024-04-01' },
    {
      agreedEffectiveOn: '2023-01-01',
      createdAt: '2024-05-02T10:00:00.000Z',
      title: 'T',
      conventionId: 'c3',
    },
    // Stored before `agreedEffectiveOn` existed.
    { conventionId: 'conv-4', title: 'Ancienne', createdAt: '2012-01-01T09:00:00.000Z' } as ConventionInput,
    ...(options.length
      ? [
          { ...base, chosenOptions: [] },
          { ...base, conventionId: 'conv-5', chosenOptions: options },
          { chosenOptions: options.slice(0, 1), ...base, conventionId: 'conv-6' },
        ]
      : []),
  ];
}

function afresh(definition: ConventionDefinition, input: ConventionInput, version: RulesVersion) {
  return startAfresh(machineFor(definition, version), { ...input, rulesVersion: version });
}

/** Every signature, the effective date, then every owner confirms what it can. */
function live(definition: ConventionDefinition, actor: ConventionActor): string[] {
  const at = '2024-06-03T10:00:00.000Z';
  const events: Omit<ConventionEvent, 'at'>[] = [
    ...definition.parties.flatMap((party) =>
      party.signatories.map((s) => ({
        type: 'SIGNATURE_GIVEN' as const,
        signatoryId: s.id,
        actor: representative(party.id),
      })),
    ),
    { type: 'EFFECTIVE_DATE_REACHED', actor: SYSTEM_ACTOR },
    ...definition.commitments.flatMap((c) =>
      c.owners.map((owner) => ({
        type: 'COMMITMENT_CONFIRMED' as const,
        commitmentId: c.id,
        note: null,
        evidenceUrl: null,
        actor: representative(owner),
      })),
    ),
  ];
  return events.map((event) => {
    const refusal = apply(definition, actor, { ...event, at } as ConventionEvent);
    return `${event.type} ${refusal?.code ?? 'ok'} ${JSON.stringify(persist(definition, actor))}`;
  });
}

describe.each(definitions.map((d) => [d.id, d] as const))('%s', (_id, definition) => {
  it.each(RULES_VERSIONS.map((v) => [v]))('under rules v%i, starts as XState starts it', (version) => {
    for (const input of payloads(definition)) {
      // The first start of a kind makes its template; the second uses it.
      startConvention(definition, input, version);
      const templated = startConvention(definition, input, version);
      expect(fromTemplate(templated)).toBe(true);
      expect(stored(templated)).toBe(stored(afresh(definition, input, version)));
    }
  });

  it('lives as a convention started afresh does', () => {
    const [input] = payloads(definition) as [ConventionInput];
    startConvention(definition, input, 4);
    expect(live(definition, startConvention(definition, input, 4))).toEqual(
      live(definition, afresh(definition, input, 4)),
    );
  });
});

describe('templates', () => {
  const halde = definitions.find((d) => d.id === 'halde-amf-2010') as ConventionDefinition;
  const input: ConventionInput = {
    conventionId: 'c1',
    title: 'HALDE',
    createdAt: '2010-06-01T09:00:00.000Z',
    agreedEffectiveOn: null,
  };

  it('share nothing a convention changes between two conventions', () => {
    const first = startConvention(halde, input, 4);
    const second = startConvention(halde, { ...input, conventionId: 'c2' }, 4);
    expect([fromTemplate(first), fromTemplate(second)]).toEqual([true, true]);
    const a = first.getSnapshot().context;
    const b = second.getSnapshot().context;
    expect(a.signatures).not.toBe(b.signatures);
    expect(a.commitments).not.toBe(b.commitments);
    // The definition's terms and rules are shared, as a start afresh shares them.
    expect(a.terms).toBe(b.terms);
    for (const id of Object.keys(a.commitments)) {
      const childA = a.commitments[id]?.getSnapshot().context;
      const childB = b.commitments[id]?.getSnapshot().context;
      expect(childA).not.toBe(childB);
      expect(childA?.confirmations).not.toBe(childB?.confirmations);
      expect(childA?.occurrences).not.toBe(childB?.occurrences);
      expect(a.commitments[id]?._parent).toBe(first);
    }
    const party = halde.parties[0]!;
    const signatoryId = party.signatories[0]!.id;
    const at = '2010-06-02T09:00:00.000Z';
    expect(
      apply(halde, first, { type: 'SIGNATURE_GIVEN', signatoryId, actor: representative(party.id), at }),
    ).toBeNull();
    expect(second.getSnapshot().context.signatures).toEqual([]);
    expect(stored(startConvention(halde, { ...input, conventionId: 'c3' }, 4))).toBe(
      stored(afresh(halde, { ...input, conventionId: 'c3' }, 4)),
    );
  });

  it('are not used for a payload with other fields, or options that are not names', () => {
    const odd = [
      { ...input, note: 'a field of no CONVENTION_CREATED payload' },
      { ...input, chosenOptions: ['x', 1] },
    ] as unknown as ConventionInput[];
    for (const payload of odd) {
      startConvention(halde, payload, 4);
      const actor = startConvention(halde, payload, 4);
      expect(fromTemplate(actor)).toBe(false);
      expect(stored(actor)).toBe(stored(afresh(halde, payload, 4)));
    }
  });

  it('are never made for a machine whose start depends on its payload beyond copying it', () => {
    // A start that reads the payload: templates would give every convention the first one's year.
    const machine = setup({ types: {} as { input: ConventionMachineInput } }).createMachine({
      context: ({ input }) => ({ ...input, year: input.createdAt.slice(0, 4) }),
    }) as AnyStateMachine as unknown as ConventionMachine;
    const start = (createdAt: string) =>
      startMachine(machine, halde, {
        ...input,
        createdAt,
        rulesVersion: 4,
      }) as unknown as XActor<AnyStateMachine>;
    start('2010-06-01T09:00:00.000Z');
    const later = start('2031-06-01T09:00:00.000Z');
    expect(later.getSnapshot().context).toMatchObject({ year: '2031' });
    expect(fromTemplate(later as unknown as ConventionActor)).toBe(false);
  });
});
