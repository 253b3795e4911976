import { ConventioProcess, GraphQLResponse } from '../support/conventio-process';

type Counted<T> = GraphQLResponse<T> & { extensions?: { sqlStatements?: number } };

/** 23:30 UTC on the eve: already the next day in Paris, at +02:00 in summer and +01:00 in winter. */
const SUMMER = '2010-06-23T23:30:00Z';
const SUMMER_LOCAL = '2010-06-24T01:30:00+02:00';
const WINTER = '2011-01-14T23:30:00Z';
const WINTER_LOCAL = '2011-01-15T00:30:00+01:00';
const JOINT = 'good-practice-tools';

interface LocalConvention {
  timeZone: string;
  createdAt: string;
  createdAtLocal: string;
  updatedAt: string;
  updatedAtLocal: string;
  effectiveOn: string;
  signatures: { signatoryId: string; signedAt: string; signedAtLocal: string }[];
  notice: { givenAt: string; givenAtLocal: string; givenOn: string } | null;
  upcomingDeadlines: { kind: string; dueOn: string; dueAt: string; dueAtLocal: string }[];
  commitments: {
    key: string;
    fulfilledAt: string | null;
    fulfilledAtLocal: string | null;
    confirmations: { partyId: string; confirmedAt: string; confirmedAtLocal: string }[];
  }[];
}

const LOCAL_FIELDS = `timeZone createdAt createdAtLocal updatedAt updatedAtLocal effectiveOn
  signatures { signatoryId signedAt signedAtLocal } notice { givenAt givenAtLocal givenOn }
  upcomingDeadlines { kind dueOn dueAt dueAtLocal }
  commitments { key fulfilledAt fulfilledAtLocal confirmations { partyId confirmedAt confirmedAtLocal } }`;
const UTC_FIELDS = `createdAt updatedAt effectiveOn signatures { signatoryId signedAt } notice { givenAt givenOn }
  upcomingDeadlines { kind dueOn dueAt } commitments { key fulfilledAt confirmations { partyId confirmedAt } }`;

describe('local times over HTTP: every instant of a convention in its time zone (Europe/Paris)', () => {
  let server: ConventioProcess;
  let admin: string;
  let auditor: string;
  let halde: string;
  let amf: string;
  let id: string;

  const read = async (fields: string) => {
    const result = (await server.graphql<{ convention: LocalConvention }>(
      auditor,
      `query($id: ID!) { convention(id: $id) { ${fields} } }`,
      { id },
    )) as Counted<{ convention: LocalConvention }>;
    expect(result.errors).toBeUndefined();
    return { convention: result.data!.convention, statements: result.extensions?.sqlStatements };
  };

  // A server, four tokens and one convention signed in summer, fulfilled and noticed in winter.
  beforeAll(async () => {
    server = await ConventioProcess.start({
      CLOCK: 'manual',
      CLOCK_START: '2010-06-20T08:00:00Z',
      SQL_STATS: '1',
    });
    [admin, auditor, halde, amf] = await Promise.all([
      server.token('admin', 'Administrateur'),
      server.token('auditor', 'Cour des comptes'),
      server.token('representative', 'Jeannette Bougrab', 'halde'),
      server.token('representative', 'Jacques Pélissard', 'amf'),
    ]);
    await server.advance(admin, SUMMER);
    id = (
      await server.ok<{ createConvention: { convention: { id: string } } }>(
        admin,
        'mutation { createConvention(input: { workflowId: "halde-amf-2010" }) { convention { id } } }',
      )
    ).createConvention.convention.id;
    for (const token of [amf, halde]) {
      await server.ok(
        token,
        'mutation($id: ID!) { signConvention(input: { conventionId: $id }) { convention { id } } }',
        {
          id,
        },
      );
    }
  }, 120_000);

  afterAll(async () => {
    await server.dispose();
  });

  it('writes a summer instant at +02:00 on the Paris day: creation, signatures, deadlines', async () => {
    const { convention } = await read(LOCAL_FIELDS);
    expect(convention.timeZone).toBe('Europe/Paris');
    expect(convention.createdAt).toBe('2010-06-23T23:30:00.000Z');
    expect(convention.createdAtLocal).toBe(SUMMER_LOCAL);
    // Signed at 23:30 UTC on the 23rd: in force from the 24th, the day its signatures show.
    expect(convention.effectiveOn).toBe('2010-06-24');
    expect(convention.signatures.map((s) => [s.signatoryId, s.signedAtLocal])).toEqual([
      ['halde-presidente', SUMMER_LOCAL],
      ['amf-president', SUMMER_LOCAL],
    ]);
    expect(convention.updatedAtLocal).toBe(SUMMER_LOCAL);
    expect(convention.upcomingDeadlines.length).toBeGreaterThan(0);
    for (const deadline of convention.upcomingDeadlines) {
      // A deadline fires at the start of its day in Paris: midnight there, never the eve.
      const offset = deadline.dueOn >= '2010-10-31' && deadline.dueOn < '2011-03-27' ? '+01:00' : '+02:00';
      expect(deadline.dueAtLocal).toBe(`${deadline.dueOn}T00:00:00${offset}`);
    }
    const noticeDeadline = convention.upcomingDeadlines.find((d) => d.kind === 'NOTICE_DEADLINE');
    expect(noticeDeadline).toBeDefined();
  });

  it('writes a winter instant at +01:00 on the next Paris day: confirmations, fulfilment, notice, history, conventionAt', async () => {
    await server.advance(admin, WINTER);
    const mark = `mutation($c: ID!) { markCommitmentDone(input: { commitmentId: $c, note: "Guide publié",
      evidenceUrl: "https://example.org/guide" }) { commitment { status } } }`;
    await server.ok(halde, mark, { c: `${id}:${JOINT}` });
    await server.ok(amf, mark, { c: `${id}:${JOINT}` });
    await server.ok(
      halde,
      'mutation($id: ID!) { giveNotice(input: { conventionId: $id, reason: "Fin du partenariat" }) { convention { id } } }',
      { id },
    );

    const { convention } = await read(LOCAL_FIELDS);
    const joint = convention.commitments.find((c) => c.key === JOINT)!;
    expect(joint.fulfilledAt).toBe('2011-01-14T23:30:00.000Z');
    expect(joint.fulfilledAtLocal).toBe(WINTER_LOCAL);
    expect(joint.confirmations.map((c) => [c.partyId, c.confirmedAtLocal])).toEqual([
      ['halde', WINTER_LOCAL],
      ['amf', WINTER_LOCAL],
    ]);
    const unfulfilled = convention.commitments.find((c) => c.fulfilledAt === null);
    expect(unfulfilled?.fulfilledAtLocal).toBeNull();
    expect(convention.notice).toEqual({
      givenAt: '2011-01-14T23:30:00.000Z',
      givenAtLocal: WINTER_LOCAL,
      givenOn: '2011-01-15',
    });
    expect(convention.updatedAtLocal).toBe(WINTER_LOCAL);
    expect(convention.createdAtLocal).toBe(SUMMER_LOCAL);

    const { history } = await server.ok<{
      history: { edges: { node: { type: string; occurredAtLocal: string } }[] };
    }>(
      auditor,
      'query($id: ID!) { history(conventionId: $id) { edges { node { type occurredAtLocal } } } }',
      {
        id,
      },
    );
    const local = (type: string) =>
      history.edges.filter((e) => e.node.type === type).map((e) => e.node.occurredAtLocal);
    expect(local('SIGNATURE_GIVEN')).toEqual([SUMMER_LOCAL, SUMMER_LOCAL]);
    expect(local('NOTICE_GIVEN')).toEqual([WINTER_LOCAL]);

    const { conventionAt } = await server.ok<{
      conventionAt: {
        at: string;
        atLocal: string;
        convention: {
          updatedAtLocal: string;
          commitments: { key: string; fulfilledAtLocal: string | null }[];
        };
      };
    }>(
      auditor,
      `query($id: ID!, $at: String!) { conventionAt(id: $id, at: $at) { at atLocal
        convention { updatedAtLocal commitments { key fulfilledAtLocal } } } }`,
      { id, at: '2011-01-15T00:45:00+01:00' },
    );
    expect(conventionAt.at).toBe('2011-01-14T23:45:00.000Z');
    expect(conventionAt.atLocal).toBe('2011-01-15T00:45:00+01:00');
    expect(conventionAt.convention.updatedAtLocal).toBe(WINTER_LOCAL);
    expect(conventionAt.convention.commitments.find((c) => c.key === JOINT)!.fulfilledAtLocal).toBe(
      WINTER_LOCAL,
    );
  });

  it('costs no SQL statement: the local fields are written from the definition in memory', async () => {
    const utc = await read(UTC_FIELDS);
    const local = await read(LOCAL_FIELDS);
    expect(utc.statements).toBeGreaterThan(0);
    expect(local.statements).toBe(utc.statements);

    const deadlines = async (fields: string) =>
      (
        (await server.graphql(
          auditor,
          `query($id: ID!) { deadlines(filter: { conventionId: $id }) { ${fields} } }`,
          {
            id,
          },
        )) as Counted<unknown>
      ).extensions?.sqlStatements;
    // The conventions of a page of deadlines are loaded in one batch, whatever the number of deadlines.
    expect(await deadlines('kind dueAt dueAtLocal')).toBeLessThanOrEqual(
      (await deadlines('kind dueAt'))! + 1,
    );
  });
});
