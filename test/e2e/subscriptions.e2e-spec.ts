import { ConventioProcess, errorCode, GraphQLResponse } from '../support/conventio-process';
import { grace, LiveClient, LiveSubscription } from '../support/live-client';

const CONVENTION_FIELDS = `id status version signatures { signatoryId signedAt } allowedActions
  commitments { id status }`;
const COMMITMENT_FIELDS = `id key status owners confirmations { partyId } convention { id version }`;

const CONVENTION_CHANGED = `subscription($id: ID!) { conventionChanged(id: $id) { ${CONVENTION_FIELDS} } }`;
const COMMITMENT_CHANGED = `subscription($p: ID!) { commitmentChanged(partyId: $p) { ${COMMITMENT_FIELDS} } }`;

interface ConventionData {
  id: string;
  status: string;
  version: number;
  signatures: { signatoryId: string; signedAt: string | null }[];
  allowedActions: string[];
  commitments: { id: string; status: string }[];
}

interface CommitmentData {
  id: string;
  key: string;
  status: string;
  owners: string[];
  confirmations: { partyId: string }[];
  convention: { id: string; version: number };
}

type ConventionChanged = { conventionChanged: ConventionData };
type CommitmentChanged = { commitmentChanged: CommitmentData };

const SIGN = 'mutation($id: ID!) { signConvention(input: { conventionId: $id }) { convention { status } } }';
const MARK = `mutation($c: ID!) { markCommitmentDone(input: { commitmentId: $c, note: "Fait",
  evidenceUrl: "https://example.org/preuve" }) { commitment { status } convention { version } } }`;
const CREATE =
  'mutation($w: ID!) { createConvention(input: { workflowId: $w }) { convention { id commitments { id owners } } } }';

/** What a client must never see in an error. */
const INTERNALS = /stacktrace|at \w+ \(|node_modules|dist\//;

describe('Live updates over graphql-ws subscriptions', () => {
  let server: ConventioProcess;
  let admin: string;
  let auditor: string;
  let halde: string;
  let amf: string;
  let cnml: string;
  let charte: string;
  let haldeAmf: string;
  let commitments: { id: string; owners: string[] }[];
  const clients: LiveClient[] = [];

  const connect = async (token: string | null, param?: 'authorization' | 'Authorization') => {
    const client = await LiveClient.connect(server.url, token, { param });
    clients.push(client);
    return client;
  };

  const convention = async (id: string) =>
    (
      await server.ok<{ convention: ConventionData }>(
        auditor,
        `query($id: ID!) { convention(id: $id) { ${CONVENTION_FIELDS} } }`,
        { id },
      )
    ).convention;

  /** The error code of the first message of a subscription the server refused. */
  const refusal = async (subscription: LiveSubscription<unknown>) => {
    const message = await subscription.next();
    await subscription.end();
    expect(message.data ?? null).toBeNull();
    expect(JSON.stringify(message)).not.toMatch(INTERNALS);
    return errorCode(message);
  };

  beforeAll(async () => {
    server = await ConventioProcess.start({ CLOCK: 'manual', CLOCK_START: '2010-06-24T08:00:00Z' });
    [admin, auditor, halde, amf, cnml, charte] = await Promise.all([
      server.token('admin', 'Administrateur'),
      server.token('auditor', 'Cour des comptes'),
      server.token('representative', 'Jeannette Bougrab', 'halde'),
      server.token('representative', 'Jacques Pélissard', 'amf'),
      server.token('representative', 'Jean-Pierre Gorges', 'cnml'),
      server.token('representative', 'Claude Bébéar', 'charte-diversite'),
    ]);
    const created = await server.ok<{
      createConvention: { convention: { id: string; commitments: { id: string; owners: string[] }[] } };
    }>(admin, CREATE, { w: 'halde-amf-2010' });
    haldeAmf = created.createConvention.convention.id;
    commitments = created.createConvention.convention.commitments;
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });

  afterAll(async () => {
    await server?.dispose();
  });

  // Connections without a valid token, limits and revocation: abuse-subscriptions.e2e-spec.ts.

  it('refuses NOT_FOUND a representative of a party not in the convention as an unknown id, BAD_USER_INPUT malformed ones', async () => {
    const outsider = await connect(cnml);
    expect(await refusal(await outsider.subscribe(CONVENTION_CHANGED, { id: haldeAmf }))).toBe('NOT_FOUND');
    const watcher = await connect(auditor);
    expect(await refusal(await watcher.subscribe(CONVENTION_CHANGED, { id: 'no-such-convention' }))).toBe(
      'NOT_FOUND',
    );
    expect(await refusal(await watcher.subscribe(COMMITMENT_CHANGED, { p: 'no-such-party' }))).toBe(
      'NOT_FOUND',
    );
    // Malformed operations are the client's fault, as over HTTP.
    expect(await refusal(await watcher.subscribe(CONVENTION_CHANGED, {}))).toBe('BAD_USER_INPUT');
    const unknownField = await watcher.subscribe('subscription { conventionChanged(id: "x") { nope } }');
    await unknownField.end();
    expect((unknownField.failure as GraphQLResponse['errors'])?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const syntax = await watcher.subscribe('subscription { conventionChanged(');
    await syntax.end();
    expect((syntax.failure as GraphQLResponse['errors'])?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify([unknownField.failure, syntax.failure])).not.toMatch(INTERNALS);
    // Over HTTP there is nothing to subscribe to.
    expect(errorCode(await server.graphql(auditor, CONVENTION_CHANGED, { id: haldeAmf }))).toBe(
      'BAD_USER_INPUT',
    );
  });

  it('delivers the convention to conventionChanged within a second of a write over HTTP', async () => {
    const watching = await (
      await connect(auditor)
    ).subscribe<ConventionChanged>(CONVENTION_CHANGED, {
      id: haldeAmf,
    });
    // A representative of a party to it may follow it too (`Authorization` works as well).
    const party = await (
      await connect(amf, 'Authorization')
    ).subscribe<ConventionChanged>(CONVENTION_CHANGED, {
      id: haldeAmf,
    });

    const started = Date.now();
    await server.ok(amf, SIGN, { id: haldeAmf });
    const first = await watching.next(1_000);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(first.errors).toBeUndefined();
    expect(first.data?.conventionChanged).toMatchObject({ id: haldeAmf, status: 'DRAFT', version: 2 });
    expect(
      first.data?.conventionChanged.signatures.find((s) => s.signatoryId === 'amf-president')?.signedAt,
    ).not.toBeNull();
    // allowedActions is the subscriber's own: the auditor may do nothing, AMF has signed already.
    expect(first.data?.conventionChanged.allowedActions).toEqual([]);
    expect((await party.next()).data?.conventionChanged).toMatchObject({ status: 'DRAFT', version: 2 });

    // A client that left receives nothing more.
    party.stop();
    await server.ok(halde, SIGN, { id: haldeAmf });
    const second = (await watching.next(1_000)).data!.conventionChanged;
    // Signed, then in force at once: one commit of two events (versions 3 and 4), one delivery.
    expect(second).toMatchObject({ status: 'ACTIVE', version: 4 });
    expect(second.commitments.every((c) => c.status === 'IN_EFFECT')).toBe(true);
    // The same object as `query { convention(id) }`, read after the commit.
    expect(second).toEqual(await convention(haldeAmf));
    await grace();
    expect(party.untaken).toEqual([]);
    expect(watching.untaken).toEqual([]);
  });

  it('delivers to commitmentChanged(partyId) the commitments a markCommitmentDone changed', async () => {
    const haldeOnly = commitments.find((c) => c.owners.length === 1 && c.owners[0] === 'halde')!;
    const joint = commitments.find((c) => c.owners.length === 2)!;
    const haldeClient = await connect(halde);
    const ofHalde = await haldeClient.subscribe<CommitmentChanged>(COMMITMENT_CHANGED, { p: 'halde' });
    // Another party's commitments, in a convention both are in: filtered, not refused.
    const ofAmfForHalde = await haldeClient.subscribe<CommitmentChanged>(COMMITMENT_CHANGED, { p: 'amf' });
    const ofAmf = await (await connect(amf)).subscribe<CommitmentChanged>(COMMITMENT_CHANGED, { p: 'amf' });

    const marked = await server.ok<{ markCommitmentDone: { convention: { version: number } } }>(halde, MARK, {
      c: haldeOnly.id,
    });
    const done = (await ofHalde.next()).data!.commitmentChanged;
    expect(done).toMatchObject({ id: haldeOnly.id, status: 'FULFILLED', owners: ['halde'] });
    expect(done.confirmations).toEqual([{ partyId: 'halde' }]);
    expect(done.convention).toEqual({ id: haldeAmf, version: marked.markCommitmentDone.convention.version });
    // The same object as `query { commitment(id) }`.
    const queried = await server.ok<{ commitment: CommitmentData }>(
      auditor,
      `query($id: ID!) { commitment(id: $id) { ${COMMITMENT_FIELDS} } }`,
      { id: haldeOnly.id },
    );
    expect(done).toEqual(queried.commitment);

    await server.ok(amf, MARK, { c: joint.id });
    for (const subscription of [ofHalde, ofAmf, ofAmfForHalde]) {
      const half = (await subscription.next()).data!.commitmentChanged;
      expect(half).toMatchObject({ id: joint.id, status: 'IN_EFFECT', confirmations: [{ partyId: 'amf' }] });
    }
    await grace();
    // AMF owns no part of the HALDE-only commitment.
    expect(ofAmf.untaken).toEqual([]);
    expect(ofAmfForHalde.untaken).toEqual([]);
    expect(ofHalde.untaken).toEqual([]);
  });

  it('never gives a representative a commitment of a convention its party is not in', async () => {
    const outsider = await connect(halde);
    const cnmlForHalde = await outsider.subscribe<CommitmentChanged>(COMMITMENT_CHANGED, { p: 'cnml' });
    const ofHalde = await outsider.subscribe<CommitmentChanged>(COMMITMENT_CHANGED, { p: 'halde' });
    const cnmlForAuditor = await (
      await connect(auditor)
    ).subscribe<CommitmentChanged>(COMMITMENT_CHANGED, {
      p: 'cnml',
    });
    const cnmlForCnml = await (
      await connect(cnml)
    ).subscribe<CommitmentChanged>(COMMITMENT_CHANGED, {
      p: 'cnml',
    });

    // A convention of another workflow, between the Charte de la diversité and the CNML.
    const created = await server.ok<{
      createConvention: { convention: { id: string; commitments: { id: string; owners: string[] }[] } };
    }>(admin, CREATE, { w: 'charte-diversite-cnml-2009' });
    const other = created.createConvention.convention;
    const ofCnml = other.commitments.filter((c) => c.owners.includes('cnml')).map((c) => c.id);
    expect(ofCnml.length).toBeGreaterThan(0);
    await server.ok(charte, SIGN, { id: other.id });
    await server.ok(cnml, SIGN, { id: other.id });
    await server.ok(cnml, MARK, { c: ofCnml[0] });

    // Its parties' and the auditor's subscriptions see the CNML commitments change...
    for (const subscription of [cnmlForAuditor, cnmlForCnml]) {
      const fulfilled = await subscription.nextMatching(
        (d) => d.commitmentChanged.id === ofCnml[0] && d.commitmentChanged.status === 'FULFILLED',
      );
      expect(fulfilled.commitmentChanged.convention.id).toBe(other.id);
      expect(subscription.messages.every((m) => ofCnml.includes(m.data!.commitmentChanged.id))).toBe(true);
    }
    // ...HALDE's, for the CNML's commitments or its own, nothing at all.
    await grace();
    expect(cnmlForHalde.messages).toEqual([]);
    expect(ofHalde.messages).toEqual([]);
  });

  it('delivers what a deadline fired by the scheduler changed', async () => {
    const watching = await (
      await connect(auditor)
    ).subscribe<ConventionChanged>(CONVENTION_CHANGED, {
      id: haldeAmf,
    });
    const before = await convention(haldeAmf);
    const next = await server.ok<{ convention: { upcomingDeadlines: { dueAt: string }[] } }>(
      auditor,
      'query($id: ID!) { convention(id: $id) { upcomingDeadlines { dueAt } } }',
      { id: haldeAmf },
    );
    const fired = await server.advance(admin, next.convention.upcomingDeadlines[0]!.dueAt);
    expect(fired.length).toBeGreaterThan(0);
    const after = await watching.nextMatching((d) => d.conventionChanged.version > before.version);
    expect(after.conventionChanged.id).toBe(haldeAmf);
  });
});
