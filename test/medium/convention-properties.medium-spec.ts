import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { loadDefinitions } from '../../src/workflows/load-definitions';
import { testDialect } from '../support/test-store';
import { workflowsWithFixtures } from '../support/workflows-dir';
import { RunCache } from './support/convention-run';
import {
  conventionAtIsThePast,
  describeFailure,
  onlyChosenOptionsCommitments,
  onlyOwnersFulfil,
  Property,
  refusalsChangeNothing,
  replayGivesTheProjection,
  sameInstantOrder,
  terminatedIsFinal,
  timeEventsWaitForTheirDate,
} from './support/convention-properties';
import { runArbitrary } from './support/convention-steps';
import { nothingDueBeforeTheGraceEnds } from './support/late-start-property';

/**
 * Property tests (issue 14): for every seed of `workflows/` and every fixture definition,
 * random sequences of commands by random actors (parties, an outsider, the admin, an auditor)
 * and random moves of the manual clock (minutes to years, and onto pending deadlines' instants),
 * run through the real writer, scheduler and clock control on a real store. Each property is
 * checked on the same runs: a case is run once and its record shared (fast-check's seed is
 * fixed, so every property of a definition draws the same cases); a failing one is shrunk
 * against its own property. `FC_NUM_RUNS` (cases per definition), `FC_MAX_STEPS` and `FC_SEED`
 * run more, or other, cases locally.
 */

const dialect = testDialect();
const NUM_RUNS = Number(process.env.FC_NUM_RUNS ?? (dialect === 'postgres' ? 1 : 3));
const MAX_STEPS = Number(process.env.FC_MAX_STEPS ?? 24);
const SEED = Number(process.env.FC_SEED ?? 1414);
/** A failing property shrinks through fresh runs: give it time. */
const TIMEOUT = 600_000;

const fixtures = readdirSync(join(__dirname, '../fixtures/definitions'))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.replace(/\.yaml$/, ''));
const workflowsDir = workflowsWithFixtures('conventio-properties-', fixtures);
const definitions = loadDefinitions(workflowsDir).map((loaded) => loaded.definition);
const runs = new RunCache({ dialect, workflowsDir });

afterAll(() => rmSync(workflowsDir, { recursive: true, force: true }));

describe.each(definitions.map((definition) => [definition.id, definition] as const))(
  '%s',
  (_id, definition) => {
    const holds = (property: Property) =>
      fc.assert(
        fc.asyncProperty(runArbitrary(definition, MAX_STEPS), async (runCase) => {
          const run = await runs.run(definition, runCase);
          const problems = property(run);
          if (problems.length) throw new Error(describeFailure(run, problems));
        }),
        { numRuns: NUM_RUNS, seed: SEED },
      );

    it(
      '(a) once terminated, stays so: only what survives the end still moves',
      () => holds(terminatedIsFinal),
      TIMEOUT,
    );

    it(
      '(b) only an owner (or its committee, or the system) fulfils a commitment; a non-owner is refused',
      () => holds(onlyOwnersFulfil),
      TIMEOUT,
    );

    it(
      '(c) no time event fires before its deadline, and none due is left pending',
      () => holds(timeEventsWaitForTheirDate),
      TIMEOUT,
    );

    it(
      '(d) deadlines due at the same instant fire in SAME_INSTANT_ORDER',
      () => holds(sameInstantOrder),
      TIMEOUT,
    );

    it(
      '(e) replaying the stored events from scratch gives the stored projection',
      () => holds(replayGivesTheProjection),
      TIMEOUT,
    );

    it('(f) conventionAt(t) is the projection recorded at t', () => holds(conventionAtIsThePast), TIMEOUT);

    it(
      'a refused command changes nothing: no event, the same projection and deadlines',
      () => holds(refusalsChangeNothing),
      TIMEOUT,
    );

    it(
      '(h) the commitments of options not chosen at creation do not exist; those of chosen ones do',
      () => holds(onlyChosenOptionsCommitments),
      TIMEOUT,
    );

    it(
      '(i) rules v4, in force before its signature: nothing of the definition falls due before the grace after signature ends',
      () => holds(nothingDueBeforeTheGraceEnds),
      TIMEOUT,
    );
  },
);
