import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StoryConvention, World } from '../support/story';
import { workflowsWithFixtures } from '../support/workflows-dir';

/**
 * Issue 14, over HTTP (CLOCK=manual): termination for breach as a right, not an automatism.
 * « La convention pourra être résiliée par l'autre partie à l'expiration d'un délai d'un mois
 * suivant une mise en demeure restée sans effet » (test/fixtures/definitions/clause-breach-right.yaml,
 * `breach: { curePeriod: P1M, termination: right }`). Two three-year conventions from 15 January
 * 2024; the association's activity report, due 15 July 2024, is missed in both; the City serves
 * formal notice on 20 July (cure by 20 August). From 21 August both stay in force and the City may
 * terminate them: it terminates the first on 2 September; the association cures the second late
 * on 10 September, the right lapses, and it runs to its term in January 2027.
 */

const FIXTURE = 'clause-breach-right';
const REPORT = 'rapport-activite';

const STATE = `query($id: ID!) { convention(id: $id) { status allowedActions
  formalNotices { commitmentKey cureBy status }
  terminationRight { cause since holders commitmentKey }
  terminationRights { cause since holders commitmentKey }
  termination { on cause } commitments { key status allowedActions } } }`;
const NOTICE = `mutation($c: ID!) { serveFormalNotice(input: { commitmentId: $c,
  reason: "Rapport d'activité non remis" }) { commitment { status } } }`;
const TERMINATE = `mutation($id: ID!, $cause: TerminationCause) { terminateConvention(input: { conventionId: $id,
  reason: "Lettre recommandée avec accusé de réception du 2 septembre 2024", cause: $cause }) {
  convention { status termination { on cause } } } }`;
const DEADLINES = `query($id: ID!) { deadlines(filter: { conventionId: $id }) {
  kind dueOn consequence { kind text } } }`;
const HISTORY = `query($id: ID!) { history(conventionId: $id, first: 100) {
  edges { node { type actor { role partyId } } } } }`;

interface Right {
  cause: string;
  since: string;
  holders: string[];
  commitmentKey: string | null;
}
interface State {
  status: string;
  allowedActions: string[];
  formalNotices: { commitmentKey: string; cureBy: string; status: string }[];
  terminationRight: Right | null;
  terminationRights: Right[];
  termination: { on: string; cause: string } | null;
  commitments: { key: string; status: string; allowedActions: string[] }[];
}

const LYON = 'ville-lyon';
const MDS = 'maison-des-solidarites';

describe('termination for breach as a right (breach.termination: right), over several years', () => {
  let workflowsDir: string;
  let world: World;
  let terminated: StoryConvention;
  let cured: StoryConvention;

  beforeAll(async () => {
    workflowsDir = workflowsWithFixtures('conventio-breach-right-', [FIXTURE]);
    world = await World.start({
      CLOCK: 'manual',
      CLOCK_START: '2024-01-10T08:00:00Z',
      WORKFLOWS_DIR: workflowsDir,
    });
    terminated = await world.given.signed(FIXTURE, { on: '2024-01-15T09:00:00Z' });
    cured = await world.given.signed(FIXTURE);
  });

  afterAll(async () => {
    await world?.dispose();
    rmSync(workflowsDir, { recursive: true, force: true });
  });

  const state = async (party: string, convention: StoryConvention) =>
    (await world.as(party).does<{ convention: State }>(STATE, { id: convention.id })).convention;
  const report = (s: State) => s.commitments.find((c) => c.key === REPORT)!;

  it('shows the clause on the workflow: breach terminates as a right', async () => {
    const { workflow } = await world.server.ok<{
      workflow: { breach: { curePeriod: string; termination: string } };
    }>(world.auditor, `query { workflow(id: "${FIXTURE}") { breach { curePeriod termination } } }`);
    expect(workflow.breach).toEqual({ curePeriod: 'P1M', termination: 'right' });
  });

  it('the report due 15 July 2024 is missed; the City serves formal notice on 20 July, to cure by 20 August', async () => {
    await world.when.clockReaches('2024-07-20T09:00:00Z');
    for (const convention of [terminated, cured]) {
      expect(report(await state(LYON, convention)).status).toBe('VIOLATED');
      await world.as(LYON).does(NOTICE, { c: `${convention.id}:${REPORT}` });
      expect(await state(LYON, convention)).toMatchObject({
        status: 'ACTIVE',
        formalNotices: [{ commitmentKey: REPORT, cureBy: '2024-08-20', status: 'OPEN' }],
        terminationRight: null,
        terminationRights: [],
      });
    }
    const { deadlines } = await world.server.ok<{
      deadlines: { kind: string; dueOn: string; consequence: { kind: string; text: string } }[];
    }>(world.auditor, DEADLINES, { id: terminated.id });
    expect(deadlines.find((d) => d.kind === 'CURE_PERIOD_END')).toEqual({
      kind: 'CURE_PERIOD_END',
      dueOn: '2024-08-21',
      consequence: {
        kind: 'TERMINATION_RIGHT',
        text: "Si le manquement n'est pas réparé au plus tard le 20 août 2024, l'autre partie pourra résilier la convention à compter du 21 août 2024.",
      },
    });
  });

  it('refuses the City before the day (INVALID_TRANSITION): the cure period still runs', async () => {
    await world.when.clockReaches('2024-08-20T12:00:00Z');
    const [refusal] = await world.then.refused('INVALID_TRANSITION', terminated.id, () =>
      world.as(LYON).tries(TERMINATE, { id: terminated.id }),
    );
    expect(refusal!.errors?.[0]?.message).toContain('until 2024-08-20 included');
  });

  it('from 21 August 2024, stays in force and offers TERMINATE to the City only', async () => {
    await world.when.clockReaches('2024-08-21T09:00:00Z');
    const right = { cause: 'BREACH', since: '2024-08-21', holders: [LYON], commitmentKey: REPORT };
    const city = await state(LYON, terminated);
    expect(city).toMatchObject({
      status: 'ACTIVE',
      termination: null,
      formalNotices: [{ commitmentKey: REPORT, status: 'UNCURED' }],
      terminationRight: right,
      terminationRights: [right],
    });
    expect(city.allowedActions).toContain('TERMINATE');
    const association = await state(MDS, terminated);
    expect(association.allowedActions).not.toContain('TERMINATE');
    expect(association.terminationRight).toEqual(right);
    // The association may still cure, late: MARK_DONE is offered on the VIOLATED report.
    expect(report(association)).toMatchObject({ status: 'VIOLATED', allowedActions: ['MARK_DONE'] });

    const [refusal] = await world.then.refused('FORBIDDEN', terminated.id, () =>
      world.as(MDS).tries(TERMINATE, { id: terminated.id }),
    );
    expect(refusal!.errors?.[0]?.message).toContain('in breach of rapport-activite');
  });

  it('the City terminates the first on 2 September 2024: TERMINATED for BREACH that day, recorded as its act', async () => {
    await world.when.clockReaches('2024-09-02T10:00:00Z');
    // A cause no right has (BAD_USER_INPUT), and one the City holds no right for (not suspended).
    await world.then.refused('BAD_USER_INPUT', terminated.id, () =>
      world.as(LYON).tries(TERMINATE, { id: terminated.id, cause: 'EXPIRY' }),
    );
    const [notHeld] = await world.then.refused('INVALID_TRANSITION', terminated.id, () =>
      world.as(LYON).tries(TERMINATE, { id: terminated.id, cause: 'FORCE_MAJEURE' }),
    );
    expect(notHeld!.errors?.[0]?.message).toContain('not suspended for force majeure');
    const done = await world
      .as(LYON)
      .does<{ terminateConvention: { convention: { status: string; termination: unknown } } }>(TERMINATE, {
        id: terminated.id,
        cause: 'BREACH',
      });
    expect(done.terminateConvention.convention).toEqual({
      status: 'TERMINATED',
      termination: { on: '2024-09-02', cause: 'BREACH' },
    });
    const after = await state(LYON, terminated);
    expect(after.terminationRight).toBeNull();
    expect(after.terminationRights).toEqual([]);
    expect(after.allowedActions).not.toContain('TERMINATE');
    await world.then.refused('INVALID_TRANSITION', terminated.id, () =>
      world.as(LYON).tries(TERMINATE, { id: terminated.id }),
    );

    const { history } = await world.server.ok<{
      history: { edges: { node: { type: string; actor: { role: string; partyId: string | null } } }[] };
    }>(world.auditor, HISTORY, { id: terminated.id });
    const types = history.edges.map((e) => e.node.type);
    expect(types).toContain('FORMAL_NOTICE_SERVED');
    expect(types).toContain('CURE_PERIOD_ENDED');
    expect(types.at(-1)).toBe('TERMINATION_EXERCISED');
    expect(history.edges.at(-1)!.node.actor).toEqual({ role: 'REPRESENTATIVE', partyId: LYON });
    await world.then.soundHistory(terminated.id);
  });

  it('the association cures the second late on 10 September 2024: FULFILLED, the right lapses', async () => {
    expect((await state(LYON, cured)).allowedActions).toContain('TERMINATE');
    await world.when.clockReaches('2024-09-10T09:00:00Z');
    const done = await world.as(MDS).marksDone(`${cured.id}:${REPORT}`, { note: 'Rapport remis en retard' });
    expect(done.markCommitmentDone.commitment.status).toBe('FULFILLED');

    const city = await state(LYON, cured);
    expect(city).toMatchObject({ status: 'ACTIVE', terminationRight: null, terminationRights: [] });
    expect(city.allowedActions).not.toContain('TERMINATE');
    const [refusal] = await world.then.refused('INVALID_TRANSITION', cured.id, () =>
      world.as(LYON).tries(TERMINATE, { id: cured.id }),
    );
    expect(refusal!.errors?.[0]?.message).toContain('cured since');
  });

  it('runs to its term, 15 January 2027, with histories that verify', async () => {
    await world.when.clockReaches('2027-02-01T09:00:00Z');
    expect(await state(LYON, cured)).toMatchObject({
      status: 'TERMINATED',
      termination: { on: '2027-01-15', cause: 'EXPIRY' },
      terminationRight: null,
    });
    await world.then.soundHistory(cured.id);
    await world.then.soundHistory(terminated.id);
    for (const convention of [cured, terminated]) {
      expect(await world.then.verification(convention.id)).toMatchObject({ valid: true });
    }
  });

  it('replays offline: the exported log, with its TERMINATION_EXERCISED and late cure, verifies', async () => {
    const url = world.server.url.replace(/\/graphql$/, '/audit/export');
    const response = await fetch(url, { headers: { authorization: `Bearer ${world.auditor}` } });
    expect(response.status).toBe(200);
    const log = await response.text();
    expect(log).toContain('TERMINATION_EXERCISED');
    const dir = mkdtempSync(join(tmpdir(), 'conventio-breach-right-export-'));
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
