import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { errorCode } from '../support/conventio-process';
import { StoryConvention, World } from '../support/story';
import { workflowsWithFixtures } from '../support/workflows-dir';

/**
 * Issue 14, options chosen at creation, over HTTP (CLOCK=manual), three years of two conventions
 * of test/fixtures/definitions/clause-options.yaml, signed on 1 March 2024: « Le bénéficiaire
 * peut adhérer au programme d'accompagnement numérique ; dans ce cas il s'engage à … ». The one
 * created with `programme-numerique` has its two commitments, due, fulfilled and VIOLATED as any
 * other; the one created without it has none of them (no deadline, not counted); an unknown
 * option is refused and creates nothing. Both histories verify.
 */

const FIXTURE = 'clause-options';
const PROGRAMME = 'programme-numerique';
const TITLE = "Programme d'accompagnement numérique";
const CREATE = `mutation($w: ID!, $o: [ID!]) { createConvention(input: { workflowId: $w, options: $o }) {
  convention { id status options { id title chosen } } } }`;
const CONVENTION = `query($id: ID!) { convention(id: $id) {
  status options { id title chosen } commitments { key status dueOn } } }`;
const WORKFLOW = `query($id: ID!) { workflow(id: $id) {
  options { id title text note commitments } commitments { key option } } }`;
const COUNT = `{ conventions { totalCount } }`;
const DEADLINES = `query($id: ID!) { deadlines(filter: { conventionId: $id }, first: 100) { kind subject dueOn } }`;
const CREATED = `query($id: ID!) { history(conventionId: $id, first: 1) { edges { node { type payload } } } }`;
const MARK = `mutation($c: ID!) { markCommitmentDone(input: { commitmentId: $c, note: "Fait",
  evidenceUrl: "https://example.org/preuve" }) { commitment { status } } }`;

interface ConventionData {
  convention: {
    status: string;
    options: { id: string; title: string; chosen: boolean }[];
    commitments: { key: string; status: string; dueOn: string | null }[];
  };
}

describe('options over HTTP: the programme « auquel le bénéficiaire peut adhérer »', () => {
  let workflowsDir: string;
  let world: World;
  let withProgramme: StoryConvention;
  let without: StoryConvention;

  beforeAll(async () => {
    workflowsDir = workflowsWithFixtures('conventio-options-', [FIXTURE]);
    world = await World.start({
      CLOCK: 'manual',
      CLOCK_START: '2024-02-10T08:00:00Z',
      WORKFLOWS_DIR: workflowsDir,
    });
  });

  afterAll(async () => {
    await world?.dispose();
    rmSync(workflowsDir, { recursive: true, force: true });
  });

  const create = (options?: string[]) =>
    world.server.graphql<{
      createConvention: { convention: { id: string; status: string; options: unknown[] } };
    }>(world.admin, CREATE, { w: FIXTURE, o: options ?? null });
  const read = async (c: StoryConvention) =>
    (await world.server.ok<ConventionData>(world.auditor, CONVENTION, { id: c.id })).convention;
  const statuses = async (c: StoryConvention) =>
    Object.fromEntries((await read(c)).commitments.map((x) => [x.key, x.status]));
  const count = async () =>
    (await world.server.ok<{ conventions: { totalCount: number } }>(world.admin, COUNT)).conventions
      .totalCount;
  const deadlineSubjects = async (c: StoryConvention) =>
    (
      await world.server.ok<{ deadlines: { subject: string | null }[] }>(world.admin, DEADLINES, { id: c.id })
    ).deadlines.map((d) => d.subject);

  it('shows the option and the commitments it brings on the workflow', async () => {
    const { workflow } = await world.server.ok<{
      workflow: {
        options: { id: string; title: string; text: string; note: string | null; commitments: string[] }[];
        commitments: { key: string; option: string | null }[];
      };
    }>(world.auditor, WORKFLOW, { id: FIXTURE });
    expect(workflow.options).toEqual([
      {
        id: PROGRAMME,
        title: TITLE,
        text: expect.stringContaining("Le bénéficiaire peut adhérer au programme d'accompagnement numérique"),
        note: 'Article 5 of the text; chosen, or not, when the convention is created',
        commitments: ['volunteer-training', 'digital-report'],
      },
    ]);
    expect(workflow.commitments).toEqual([
      { key: 'activity-report', option: null },
      { key: 'funding', option: null },
      { key: 'volunteer-training', option: PROGRAMME },
      { key: 'digital-report', option: PROGRAMME },
    ]);
  });

  it('refuses an unknown option with BAD_USER_INPUT naming the valid ones, and creates nothing', async () => {
    const before = await count();
    const refused = await create([PROGRAMME, 'programme-x']);
    expect(errorCode(refused)).toBe('BAD_USER_INPUT');
    expect(refused.errors?.[0]?.message).toBe(
      'unknown option "programme-x" for workflow clause-options (valid options: "programme-numerique")',
    );
    expect(await count()).toBe(before);
  });

  it('creates one convention with the programme and one without, and records the choice on CONVENTION_CREATED', async () => {
    const chosen = await create([PROGRAMME]);
    const plain = await create([]);
    expect(chosen.errors).toBeUndefined();
    expect(plain.errors).toBeUndefined();
    withProgramme = { id: chosen.data!.createConvention.convention.id, workflowId: FIXTURE };
    without = { id: plain.data!.createConvention.convention.id, workflowId: FIXTURE };
    expect(chosen.data!.createConvention.convention.options).toEqual([
      { id: PROGRAMME, title: TITLE, chosen: true },
    ]);
    expect(plain.data!.createConvention.convention.options).toEqual([
      { id: PROGRAMME, title: TITLE, chosen: false },
    ]);

    const payloadOf = async (c: StoryConvention) => {
      const { history } = await world.server.ok<{
        history: { edges: { node: { type: string; payload: string } }[] };
      }>(world.auditor, CREATED, { id: c.id });
      expect(history.edges[0]!.node.type).toBe('CONVENTION_CREATED');
      return JSON.parse(history.edges[0]!.node.payload) as Record<string, unknown>;
    };
    expect((await payloadOf(withProgramme)).chosenOptions).toEqual([PROGRAMME]);
    expect(await payloadOf(without)).not.toHaveProperty('chosenOptions');
  });

  it('signed on 1 March 2024: the programme’s commitments are due in one, absent from the other', async () => {
    await world.when.clockReaches('2024-03-01T09:00:00Z');
    await world.when.everyoneSigns(withProgramme);
    await world.when.everyoneSigns(without);
    await world.when.clockReaches('2024-03-01T12:00:00Z');

    const chosen = await read(withProgramme);
    expect(chosen.status).toBe('ACTIVE');
    expect(chosen.commitments.map((c) => [c.key, c.status, c.dueOn])).toEqual([
      ['activity-report', 'IN_EFFECT', '2025-02-28'],
      ['funding', 'IN_EFFECT', '2024-06-01'],
      ['volunteer-training', 'IN_EFFECT', '2024-09-01'],
      ['digital-report', 'IN_EFFECT', '2025-02-28'],
    ]);
    const { convention: terms } = await world.server.ok<{
      convention: { commitments: { key: string; terms: { option: string | null } }[] };
    }>(world.auditor, 'query($id: ID!) { convention(id: $id) { commitments { key terms { option } } } }', {
      id: withProgramme.id,
    });
    expect(terms.commitments.map((c) => [c.key, c.terms.option])).toEqual([
      ['activity-report', null],
      ['funding', null],
      ['volunteer-training', PROGRAMME],
      ['digital-report', PROGRAMME],
    ]);
    const plain = await read(without);
    expect(plain.status).toBe('ACTIVE');
    expect(plain.commitments.map((c) => c.key)).toEqual(['activity-report', 'funding']);

    expect(await deadlineSubjects(withProgramme)).toEqual(
      expect.arrayContaining(['volunteer-training', 'digital-report']),
    );
    const plainSubjects = await deadlineSubjects(without);
    expect(plainSubjects).not.toContain('volunteer-training');
    expect(plainSubjects).not.toContain('digital-report');
  });

  it('fulfils the training in the convention with the programme; the other has no such commitment (NOT_FOUND)', async () => {
    await world.when.clockReaches('2024-06-10T09:00:00Z');
    await world.as('beneficiaire').marksDone(`${withProgramme.id}:volunteer-training`);
    expect((await statuses(withProgramme))['volunteer-training']).toBe('FULFILLED');

    const refused = await world.server.graphql(await world.tokenOf('beneficiaire'), MARK, {
      c: `${without.id}:volunteer-training`,
    });
    expect(errorCode(refused)).toBe('NOT_FOUND');
  });

  it('over three years: the yearly programme report confirmed, then both end in March 2027 with the same commitments', async () => {
    await world.when.clockReaches('2025-02-20T09:00:00Z');
    await world.as('beneficiaire').marksDone(`${withProgramme.id}:digital-report`);
    await world.when.clockReaches('2027-03-02T09:00:00Z');

    const chosen = await read(withProgramme);
    const plain = await read(without);
    expect(chosen.status).toBe('TERMINATED');
    expect(plain.status).toBe('TERMINATED');
    expect(chosen.commitments.map((c) => c.key)).toEqual([
      'activity-report',
      'funding',
      'volunteer-training',
      'digital-report',
    ]);
    expect(plain.commitments.map((c) => c.key)).toEqual(['activity-report', 'funding']);
    expect((await statuses(withProgramme))['volunteer-training']).toBe('FULFILLED');

    await world.then.soundHistory(withProgramme.id);
    await world.then.soundHistory(without.id);
  });

  it('verifies offline: the exported log replays both conventions, with and without the programme', async () => {
    const file = join(world.server.dir, 'options-log.ndjson');
    await world.server.cli('export', '--out', file);
    const { stdout } = await world.server.cli('verify', file);
    expect(stdout).toMatch(/conventions replayed: 2, events: \d+/);
    expect(stdout).toMatch(/VALID\s*$/);
  });
});
