/**
 * What one transition costs inside the machine layer, without HTTP or SQL: starting a
 * convention (what a replay does first), restoring one from its stored snapshot, applying
 * `COMMITMENT_CONFIRMED`, persisting it, and computing the view and the planned deadlines; then
 * whole streams replayed from their creation, as verification does, with the CPU of each kind
 * of event. `node dist/bench/machine-costs.js`
 */
import { join } from 'node:path';
import { cpuMicros, time } from './lib/micro';
import { Actor, SYSTEM_ACTOR } from '../src/machines/actor';
import {
  apply,
  ConventionActor,
  persist,
  restoreConvention,
  startConvention,
} from '../src/machines/convention.engine';
import { ConventionDefinition } from '../src/machines/definition';
import { MACHINE_VERSION } from '../src/machines/rules-version';
import { conventionView, commitmentViews } from '../src/machines/convention.view';
import { plannedDeadlines } from '../src/machines/deadlines';
import { keepRestoredEntries, storedSnapshotJson } from '../src/machines/stored-snapshot-json';
import { loadDefinitions } from '../src/workflows/load-definitions';
import { ConventionEvent } from '../src/machines/convention.events';

const definitions = loadDefinitions(join(__dirname, '..', '..', 'workflows')).map((l) => l.definition);

const AT = '2026-01-05T10:00:00.000Z';

function representative(partyId: string): Actor {
  return { userId: `u-${partyId}`, name: partyId, role: 'representative', partyId };
}

function started(definition: ConventionDefinition, conventionId: string): ConventionActor {
  return startConvention(
    definition,
    {
      conventionId,
      title: definition.title,
      createdAt: '2026-01-05T09:00:00.000Z',
      agreedEffectiveOn: null,
    },
    MACHINE_VERSION,
  );
}

/** CPU µs spent on each kind of event of a replay, and how many there were. */
type Phase = 'start' | 'signature' | 'effectiveDate' | 'confirmation';
const spent: Record<Phase, { micros: number; events: number }> = {
  start: { micros: 0, events: 0 },
  signature: { micros: 0, events: 0 },
  effectiveDate: { micros: 0, events: 0 },
  confirmation: { micros: 0, events: 0 },
};
let lapFrom = cpuMicros();
function lap(phase: Phase | null, events = 1): void {
  const now = cpuMicros();
  if (phase) {
    spent[phase].micros += now - lapFrom;
    spent[phase].events += events;
  }
  lapFrom = now;
}

/** A new convention, signed by every signatory and brought into force: its actor and its event count. */
function inForce(
  definition: ConventionDefinition,
  conventionId: string,
): { actor: ConventionActor; events: number } {
  lap(null);
  const actor = started(definition, conventionId);
  lap('start');
  let events = 1;
  for (const party of definition.parties) {
    for (const s of party.signatories) {
      const refusal = apply(definition, actor, {
        type: 'SIGNATURE_GIVEN',
        signatoryId: s.id,
        actor: representative(party.id),
        at: AT,
      } as ConventionEvent);
      if (refusal) throw new Error(refusal.message);
      events += 1;
    }
  }
  lap('signature', events - 1);
  const refusal = apply(definition, actor, {
    type: 'EFFECTIVE_DATE_REACHED',
    actor: SYSTEM_ACTOR,
    at: AT,
  } as ConventionEvent);
  if (refusal) throw new Error(refusal.message);
  lap('effectiveDate');
  return { actor, events: events + 1 };
}

for (const definition of definitions) {
  const { actor } = inForce(definition, 'c1');
  const json = JSON.stringify(persist(definition, actor));
  const first = commitmentViews(actor.getSnapshot().context).find((c) => c.status === 'IN_EFFECT')!;
  const owner = first.owners[0]!;
  const confirm = {
    type: 'COMMITMENT_CONFIRMED',
    commitmentId: first.id,
    note: null,
    evidenceUrl: null,
    actor: representative(owner),
    at: AT,
  } as ConventionEvent;
  console.log(
    `\n${definition.id}: ${Object.keys(actor.getSnapshot().context.commitments).length} commitments, snapshot ${(json.length / 1024).toFixed(1)} kB, view ${(JSON.stringify(conventionView(definition, actor.getSnapshot())).length / 1024).toFixed(1)} kB`,
  );
  const runs = 2000;
  time('startConvention (its commitments spawned)', runs, () => started(definition, 'c1'));
  time('start, every signature, effective date', runs, () => inForce(definition, 'c1'));
  time('JSON.parse(snapshot)', runs, () => JSON.parse(json));
  time('restoreConvention', runs, () => restoreConvention(definition, JSON.parse(json)));
  time('restore + apply(COMMITMENT_CONFIRMED)', runs, () => {
    const a = restoreConvention(definition, JSON.parse(json));
    apply(definition, a, confirm);
  });
  const done = restoreConvention(definition, JSON.parse(json));
  apply(definition, done, confirm);
  time('persist + JSON.stringify', runs, () => JSON.stringify(persist(definition, done)));
  time('conventionView + JSON.stringify', runs, () =>
    JSON.stringify(conventionView(definition, done.getSnapshot())),
  );
  time('commitmentViews', runs, () => commitmentViews(done.getSnapshot().context));
  time('plannedDeadlines', runs, () => plannedDeadlines(definition, done.getSnapshot()));
}

// The writer's case: the stored snapshot after one event (one commitment changed since it was
// last written), written in full or from the children's kept entries (`storedSnapshotJson`), on
// a live actor and on one just restored from the store (a live-cache miss: the restore keeps the
// stored entries, `keepRestoredEntries`, counted with the write). The two ways take turns on twin
// actors of each definition.
{
  console.log('\nstored snapshot after one confirmation, µs of CPU per write (live actor / restored actor):');
  for (const definition of definitions) {
    const spentOn = { full: 0, kept: 0, fullRestored: 0, keptRestored: 0, writes: 0 };
    for (let round = 0; round < 40; round++) {
      const twins = [inForce(definition, `f${round}`).actor, inForce(definition, `k${round}`).actor];
      storedSnapshotJson(definition, twins[1]!);
      let json = JSON.stringify(persist(definition, twins[0]!));
      const open = commitmentViews(twins[0]!.getSnapshot().context).filter(
        (c) => c.status === 'IN_EFFECT' && c.shape !== 'recurring',
      );
      for (const c of open) {
        const event = {
          type: 'COMMITMENT_CONFIRMED',
          commitmentId: c.id,
          note: null,
          evidenceUrl: null,
          actor: representative(c.owners[0]!),
          at: AT,
        } as ConventionEvent;
        // The same event on a restored twin of each (a parse each: a restore revives the parsed
        // context in place), its write timed with what the restore kept.
        const stored: unknown = JSON.parse(json);
        const restored = [
          restoreConvention(definition, JSON.parse(json)),
          restoreConvention(definition, stored),
        ];
        if (apply(definition, twins[0]!, event) || apply(definition, twins[1]!, event)) continue;
        if (apply(definition, restored[0]!, event) || apply(definition, restored[1]!, event)) continue;
        let from = cpuMicros();
        json = JSON.stringify(persist(definition, twins[0]!));
        spentOn.full += cpuMicros() - from;
        from = cpuMicros();
        storedSnapshotJson(definition, twins[1]!);
        spentOn.kept += cpuMicros() - from;
        from = cpuMicros();
        JSON.stringify(persist(definition, restored[0]!));
        spentOn.fullRestored += cpuMicros() - from;
        from = cpuMicros();
        keepRestoredEntries(restored[1]!, stored);
        storedSnapshotJson(definition, restored[1]!);
        spentOn.keptRestored += cpuMicros() - from;
        spentOn.writes += 1;
      }
    }
    const per = (micros: number) => (micros / spentOn.writes).toFixed(1).padStart(6);
    console.log(
      `  ${definition.id.padEnd(32)} in full ${per(spentOn.full)} / ${per(spentOn.fullRestored)}   ` +
        `from kept entries ${per(spentOn.kept)} / ${per(spentOn.keptRestored)}   (${spentOn.writes} writes)`,
    );
  }
}

// A whole stream replayed from its creation, as verification does: events per second.
{
  for (const phase of Object.values(spent)) Object.assign(phase, { micros: 0, events: 0 });
  let events = 0;
  const cpu = cpuMicros();
  const start = process.hrtime.bigint();
  for (let round = 0; round < 60; round++) {
    for (const definition of definitions) {
      const started = inForce(definition, `c${round}`);
      const actor = started.actor;
      events += started.events;
      const views = commitmentViews(actor.getSnapshot().context);
      lap(null);
      let confirmed = 0;
      for (const c of views) {
        if (c.status !== 'IN_EFFECT' || c.shape === 'recurring') continue;
        const owner = c.owners[0]!;
        const refusal = apply(definition, actor, {
          type: 'COMMITMENT_CONFIRMED',
          commitmentId: c.id,
          note: null,
          evidenceUrl: null,
          actor: representative(owner),
          at: AT,
        } as ConventionEvent);
        if (!refusal) confirmed += 1;
      }
      lap('confirmation', confirmed);
      events += confirmed;
    }
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpuSeconds = (cpuMicros() - cpu) / 1e6;
  console.log(
    `\nreplay from creation: ${events} events in ${seconds.toFixed(2)} s: ${Math.round(events / seconds)} events/s, ` +
      `${Math.round(events / cpuSeconds)} events/s of CPU`,
  );
  for (const [phase, { micros, events: count }] of Object.entries(spent)) {
    console.log(
      `  ${phase.padEnd(14)} ${(micros / count).toFixed(1).padStart(7)} µs CPU per event (${count} events)`,
    );
  }
}
