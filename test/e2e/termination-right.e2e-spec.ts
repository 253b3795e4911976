import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StoryConvention, World } from '../support/story';
import { workflowsWithFixtures } from '../support/workflows-dir';

/**
 * Issue 14, over HTTP (CLOCK=manual): termination as a right, not an automatism. « En cas de
 * force majeure d'une durée supérieure à un mois, l'autre partie pourra résilier la présente
 * convention » (test/fixtures/definitions/clause-termination-right.yaml,
 * `forceMajeure: { maxSuspension: P1M, termination: right }`). Two three-year conventions from
 * 15 January 2024, both suspended by the association on 10 January 2025 (the fire of its
 * premises): past 10 February 2025 they stay suspended and the City may terminate them. It
 * terminates the first on 20 February 2025; the second resumes on 3 March 2025, the right lapses,
 * and it runs to its term in January 2027.
 */

const FIXTURE = 'clause-termination-right';

const STATE = `query($id: ID!) { convention(id: $id) { status allowedActions
  suspension { partyId since limitOn } terminationRight { cause since holders } termination { on cause } } }`;
const SUSPEND = `mutation($id: ID!) { suspendConvention(input: { conventionId: $id,
  reason: "Incendie des locaux du 12 rue Pasteur" }) { convention { status } } }`;
const RESUME = `mutation($id: ID!) { resumeConvention(input: { conventionId: $id }) { convention { status } } }`;
const TERMINATE = `mutation($id: ID!) { terminateConvention(input: { conventionId: $id,
  reason: "Lettre recommandée avec accusé de réception du 20 février 2025" }) {
  convention { status termination { on cause } } } }`;
const DEADLINES = `query($id: ID!) { deadlines(filter: { conventionId: $id }) {
  kind dueOn consequence { kind text } } }`;
const HISTORY = `query($id: ID!) { history(conventionId: $id, first: 100) {
  edges { node { type actor { role partyId } } } } }`;

interface State {
  status: string;
  allowedActions: string[];
  suspension: { partyId: string; since: string; limitOn: string | null } | null;
  terminationRight: { cause: string; since: string; holders: string[] } | null;
  termination: { on: string; cause: string } | null;
}

const LYON = 'ville-lyon';
const MDS = 'maison-des-solidarites';

describe('termination as a right (forceMajeure.termination: right), over several years', () => {
  let workflowsDir: string;
  let world: World;
  let terminated: StoryConvention;
  let resumed: StoryConvention;

  beforeAll(async () => {
    workflowsDir = workflowsWithFixtures('conventio-termination-right-', [FIXTURE]);
    world = await World.start({
      CLOCK: 'manual',
      CLOCK_START: '2024-01-10T08:00:00Z',
      WORKFLOWS_DIR: workflowsDir,
    });
    terminated = await world.given.signed(FIXTURE, { on: '2024-01-15T09:00:00Z' });
    resumed = await world.given.signed(FIXTURE);
  });

  afterAll(async () => {
    await world?.dispose();
    rmSync(workflowsDir, { recursive: true, force: true });
  });

  const state = async (party: string, convention: StoryConvention) =>
    (await world.as(party).does<{ convention: State }>(STATE, { id: convention.id })).convention;

  it('shows the clause on the workflow: terminate, as a right', async () => {
    const { workflow } = await world.server.ok<{
      workflow: { forceMajeure: { maxSuspension: string; consequence: string; termination: string } };
    }>(
      world.auditor,
      `query { workflow(id: "${FIXTURE}") { forceMajeure { maxSuspension consequence termination } } }`,
    );
    expect(workflow.forceMajeure).toEqual({
      maxSuspension: 'P1M',
      consequence: 'terminate',
      termination: 'right',
    });
  });

  it('in force on 15 January 2024; suspended by the association on 10 January 2025, until 10 February', async () => {
    await world.when.clockReaches('2025-01-10T09:00:00Z');
    for (const convention of [terminated, resumed]) {
      await world.as(MDS).does(SUSPEND, { id: convention.id });
      expect(await state(LYON, convention)).toMatchObject({
        status: 'SUSPENDED',
        suspension: { partyId: MDS, since: '2025-01-10', limitOn: '2025-02-10' },
        terminationRight: null,
      });
    }
    expect((await state(LYON, terminated)).allowedActions).not.toContain('TERMINATE');
    const { deadlines } = await world.server.ok<{
      deadlines: { kind: string; dueOn: string; consequence: { kind: string; text: string } }[];
    }>(world.auditor, DEADLINES, { id: terminated.id });
    expect(deadlines.find((d) => d.kind === 'SUSPENSION_LIMIT')).toEqual({
      kind: 'SUSPENSION_LIMIT',
      dueOn: '2025-02-11',
      consequence: {
        kind: 'TERMINATION_RIGHT',
        text: "Si la suspension dure au-delà du 10 février 2025, l'autre partie pourra résilier la convention à compter du 11 février 2025.",
      },
    });
  });

  it('refuses the City before the day (INVALID_TRANSITION): the suspension may still last', async () => {
    await world.when.clockReaches('2025-02-10T12:00:00Z');
    const [refusal] = await world.then.refused('INVALID_TRANSITION', terminated.id, () =>
      world.as(LYON).tries(TERMINATE, { id: terminated.id }),
    );
    expect(refusal!.errors?.[0]?.message).toContain('may last until 2025-02-10 included');
  });

  it('from 11 February 2025, stays suspended and offers TERMINATE to the City only', async () => {
    await world.when.clockReaches('2025-02-11T09:00:00Z');
    const city = await state(LYON, terminated);
    expect(city).toMatchObject({
      status: 'SUSPENDED',
      termination: null,
      terminationRight: { cause: 'FORCE_MAJEURE', since: '2025-02-11', holders: [LYON] },
    });
    expect(city.allowedActions).toContain('TERMINATE');
    expect(city.allowedActions).toContain('RESUME');
    const association = await state(MDS, terminated);
    expect(association.allowedActions).not.toContain('TERMINATE');
    expect(association.terminationRight).toEqual(city.terminationRight);

    const [refusal] = await world.then.refused('FORBIDDEN', terminated.id, () =>
      world.as(MDS).tries(TERMINATE, { id: terminated.id }),
    );
    expect(refusal!.errors?.[0]?.message).toContain('the right to terminate belongs to the other parties');
  });

  it('the City terminates on 20 February 2025: TERMINATED for force majeure that day, recorded as its act', async () => {
    await world.when.clockReaches('2025-02-20T10:00:00Z');
    const done = await world
      .as(LYON)
      .does<{ terminateConvention: { convention: { status: string; termination: unknown } } }>(TERMINATE, {
        id: terminated.id,
      });
    expect(done.terminateConvention.convention).toEqual({
      status: 'TERMINATED',
      termination: { on: '2025-02-20', cause: 'FORCE_MAJEURE' },
    });
    const after = await state(LYON, terminated);
    expect(after.terminationRight).toBeNull();
    expect(after.allowedActions).not.toContain('TERMINATE');
    await world.then.refused('INVALID_TRANSITION', terminated.id, () =>
      world.as(LYON).tries(TERMINATE, { id: terminated.id }),
    );

    const { history } = await world.server.ok<{
      history: { edges: { node: { type: string; actor: { role: string; partyId: string | null } } }[] };
    }>(world.auditor, HISTORY, { id: terminated.id });
    const types = history.edges.map((e) => e.node.type);
    expect(types.slice(-3)).toEqual([
      'CONVENTION_SUSPENDED',
      'SUSPENSION_LIMIT_REACHED',
      'TERMINATION_EXERCISED',
    ]);
    expect(history.edges.at(-1)!.node.actor).toEqual({ role: 'REPRESENTATIVE', partyId: LYON });
    await world.then.soundHistory(terminated.id);
  });

  it('the other convention resumes on 3 March 2025: the right lapses, TERMINATE refused with its reason', async () => {
    expect((await state(LYON, resumed)).allowedActions).toContain('TERMINATE');
    await world.when.clockReaches('2025-03-03T09:00:00Z');
    await world.as(MDS).does(RESUME, { id: resumed.id });

    const city = await state(LYON, resumed);
    expect(city).toMatchObject({ status: 'ACTIVE', suspension: null, terminationRight: null });
    expect(city.allowedActions).not.toContain('TERMINATE');
    const [refusal] = await world.then.refused('INVALID_TRANSITION', resumed.id, () =>
      world.as(LYON).tries(TERMINATE, { id: resumed.id }),
    );
    expect(refusal!.errors?.[0]?.message).toContain('not suspended for force majeure');
  });

  it('runs to its term, 15 January 2027, with a history that verifies', async () => {
    await world.when.clockReaches('2027-02-01T09:00:00Z');
    expect(await state(LYON, resumed)).toMatchObject({
      status: 'TERMINATED',
      termination: { on: '2027-01-15', cause: 'EXPIRY' },
      terminationRight: null,
    });
    await world.then.soundHistory(resumed.id);
    await world.then.soundHistory(terminated.id);
  });

  it('replays offline: the exported log, with its TERMINATION_EXERCISED, verifies', async () => {
    const url = world.server.url.replace(/\/graphql$/, '/audit/export');
    const response = await fetch(url, { headers: { authorization: `Bearer ${world.auditor}` } });
    expect(response.status).toBe(200);
    const log = await response.text();
    expect(log).toContain('TERMINATION_EXERCISED');
    const dir = mkdtempSync(join(tmpdir(), 'conventio-termination-right-export-'));
    try {
      const path = join(dir, 'log.ndjson');
      writeFileSync(path, log);
      const { verifyExport } = (await import(
        join(__dirname, '../../dist/src/audit/offline-verifier.js')
      )) as typeof import('../../src/audit/offline-verifier');
      const report = await verifyExport(path, { threads: 0 });
      expect(report).toMatchObject({ ok: true, problem: null, conventions: 2 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
