/**
 * What one transition costs inside the machine layer, without HTTP or SQL: restoring a
 * convention from its stored snapshot, applying `COMMITMENT_CONFIRMED`, persisting it, and
 * computing the view and the planned deadlines. `node dist/bench/machine-costs.js`
 */
import { join } from 'node:path';
import { time } from './lib/micro';
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
import { loadDefinitions } from '../src/workflows/load-definitions';
import { ConventionEvent } from '../src/machines/convention.events';

const definitions = loadDefinitions(join(__dirname, '..', '..', 'workflows')).map((l) => l.definition);

const AT = '2026-01-05T10:00:00.000Z';

function representative(partyId: string): Actor {
  return { userId: `u-${partyId}`, name: partyId, role: 'representative', partyId };
}

/** A new convention, signed by every signatory and brought into force: its actor and its event count. */
function inForce(
  definition: ConventionDefinition,
  conventionId: string,
): { actor: ConventionActor; events: number } {
  const actor = startConvention(
    definition,
    {
      conventionId,
      title: definition.title,
      createdAt: '2026-01-05T09:00:00.000Z',
      agreedEffectiveOn: null,
    },
    MACHINE_VERSION,
  );
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
  const refusal = apply(definition, actor, {
    type: 'EFFECTIVE_DATE_REACHED',
    actor: SYSTEM_ACTOR,
    at: AT,
  } as ConventionEvent);
  if (refusal) throw new Error(refusal.message);
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

// A whole stream replayed from its creation, as verification does: events per second.
{
  let events = 0;
  const start = process.hrtime.bigint();
  for (let round = 0; round < 60; round++) {
    for (const definition of definitions) {
      const started = inForce(definition, `c${round}`);
      const actor = started.actor;
      events += started.events;
      for (const c of commitmentViews(actor.getSnapshot().context)) {
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
        if (!refusal) events += 1;
      }
    }
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(
    `\nreplay from creation: ${events} events in ${seconds.toFixed(2)} s: ${Math.round(events / seconds)} events/s`,
  );
}
