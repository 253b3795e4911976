import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { goldenPaths, parseExport, SEEDS } from '../../test/golden/generate-golden';
import { actorOf } from '../events/stored-event';
import { loadDefinitions } from '../workflows/load-definitions';
import { Actor, SYSTEM_ACTOR } from './actor';
import { startOfDay } from './calendar';
import { apply, ConventionActor, persist, startConvention } from './convention.engine';
import { ConventionEvent, ConventionEventType, ConventionInput, eventFromParsed } from './convention.events';
import { commitmentViews } from './convention.view';
import { plannedDeadlines } from './deadlines';
import { ConventionDefinition } from './definition';
import { MACHINE_VERSION, RulesVersion } from './rules-version';
import { restoreForWriting, storedSnapshotJson } from './stored-snapshot-json';
import { representative } from './testing/convention-scenario';
import { at, confirm, HALDE_AMENDMENT_A1, HALDE_AMENDMENT_A1_EFFECTIVE_ON } from './testing/seed-events';

/**
 * The stored snapshot written from each commitment's kept entry is the text written in full
 * (`persist`, then `JSON.stringify`), after every event of one live actor, as the writer keeps
 * it between transitions; and a child that did not change is not persisted again.
 */
const definitions = loadDefinitions(join(__dirname, '../../workflows')).map((loaded) => loaded.definition);
const PARIS = 'Europe/Paris';

const inFull = (definition: ConventionDefinition, actor: ConventionActor) =>
  JSON.stringify(persist(definition, actor));

/** An actor restored as the writer restores one on a live-cache miss, from the stored text. */
const restoredForWriting = (definition: ConventionDefinition, json: string): ConventionActor =>
  restoreForWriting(definition, JSON.parse(json));

/**
 * One actor, its stored snapshot compared after every event; every other event, it goes on
 * from an actor restored from that snapshot (a live-cache miss), compared as restored too.
 */
class LiveRun {
  actor: ConventionActor;
  compared = 0;
  private events = 0;

  constructor(
    readonly definition: ConventionDefinition,
    input: ConventionInput,
    rulesVersion: RulesVersion = MACHINE_VERSION,
  ) {
    this.actor = startConvention(definition, input, rulesVersion);
    this.compare();
  }

  compare(): void {
    const json = inFull(this.definition, this.actor);
    expect(storedSnapshotJson(this.definition, this.actor)).toBe(json);
    this.compared += 1;
    if (++this.events % 2 === 0) {
      this.actor = restoredForWriting(this.definition, json);
      expect(storedSnapshotJson(this.definition, this.actor)).toBe(json);
    }
  }

  send(event: Record<string, unknown>, actor: Actor, at: string): void {
    const refusal = apply(this.definition, this.actor, { ...event, actor, at } as ConventionEvent);
    if (refusal) throw new Error(`refused ${String(event.type)}: ${refusal.code} ${refusal.message}`);
    this.compare();
  }

  tick(type: string, day: string, extra: Record<string, unknown> = {}): void {
    this.send({ type, ...extra }, SYSTEM_ACTOR, startOfDay(day, this.definition.timeZone));
  }

  /** Fires every planned deadline due by `day`, earliest first, as the scheduler does. */
  runUntil(day: string): void {
    for (let fired = 0; fired < 2_000; fired++) {
      const next = plannedDeadlines(this.definition, this.actor.getSnapshot())[0];
      if (!next || next.dueOn > day) return;
      this.tick(next.eventType, next.dueOn, next.payload);
    }
  }
}

function inForce(definition: ConventionDefinition): LiveRun {
  const run = new LiveRun(definition, {
    conventionId: 'conv-1',
    title: definition.title,
    createdAt: startOfDay('2010-06-24', PARIS),
    agreedEffectiveOn: null,
  });
  for (const party of definition.parties) {
    for (const signatory of party.signatories) {
      run.send(
        { type: 'SIGNATURE_GIVEN', signatoryId: signatory.id },
        representative(party.id),
        at('2010-06-24'),
      );
    }
  }
  run.tick('EFFECTIVE_DATE_REACHED', '2010-06-24');
  return run;
}

describe('stored snapshot written from kept entries', () => {
  it.each(SEEDS)('equals the snapshot written in full after every event of golden history %s', (seed) => {
    const parsed = parseExport(readFileSync(goldenPaths(seed).export, 'utf8'));
    let run: LiveRun | null = null;
    for (const row of parsed.events) {
      const definition = parsed.definitions.get(row.definitionRef) as ConventionDefinition;
      const payload: unknown = JSON.parse(row.payload);
      if (row.version === 1) {
        run = new LiveRun(definition, payload as ConventionInput, row.machineVersion as RulesVersion);
        continue;
      }
      const event = eventFromParsed(row.type as ConventionEventType, payload, actorOf(row), row.occurredAt);
      expect(apply(definition, run!.actor, event)).toBeNull();
      run!.compare();
    }
    expect(run!.compared).toBeGreaterThan(20);
  });

  it.each(definitions.map((d) => [d.id, d] as const))(
    '%s under the current rules: equal after every event of six years of deadlines',
    (_id, definition) => {
      const run = inForce(definition);
      const open = commitmentViews(run.actor.getSnapshot().context).filter((c) => c.status === 'IN_EFFECT');
      for (const commitment of open.slice(0, 3)) {
        run.send(confirm(commitment.id), representative(commitment.owners[0]!), at('2010-09-01'));
      }
      run.runUntil('2016-06-30');
      expect(run.compared).toBeGreaterThan(10);
    },
  );

  it('equals it across an amendment that changes, adds and waives commitments (terms replaced)', () => {
    const halde = definitions.find((d) => d.id === 'halde-amf-2010') as ConventionDefinition;
    const run = inForce(halde);
    for (const { partyId, day, event } of HALDE_AMENDMENT_A1)
      run.send(event, representative(partyId), at(day));
    const before = storedSnapshotJson(halde, run.actor);
    run.tick('AMENDMENT_TOOK_EFFECT', HALDE_AMENDMENT_A1_EFFECTIVE_ON, { amendmentId: 'A1' });
    const after = JSON.parse(storedSnapshotJson(halde, run.actor)) as { context: { terms: object } };
    // The amended terms are the convention's own now, kept in the stored snapshot.
    expect(Object.keys(after.context.terms)).toEqual(
      expect.arrayContaining(['annual-report', 'good-practice-tools']),
    );
    expect(storedSnapshotJson(halde, run.actor)).not.toBe(before);
    run.runUntil('2012-12-31');
  });

  it('writes a snapshot stored whole by an earlier build as it is written in full', () => {
    for (const definition of definitions) {
      const run = inForce(definition);
      const whole = JSON.stringify(run.actor.getPersistedSnapshot());
      const restored = restoredForWriting(definition, whole);
      expect(storedSnapshotJson(definition, restored)).toBe(inFull(definition, restored));
    }
  });

  it.each(['live', 'restored'] as const)(
    'persists again only the children whose snapshot changed (%s actor)',
    (kind) => {
      const charte = definitions.find((d) => d.id === 'charte-diversite-cnml-2009') as ConventionDefinition;
      const run = inForce(charte);
      if (kind === 'restored') run.actor = restoredForWriting(charte, inFull(charte, run.actor));
      else storedSnapshotJson(charte, run.actor);
      const children = run.actor.getSnapshot().children as Record<
        string,
        { getPersistedSnapshot(): unknown }
      >;
      const calls = new Map<string, number>();
      for (const [id, child] of Object.entries(children)) {
        const original = child.getPersistedSnapshot.bind(child);
        child.getPersistedSnapshot = () => {
          calls.set(id, (calls.get(id) ?? 0) + 1);
          return original();
        };
      }
      const target = commitmentViews(run.actor.getSnapshot().context).find((c) => c.status === 'IN_EFFECT')!;
      const unchanged = storedSnapshotJson(charte, run.actor);
      expect(storedSnapshotJson(charte, run.actor)).toBe(unchanged);
      expect([...calls.values()].reduce((a, b) => a + b, 0)).toBe(0);

      run.send(confirm(target.id), representative(target.owners[0]!), at('2010-09-01'));
      // `compare` wrote it once from the kept entries (and `persist` once in full, every child).
      const fromKept = [...calls.entries()].filter(([, count]) => count === 2).map(([id]) => id);
      expect(fromKept).toEqual([target.id]);
      expect(Object.keys(children).length).toBeGreaterThan(10);
    },
  );
});
