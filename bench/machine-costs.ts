/**
 * What one transition costs inside the machine layer, without HTTP or SQL: restoring a
 * convention from its stored snapshot, applying `COMMITMENT_CONFIRMED`, persisting it, and
 * computing the view and the planned deadlines. `node dist/bench/machine-costs.js`
 */
import { join } from 'node:path';
import { time } from './lib/micro';
import { SYSTEM_ACTOR } from '../src/machines/actor';
import { apply, persist, restoreConvention, startConvention } from '../src/machines/convention.engine';
import { conventionView, commitmentViews } from '../src/machines/convention.view';
import { plannedDeadlines } from '../src/machines/deadlines';
import { loadDefinitions } from '../src/workflows/load-definitions';
import { ConventionEvent } from '../src/machines/convention.events';

const definitions = loadDefinitions(join(__dirname, '..', '..', 'workflows')).map((l) => l.definition);

for (const definition of definitions) {
  const actor = startConvention(definition, {
    conventionId: 'c1',
    title: definition.title,
    createdAt: '2026-01-05T09:00:00.000Z',
    agreedEffectiveOn: null,
  });
  const at = '2026-01-05T10:00:00.000Z';
  for (const party of definition.parties) {
    for (const s of party.signatories) {
      const refusal = apply(definition, actor, {
        type: 'SIGNATURE_GIVEN',
        signatoryId: s.id,
        actor: { userId: `u-${party.id}`, name: party.id, role: 'representative', partyId: party.id },
        at,
      } as ConventionEvent);
      if (refusal) throw new Error(refusal.message);
    }
  }
  apply(definition, actor, { type: 'EFFECTIVE_DATE_REACHED', actor: SYSTEM_ACTOR, at } as ConventionEvent);
  const json = JSON.stringify(persist(definition, actor));
  const first = commitmentViews(actor.getSnapshot().context).find((c) => c.status === 'IN_EFFECT')!;
  const owner = first.owners[0]!;
  const confirm = {
    type: 'COMMITMENT_CONFIRMED',
    commitmentId: first.id,
    note: null,
    evidenceUrl: null,
    actor: { userId: `u-${owner}`, name: owner, role: 'representative', partyId: owner },
    at,
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
      const at = '2026-01-05T10:00:00.000Z';
      const actor = startConvention(definition, {
        conventionId: `c${round}`,
        title: definition.title,
        createdAt: '2026-01-05T09:00:00.000Z',
        agreedEffectiveOn: null,
      });
      events += 1;
      for (const party of definition.parties) {
        for (const s of party.signatories) {
          apply(definition, actor, {
            type: 'SIGNATURE_GIVEN',
            signatoryId: s.id,
            actor: { userId: `u-${party.id}`, name: party.id, role: 'representative', partyId: party.id },
            at,
          } as ConventionEvent);
          events += 1;
        }
      }
      apply(definition, actor, {
        type: 'EFFECTIVE_DATE_REACHED',
        actor: SYSTEM_ACTOR,
        at,
      } as ConventionEvent);
      events += 1;
      for (const c of commitmentViews(actor.getSnapshot().context)) {
        if (c.status !== 'IN_EFFECT' || c.shape === 'recurring') continue;
        const owner = c.owners[0]!;
        const refusal = apply(definition, actor, {
          type: 'COMMITMENT_CONFIRMED',
          commitmentId: c.id,
          note: null,
          evidenceUrl: null,
          actor: { userId: `u-${owner}`, name: owner, role: 'representative', partyId: owner },
          at,
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
