import { rmSync } from 'node:fs';
import { errorCode } from '../support/graphql-client';
import { PROPOSE, SIGN_AMENDMENT } from '../support/living-amendments';
import { StoryConvention, World } from '../support/story';
import { workflowsWithFixtures } from '../support/workflows-dir';

/**
 * Issue 14, « every clause visible in the API », over HTTP on the manual clock: what a client
 * reads without replaying anything.
 * - After the end, the last evaluation is in `pastEvaluations`, with its assessments (seed 000).
 * - An amended commitment keeps one `lineageId`; `commitment(lineageId:)` answers its current
 *   version, `versions` every one, and `terms` the clause in force of each (seed 000).
 * - A committee meeting's confirmations carry each party's own user (seed 002, rules v3).
 * - « renouvelée par tacite reconduction » with no termination clause renews at each term's end
 *   (test/fixtures/definitions/clause-tacit-no-notice.yaml, rules v3).
 * - `history` pages past 250 events with `first`/`after`.
 * The stories follow the clock: 2010–2011, then 2015–2016, then 2020–2021.
 */

const TACIT = 'clause-tacit-no-notice';

const CONVENTION = `query($id: ID!) { convention(id: $id) {
  status termination { on cause } term { number startsOn endsOn } evaluation { number }
  pastEvaluations { number termNumber completedAt pendingParties
    submissions { partyId assessments { criterion rating } } } } }`;
const COMMITMENT_FIELDS = `id key lineageId status supersedes supersededBy owners
  terms { key owners text shape due } versions { key status }`;
const BY_LINEAGE = `query($l: ID!) { commitment(lineageId: $l) { ${COMMITMENT_FIELDS} } }`;
const BY_ID = `query($id: ID!) { commitment(id: $id) { ${COMMITMENT_FIELDS} } }`;
const BOTH_ARGS = `query($id: ID!) { commitment(id: $id, lineageId: $id) { id } }`;
const RECORD = `mutation($id: ID!, $heldOn: String!, $parties: [ID!]!) {
  recordMeeting(input: { conventionId: $id, committee: "technical", heldOn: $heldOn, attendingParties: $parties }) {
    convention { id } } }`;
const FULFILMENTS = `query($id: ID!) { commitment(id: $id) {
  occurrences { fulfilments { confirmations { partyId userId } } } } }`;
const ME = '{ me { id } }';
const MARK = `mutation($c: ID!) { markCommitmentDone(input: { commitmentId: $c }) { commitment { status } } }`;
const REOPEN = `mutation($c: ID!) { reopenCommitment(input: { commitmentId: $c, reason: "À refaire" }) {
  commitment { status } } }`;
const PAGE = `query($id: ID!, $after: String) { history(conventionId: $id, first: 100, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { version } } } }`;

interface Evaluation {
  number: number;
  termNumber: number;
  completedAt: string | null;
  pendingParties: string[];
  submissions: { partyId: string; assessments: { criterion: string; rating: string }[] }[];
}
interface ConventionData {
  convention: {
    status: string;
    termination: { on: string; cause: string } | null;
    term: { number: number; startsOn: string; endsOn: string | null } | null;
    evaluation: { number: number } | null;
    pastEvaluations: Evaluation[];
  };
}
interface CommitmentData {
  id: string;
  key: string;
  lineageId: string;
  status: string;
  supersedes: string | null;
  supersededBy: string | null;
  owners: string[];
  terms: { key: string; owners: string[]; text: string; shape: string; due: string | null };
  versions: { key: string; status: string }[];
}

describe('what clients read (issue 14)', () => {
  let workflowsDir: string;
  let world: World;

  beforeAll(async () => {
    workflowsDir = workflowsWithFixtures('conventio-client-reads-', [TACIT]);
    world = await World.start({
      CLOCK: 'manual',
      CLOCK_START: '2010-06-20T08:00:00Z',
      WORKFLOWS_DIR: workflowsDir,
    });
  });

  afterAll(async () => {
    await world?.dispose();
    rmSync(workflowsDir, { recursive: true, force: true });
  });

  const read = async (convention: StoryConvention) =>
    (await world.server.ok<ConventionData>(world.auditor, CONVENTION, { id: convention.id })).convention;

  describe('2010–2011, seed 000 (HALDE–AMF)', () => {
    let ended: StoryConvention;
    let amended: StoryConvention;

    beforeAll(async () => {
      ended = await world.given.signed('halde-amf', { on: '2010-06-24T09:00:00Z' });
      amended = await world.given.signed('halde-amf', { on: '2010-06-24T10:00:00Z' });
    });

    it('lists the last evaluation in pastEvaluations once the convention ended, with its assessments', async () => {
      await world.clockReaches('2011-01-05T09:00:00Z');
      await world.as('halde').evaluates(ended);
      await world.as('amf').evaluates(ended);
      await world.as('amf').givesNotice(ended.id, 'Fin du partenariat');
      expect((await read(ended)).pastEvaluations).toEqual([]);

      await world.clockReaches('2011-05-01T09:00:00Z');
      const convention = await read(ended);

      expect(convention.status).toBe('TERMINATED');
      expect(convention.termination?.cause).toBe('NOTICE');
      expect(convention.pastEvaluations).toHaveLength(1);
      const [last] = convention.pastEvaluations;
      expect(last).toMatchObject({ number: 1, termNumber: 1, pendingParties: [] });
      expect(last?.completedAt).not.toBeNull();
      const criteria = await world.criteria('halde-amf');
      expect(last?.submissions).toEqual(
        ['halde', 'amf'].map((partyId) => ({
          partyId,
          assessments: criteria.map((criterion) => ({ criterion, rating: 'MET' })),
        })),
      );
    });

    it('follows a commitment across an amendment by its lineageId, with the terms in force of each version', async () => {
      const lineageId = `${amended.id}:good-practice-tools`;
      const text = 'La HALDE élabore seule les outils de bonnes pratiques, dans les six mois.';
      await world.as('halde').does(PROPOSE, {
        id: amended.id,
        summary: 'Avenant n° 1',
        on: '2011-05-15',
        changes: { changeCommitments: [{ id: 'good-practice-tools', owners: ['halde'], text, due: 'P6M' }] },
      });
      await world.as('halde').does(SIGN_AMENDMENT, { id: amended.id });
      await world.as('amf').does(SIGN_AMENDMENT, { id: amended.id });
      const before = await world.server.ok<{ commitment: CommitmentData }>(world.auditor, BY_LINEAGE, {
        l: lineageId,
      });
      expect(before.commitment).toMatchObject({ key: 'good-practice-tools', lineageId, status: 'IN_EFFECT' });

      await world.clockReaches('2011-05-16T09:00:00Z');
      const current = (
        await world.server.ok<{ commitment: CommitmentData }>(world.auditor, BY_LINEAGE, { l: lineageId })
      ).commitment;
      const first = (
        await world.server.ok<{ commitment: CommitmentData }>(world.auditor, BY_ID, { id: lineageId })
      ).commitment;

      expect(current).toMatchObject({
        id: `${amended.id}:good-practice-tools.v2`,
        key: 'good-practice-tools.v2',
        lineageId,
        status: 'IN_EFFECT',
        supersedes: 'good-practice-tools',
        owners: ['halde'],
        terms: { key: 'good-practice-tools.v2', owners: ['halde'], text, shape: 'ONE_OFF', due: 'P6M' },
      });
      expect(first).toMatchObject({
        lineageId,
        status: 'WAIVED',
        supersededBy: 'good-practice-tools.v2',
        terms: { key: 'good-practice-tools', owners: ['halde', 'amf'], due: null },
      });
      expect(first.terms.text).not.toBe(text);
      const versions = [
        { key: 'good-practice-tools', status: 'WAIVED' },
        { key: 'good-practice-tools.v2', status: 'IN_EFFECT' },
      ];
      expect(current.versions).toEqual(versions);
      expect(first.versions).toEqual(versions);
    });

    it('answers a lineageId that is not a first version’s, and both arguments at once, with typed errors', async () => {
      const notFound = await world.server.graphql(world.auditor, BY_LINEAGE, {
        l: `${amended.id}:good-practice-tools.v2`,
      });
      expect(errorCode(notFound)).toBe('NOT_FOUND');
      const both = await world.server.graphql(world.auditor, BOTH_ARGS, {
        id: `${amended.id}:good-practice-tools`,
      });
      expect(errorCode(both)).toBe('BAD_USER_INPUT');
    });
  });

  describe('2015–2016, seed 002 (CGET–Défenseur des droits)', () => {
    it('gives each party’s confirmation of a meeting its own user: the recorder’s, none for a party only named', async () => {
      const cget = await world.given.signed('cget-defenseur', { on: '2015-11-17T09:00:00Z' });
      await world.clockReaches('2016-03-02T09:00:00Z');
      const token = await world.tokenOf('cget');
      await world.server.ok(token, RECORD, {
        id: cget.id,
        heldOn: '2016-03-01',
        parties: ['cget', 'defenseur-des-droits'],
      });
      const me = (await world.server.ok<{ me: { id: string } }>(token, ME)).me.id;

      const read = await world.server.ok<{
        commitment: {
          occurrences: { fulfilments: { confirmations: { partyId: string; userId: string | null }[] }[] }[];
        };
      }>(world.auditor, FULFILMENTS, { id: `${cget.id}:technical-committee-meetings` });

      expect(read.commitment.occurrences[0]?.fulfilments).toEqual([
        {
          confirmations: [
            { partyId: 'cget', userId: me },
            { partyId: 'defenseur-des-droits', userId: null },
          ],
        },
      ]);
    });
  });

  describe('2020–2021, tacit renewal without a notice clause', () => {
    let tacit: StoryConvention;

    beforeAll(async () => {
      tacit = await world.given.signed(TACIT, { on: '2020-01-15T09:00:00Z' });
    });

    it('renews at the end of its first term instead of expiring', async () => {
      expect((await read(tacit)).term).toEqual({ number: 1, startsOn: '2020-01-15', endsOn: '2021-01-14' });

      await world.clockReaches('2021-01-16T09:00:00Z');
      const convention = await read(tacit);

      expect(convention.status).toBe('ACTIVE');
      expect(convention.termination).toBeNull();
      expect(convention.term).toEqual({ number: 2, startsOn: '2021-01-15', endsOn: '2022-01-14' });
      const history = await world.then.soundHistory(tacit.id);
      expect(history.map((e) => e.type)).toEqual(
        expect.arrayContaining(['NOTICE_DEADLINE_PASSED', 'TERM_ENDED']),
      );
    });

    it('pages its history past 250 events with first and after, each event once and in order', async () => {
      const [a, b] = await world.tokensOf('association-a', 'association-b');
      const contact = `${tacit.id}:contact-person`;
      for (let i = 0; i < 90; i++) {
        await world.server.ok(a!, MARK, { c: contact });
        await world.server.ok(b!, MARK, { c: contact });
        await world.server.ok(a!, REOPEN, { c: contact });
      }
      const versions: number[] = [];
      let after: string | null = null;
      let pages = 0;
      let totalCount = 0;
      for (;;) {
        const page: {
          history: {
            totalCount: number;
            pageInfo: { hasNextPage: boolean; endCursor: string | null };
            edges: { node: { version: number } }[];
          };
        } = await world.server.ok(world.auditor, PAGE, { id: tacit.id, after });
        pages++;
        totalCount = page.history.totalCount;
        expect(page.history.edges.length).toBeLessThanOrEqual(100);
        versions.push(...page.history.edges.map((e) => e.node.version));
        if (!page.history.pageInfo.hasNextPage) break;
        after = page.history.pageInfo.endCursor;
      }

      expect(totalCount).toBeGreaterThan(250);
      expect(pages).toBe(Math.ceil(totalCount / 100));
      expect(versions).toEqual(Array.from({ length: totalCount }, (_, i) => i + 1));
    }, 120_000);
  });
});
