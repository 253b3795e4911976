import { ConventioProcess, errorCode, GraphQLResponse } from '../support/conventio-process';

type Counted<T> = GraphQLResponse<T> & { extensions?: { sqlStatements?: number } };

interface UrgentCommitment {
  id: string;
  key: string;
  status: string;
  overdue: boolean;
  dueOn: string | null;
  owners: string[];
  awaitingConfirmationFrom: string[];
  convention: { id: string; title: string };
}

interface HomeDeadline {
  conventionId: string;
  kind: string;
  dueOn: string;
  lastDay: string | null;
  daysLeft: number | null;
  consequence: { kind: string; on: string | null; text: string } | null;
}

/** The representative's home in one request: who, its commitments by urgency, its coming deadlines. */
const HOME = `query($party: ID!, $first: Int) {
  me { id name role party { id name } }
  commitmentsByUrgency(first: $first) {
    totalCount
    edges { node { id key status overdue dueOn owners awaitingConfirmationFrom
      occurrences { index dueOn status } convention { id title } } }
  }
  deadlines(filter: { partyId: $party }) {
    conventionId kind dueOn lastDay daysLeft consequence { kind on text }
  }
}`;

describe('reads of the web pages over HTTP: diagrams, notice preview, home, local times', () => {
  let server: ConventioProcess;
  let admin: string;
  let auditor: string;
  let halde: string;
  let amf: string;
  let cget: string;
  let convention: string;
  let draft: string;
  /** Left to renew tacitly. */
  let renewing: string;

  const create = async (workflowId: string) =>
    (
      await server.ok<{ createConvention: { convention: { id: string } } }>(
        admin,
        'mutation($w: ID!) { createConvention(input: { workflowId: $w }) { convention { id } } }',
        { w: workflowId },
      )
    ).createConvention.convention.id;
  const sign = (token: string, id: string) =>
    server.ok(
      token,
      'mutation($id: ID!) { signConvention(input: { conventionId: $id }) { convention { id } } }',
      {
        id,
      },
    );
  const diagram = async (id: string, format: string) =>
    (
      await server.ok<{ convention: { diagram: string } }>(
        admin,
        'query($id: ID!, $f: DiagramFormat!) { convention(id: $id) { diagram(format: $f) } }',
        { id, f: format },
      )
    ).convention.diagram;
  const preview = (token: string, id: string) =>
    server.graphql<{
      noticePreview: {
        allowed: boolean;
        effectiveOn: string | null;
        noticeDeadline: string | null;
        reason: string | null;
        renewsTacitlyOn: string | null;
      };
    }>(
      token,
      'query($id: ID!) { noticePreview(conventionId: $id) { allowed effectiveOn noticeDeadline reason renewsTacitlyOn } }',
      { id },
    );
  const version = async (id: string) =>
    (
      await server.ok<{ convention: { version: number } }>(
        admin,
        'query($id: ID!) { convention(id: $id) { version } }',
        { id },
      )
    ).convention.version;

  // A server, five tokens made with the CLI and three conventions: slow on a busy machine.
  beforeAll(async () => {
    server = await ConventioProcess.start({
      CLOCK: 'manual',
      CLOCK_START: '2010-06-20T08:00:00Z',
      SQL_STATS: '1',
    });
    [admin, auditor, halde, amf, cget] = await Promise.all([
      server.token('admin', 'Administrateur'),
      server.token('auditor', 'Cour des comptes'),
      server.token('representative', 'Jeannette Bougrab', 'halde'),
      server.token('representative', 'Jacques Pélissard', 'amf'),
      server.token('representative', 'Commissaire générale', 'cget'),
    ]);
    convention = await create('halde-amf-2010');
    draft = await create('halde-amf-2010');
    renewing = await create('halde-amf-2010');
    await server.advance(admin, '2010-06-24T09:00:00Z');
    for (const id of [convention, renewing]) {
      await sign(amf, id);
      await sign(halde, id);
    }
  }, 120_000);

  afterAll(async () => {
    await server.dispose();
  });

  describe('Workflow.diagram and Convention.diagram', () => {
    it("draws a definition's lifecycle from its machine in Mermaid, SCXML and SVG", async () => {
      const { workflow } = await server.ok<{
        workflow: { mermaid: string; scxml: string; svg: string; title: string };
      }>(
        halde,
        `{ workflow(id: "halde-amf-2010") { title mermaid: diagram(format: MERMAID) scxml: diagram(format: SCXML)
          svg: diagram(format: SVG) } }`,
      );
      expect(workflow.mermaid).toMatch(/^---\ntitle: .*\n---\nstateDiagram-v2\n/);
      expect(workflow.mermaid).toContain('  [*] --> draft');
      expect(workflow.mermaid).toContain('state "En vigueur" as inForce');
      expect(workflow.mermaid).toContain("signed --> inForce : date d'effet atteinte");
      expect(workflow.mermaid).toContain(
        'inForce_active --> inForce_renewed : délai de préavis écoulé sans préavis',
      );
      expect(workflow.mermaid).not.toContain('class ');

      expect(workflow.scxml).toContain('<scxml xmlns="http://www.w3.org/2005/07/scxml" version="1.0"');
      expect(workflow.scxml).toContain('name="halde-amf-2010" initial="draft"');
      expect(workflow.scxml).toContain('<state id="inForce" initial="inForce.active">');
      expect(workflow.scxml).toContain('<transition event="TERMINATION_TOOK_EFFECT" target="terminated"/>');

      expect(workflow.svg).toMatch(
        /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" role="img" aria-labelledby="/,
      );
      expect(workflow.svg).toContain(
        `<title id="diagram-halde-amf-2010-1-title">Cycle de vie : ${workflow.title.replace(/'/g, '&apos;')}</title>`,
      );
      for (const label of [
        'En signature',
        'Signée',
        'En vigueur',
        'En cours',
        'Évaluée',
        'Renouvellement acquis',
        'Terminée',
      ]) {
        expect(workflow.svg).toContain(`>${label}</text>`);
      }
      // Laid out: every state box has a position inside the picture.
      const size = /viewBox="0 0 (\d+) (\d+)"/.exec(workflow.svg)!;
      const boxes = [...workflow.svg.matchAll(/<g class="state"[^>]*><rect x="([\d.]+)" y="([\d.]+)"/g)];
      expect(boxes).toHaveLength(7);
      for (const [, x, y] of boxes) {
        expect(Number(x)).toBeLessThan(Number(size[1]));
        expect(Number(y)).toBeLessThan(Number(size[2]));
      }
      expect(workflow.svg).not.toContain('class="state current"');
    });

    it("highlights a convention's current state, and the state it was in at a past instant", async () => {
      const svg = await diagram(convention, 'SVG');
      expect(svg).toContain('<g class="state current" data-state="inForce.active" aria-current="true">');
      expect(svg.match(/class="state current"/g)).toHaveLength(1);
      expect(svg).toContain('État actuel : En cours.');
      expect(await diagram(convention, 'MERMAID')).toContain('  class inForce_active current\n');
      const scxml = await diagram(convention, 'SCXML');
      expect(scxml).toContain('version="1.0" name="halde-amf-2010" initial="inForce.active">');
      expect(scxml).toContain('<!-- current state: inForce.active (En cours) -->');

      expect(await diagram(draft, 'SVG')).toContain(
        '<g class="state current" data-state="draft" aria-current="true">',
      );
      const past = await server.ok<{ conventionAt: { convention: { status: string; diagram: string } } }>(
        auditor,
        'query($id: ID!) { conventionAt(id: $id, at: "2010-06-22T00:00:00Z") { convention { status diagram(format: MERMAID) } } }',
        { id: convention },
      );
      expect(past.conventionAt.convention.status).toBe('DRAFT');
      expect(past.conventionAt.convention.diagram).toContain('  class draft current\n');
    });

    it('is priced: a page of conventions with five diagrams each is refused, with five plain fields accepted', async () => {
      const bare = await server.graphql(
        admin,
        '{ conventions(first: 100) { edges { node { a: status b: status c: status d: status e: status } } } }',
      );
      expect(bare.errors).toBeUndefined();
      const drawn = await server.graphql(
        admin,
        `{ conventions(first: 100) { edges { node { a: diagram(format: SVG) b: diagram(format: SVG)
          c: diagram(format: SVG) d: diagram(format: SVG) e: diagram(format: SVG) } } } }`,
      );
      expect(drawn.errors?.[0]?.message).toMatch(
        /^query cost [\d,]+ exceeds the limit of 10,000 \(QUERY_MAX_COST\)$/,
      );
    });
  });

  describe('noticePreview', () => {
    it("tells a party's representative what notice now would do, as the machine computes it, writing nothing", async () => {
      const before = await version(convention);
      const answer = await preview(amf, convention);
      expect(answer.errors).toBeUndefined();
      expect(answer.data!.noticePreview).toEqual({
        allowed: true,
        effectiveOn: '2010-09-25',
        noticeDeadline: '2011-03-23',
        reason: null,
        renewsTacitlyOn: '2011-06-24',
      });
      expect(await version(convention)).toBe(before);

      await server.advance(admin, '2010-08-02T10:00:00Z');
      const later = (await preview(halde, convention)).data!.noticePreview;
      expect(later.effectiveOn).toBe('2010-11-03');
      const given = await server.ok<{ giveNotice: { convention: { terminationEffectiveOn: string } } }>(
        amf,
        'mutation($id: ID!) { giveNotice(input: { conventionId: $id, reason: "fin du partenariat" }) { convention { terminationEffectiveOn } } }',
        { id: convention },
      );
      expect(given.giveNotice.convention.terminationEffectiveOn).toBe(later.effectiveOn);

      const after = (await preview(halde, convention)).data!.noticePreview;
      expect(after.allowed).toBe(false);
      expect(after.effectiveOn).toBeNull();
      expect(after.reason).toMatch(/cannot give notice/);
      expect(after.renewsTacitlyOn).toBeNull();
    });

    it('refuses other readers: FORBIDDEN for an auditor or admin, NOT_FOUND for who may not read it', async () => {
      expect(errorCode(await preview(auditor, draft))).toBe('FORBIDDEN');
      expect(errorCode(await preview(admin, draft))).toBe('FORBIDDEN');
      expect(errorCode(await preview(cget, draft))).toBe('NOT_FOUND');
      expect(errorCode(await preview(amf, 'no-such-convention'))).toBe('NOT_FOUND');
      expect(
        errorCode(await server.graphql(null, `{ noticePreview(conventionId: "${draft}") { allowed } }`)),
      ).toBe('UNAUTHENTICATED');
    });

    it('says why not for a convention not yet in force', async () => {
      const answer = (await preview(amf, draft)).data!.noticePreview;
      expect(answer.allowed).toBe(false);
      expect(answer.reason).toMatch(/the convention is DRAFT/);
    });
  });

  describe("a representative's home", () => {
    beforeAll(async () => {
      await server.ok(
        amf,
        'mutation($c: ID!) { markCommitmentDone(input: { commitmentId: $c, note: "relais fait" }) { commitment { id } } }',
        { c: `${renewing}:amf-relays-information` },
      );
      await server.ok(
        amf,
        'mutation($c: ID!) { markCommitmentDone(input: { commitmentId: $c, evidenceUrl: "https://amf.example/outils" }) { commitment { id } } }',
        { c: `${renewing}:good-practice-tools` },
      );
    });

    it('ranks commitments by urgency and says who still has to confirm a joint one', async () => {
      const result = await server.ok<{
        commitmentsByUrgency: { totalCount: number; edges: { node: UrgentCommitment }[] };
      }>(
        amf,
        'query { commitmentsByUrgency(first: 100) { totalCount edges { node { id key status overdue dueOn owners awaitingConfirmationFrom convention { id title } } } } }',
      );
      const nodes = result.commitmentsByUrgency.edges.map((e) => e.node);
      expect(result.commitmentsByUrgency.totalCount).toBe(nodes.length);
      // Every commitment AMF owns, alone or jointly, across its three conventions, and nobody else's.
      expect(nodes.every((n) => n.owners.includes('amf'))).toBe(true);
      expect(new Set(nodes.map((n) => n.convention.id))).toEqual(new Set([convention, draft, renewing]));
      const rank = (n: UrgentCommitment) =>
        n.status === 'FULFILLED'
          ? 3
          : n.status === 'IN_EFFECT' || n.status === 'SCHEDULED'
            ? n.overdue
              ? 0
              : 2
            : 4;
      const ranks = nodes.map(rank);
      expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
      // Fulfilled after the open ones, though due-date order alone would not put it there.
      const fulfilled = nodes.findIndex((n) => n.id === `${renewing}:amf-relays-information`);
      expect(nodes[fulfilled]!.status).toBe('FULFILLED');
      expect(nodes.slice(0, fulfilled).every((n) => n.status !== 'FULFILLED')).toBe(true);
      expect(nodes.find((n) => n.id === `${renewing}:good-practice-tools`)!.awaitingConfirmationFrom).toEqual(
        ['halde'],
      );
      expect(
        nodes.find((n) => n.id === `${renewing}:exchange-and-diffuse-information`)!.awaitingConfirmationFrom,
      ).toEqual(['halde', 'amf']);
      expect(nodes[fulfilled]!.awaitingConfirmationFrom).toEqual([]);
    });

    it("pages without overlap; an auditor names the party, a representative another party's in what it may read", async () => {
      const page = (token: string, after: string | null, party: string | null = null) =>
        server.ok<{
          commitmentsByUrgency: {
            edges: { cursor: string; node: { id: string } }[];
            pageInfo: { hasNextPage: boolean };
          };
        }>(
          token,
          'query($a: String, $p: ID) { commitmentsByUrgency(first: 4, after: $a, partyId: $p) { edges { cursor node { id } } pageInfo { hasNextPage } } }',
          { a: after, p: party },
        );
      const all = await server.ok<{ commitmentsByUrgency: { edges: { node: { id: string } }[] } }>(
        amf,
        '{ commitmentsByUrgency(first: 100) { edges { node { id } } } }',
      );
      const seen: string[] = [];
      let after: string | null = null;
      for (;;) {
        const { commitmentsByUrgency: p } = await page(amf, after);
        seen.push(...p.edges.map((e) => e.node.id));
        if (!p.pageInfo.hasNextPage) break;
        after = p.edges[p.edges.length - 1]!.cursor;
      }
      expect(seen).toEqual(all.commitmentsByUrgency.edges.map((e) => e.node.id));

      expect((await page(auditor, null, 'amf')).commitmentsByUrgency.edges.map((e) => e.node.id)).toEqual(
        seen.slice(0, 4),
      );
      expect(errorCode(await server.graphql(auditor, '{ commitmentsByUrgency { totalCount } }'))).toBe(
        'BAD_USER_INPUT',
      );
      // Another party's: only in the conventions the representative may read, as `commitments` answers.
      const theirs = await server.ok<{
        commitmentsByUrgency: { edges: { node: { owners: string[]; conventionId: string } }[] };
      }>(
        cget,
        '{ commitmentsByUrgency(partyId: "halde", first: 100) { edges { node { owners conventionId } } } }',
      );
      expect(theirs.commitmentsByUrgency.edges).toEqual([]);
      const shared = await server.ok<{ commitmentsByUrgency: { edges: { node: { owners: string[] } }[] } }>(
        amf,
        '{ commitmentsByUrgency(partyId: "halde", first: 100) { edges { node { owners } } } }',
      );
      expect(shared.commitmentsByUrgency.edges.length).toBeGreaterThan(0);
      expect(shared.commitmentsByUrgency.edges.every((e) => e.node.owners.includes('halde'))).toBe(true);
    });

    it('gives each coming deadline its last day, the days left and what happens if nobody acts', async () => {
      const { deadlines } = await server.ok<{ deadlines: HomeDeadline[] }>(
        amf,
        'query($id: ID!) { deadlines(filter: { conventionId: $id }) { conventionId kind dueOn lastDay daysLeft consequence { kind on text } } }',
        { id: renewing },
      );
      const notice = deadlines.find((d) => d.kind === 'NOTICE_DEADLINE')!;
      // Today is 2 August 2010 (Paris); the last day to give notice is 23 March 2011.
      expect(notice).toEqual({
        conventionId: renewing,
        kind: 'NOTICE_DEADLINE',
        dueOn: '2011-03-24',
        lastDay: '2011-03-23',
        daysLeft: 233,
        consequence: {
          kind: 'TACIT_RENEWAL',
          on: '2011-06-24',
          text: 'Sans préavis donné au plus tard le 23 mars 2011, la convention est renouvelée tacitement le 24 juin 2011.',
        },
      });
      const termEnd = deadlines.find((d) => d.kind === 'TERM_END')!;
      expect(termEnd.lastDay).toBe('2011-06-23');
      expect(termEnd.consequence?.kind).toBe('EXPIRY');
    });

    it('is one request whose SQL statements do not grow with the number of conventions', async () => {
      const home = async () => {
        const result = (await server.graphql(amf, HOME, { party: 'amf', first: 50 })) as Counted<{
          commitmentsByUrgency: { totalCount: number };
          deadlines: HomeDeadline[];
        }>;
        expect(result.errors).toBeUndefined();
        return { data: result.data!, statements: result.extensions?.sqlStatements };
      };
      const few = await home();
      for (let i = 0; i < 4; i++) {
        const id = await create('halde-amf-2010');
        await sign(amf, id);
        await sign(halde, id);
      }
      const many = await home();
      expect(many.data.commitmentsByUrgency.totalCount).toBeGreaterThan(
        few.data.commitmentsByUrgency.totalCount,
      );
      expect(many.data.deadlines.length).toBeGreaterThan(few.data.deadlines.length);
      expect(few.statements).toBeGreaterThan(0);
      // The two top-level fields resolve concurrently, and the conventions their items name are
      // loaded in one batch or two depending on when each field's rows arrive (5 or 6 statements
      // in practice). Loading per convention would add at least one statement per convention
      // added here (four); one batch more or less is timing, not growth.
      expect(many.statements).toBeLessThanOrEqual(few.statements! + 1);
    });
  });

  it("gives each event of a history its local time in the convention's time zone", async () => {
    const { history } = await server.ok<{
      history: {
        edges: {
          node: {
            type: string;
            occurredAt: string;
            occurredAtLocal: string;
            timeZone: string;
            actor: { name: string; role: string; partyId: string | null };
          };
        }[];
      };
    }>(
      auditor,
      'query($id: ID!) { history(conventionId: $id) { edges { node { type occurredAt occurredAtLocal timeZone actor { name role partyId } } } } }',
      { id: convention },
    );
    const signature = history.edges.find((e) => e.node.type === 'SIGNATURE_GIVEN')!.node;
    expect(signature).toEqual({
      type: 'SIGNATURE_GIVEN',
      occurredAt: '2010-06-24T09:00:00.000Z',
      occurredAtLocal: '2010-06-24T11:00:00+02:00',
      timeZone: 'Europe/Paris',
      actor: { name: 'Jacques Pélissard', role: 'REPRESENTATIVE', partyId: 'amf' },
    });
  });
});
