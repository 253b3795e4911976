import { rmSync } from 'node:fs';
import { ConventioProcess, errorCode } from '../support/conventio-process';
import { workflowsWithFixtures } from '../support/workflows-dir';
import { grace, LiveClient } from '../support/live-client';

/**
 * Who reads what, field by field: every query and subscription field of the served schema is
 * asked about a convention by every kind of caller. A field the tables below do not list fails
 * the test, so that a field added later cannot skip the read rule unnoticed.
 */

const UNKNOWN = 'no-such-convention';

/** The convention a probe asks about, and what it takes to name its parts. */
interface Target {
  id: string;
  /** A commitment of it. */
  commitmentId: string;
  /** One of its parties, for the `partyId` filters. */
  partyId: string;
  checkpointSize: number;
}

type Data = Record<string, unknown>;
type Edges = { totalCount: number; edges: { node: Record<string, unknown> }[] };

/**
 * `one`: asks for the target itself; NOT_FOUND, as an unknown id, when the caller may not read it.
 * `party`: as `one`, but answered to the representatives of its parties only: FORBIDDEN to its other readers.
 * `list`: lists across conventions; the target is neither listed nor counted when hidden.
 * `global`: names no convention; the same for every token.
 * `admin`: names no convention; an admin's alone, FORBIDDEN to every other token.
 */
type Probe =
  | { kind: 'one'; query: string; variables: (t: Target) => Data; shows: (data: Data, t: Target) => boolean }
  | {
      kind: 'party';
      query: string;
      variables: (t: Target) => Data;
      shows: (data: Data, t: Target) => boolean;
    }
  | { kind: 'list'; query: string; variables: (t: Target) => Data; shows: (data: Data, t: Target) => boolean }
  | { kind: 'global'; query: string; variables: (t: Target) => Data }
  | { kind: 'admin'; query: string; variables: (t: Target) => Data };

const CONVENTION_FIELDS = `id title status version parties { id } signatures { signatoryId } diagram(format: MERMAID)
  evaluation { dueOn } pastEvaluations { dueOn } notice { reason } formalNotices { commitmentKey }
  meetings { committee } amendments { id summary status } allowedActions upcomingDeadlines { kind dueOn }
  commitments { id status confirmations { partyId note evidenceUrl } allowedActions convention { id } }`;
const COMMITMENT_FIELDS = `id conventionId status confirmations { note evidenceUrl } allowedActions
  convention { id amendments { summary } commitments { id } }`;

const ids = (connection: unknown): string[] =>
  (connection as Edges).edges.map((e) => String(e.node.id ?? e.node.conventionId));
const counted = (connection: unknown): boolean =>
  (connection as Edges).totalCount === (connection as Edges).edges.length;

const QUERY_PROBES: Record<string, Probe> = {
  convention: {
    kind: 'one',
    query: `query($id: ID!) { convention(id: $id) { ${CONVENTION_FIELDS} } }`,
    variables: (t) => ({ id: t.id }),
    shows: (d, t) => (d.convention as { id: string }).id === t.id,
  },
  commitment: {
    kind: 'one',
    query: `query($id: ID!) { commitment(id: $id) { ${COMMITMENT_FIELDS} } }`,
    variables: (t) => ({ id: t.commitmentId }),
    shows: (d, t) => (d.commitment as { conventionId: string }).conventionId === t.id,
  },
  history: {
    kind: 'one',
    query: `query($id: ID!) { history(conventionId: $id) { totalCount edges { node { version type payload
      occurredAtLocal timeZone actor { partyId } } } } }`,
    variables: (t) => ({ id: t.id }),
    shows: (d) => (d.history as Edges).totalCount > 0,
  },
  verifyHistory: {
    kind: 'one',
    query: 'query($id: ID!) { verifyHistory(conventionId: $id) { valid eventCount } }',
    variables: (t) => ({ id: t.id }),
    shows: (d) => (d.verifyHistory as { valid: boolean }).valid,
  },
  conventionAt: {
    kind: 'one',
    query: `query($id: ID!) { conventionAt(id: $id, at: "2010-12-31T00:00:00Z") { version
      convention { ${CONVENTION_FIELDS} } } }`,
    variables: (t) => ({ id: t.id }),
    shows: (d, t) => (d.conventionAt as { convention: { id: string } }).convention.id === t.id,
  },
  eventProof: {
    kind: 'one',
    query: `query($id: ID!, $size: Int!) { eventProof(conventionId: $id, version: 1, checkpointSize: $size) {
      logIndex leafHash proof } }`,
    variables: (t) => ({ id: t.id, size: t.checkpointSize }),
    shows: (d) => typeof (d.eventProof as { leafHash: string }).leafHash === 'string',
  },
  conventions: {
    kind: 'list',
    query: `query($party: ID!) {
      all: conventions(first: 100) { totalCount edges { node { id commitments { id } } } }
      ofParty: conventions(filter: { partyId: $party }, first: 100) { totalCount edges { node { id } } } }`,
    variables: (t) => ({ party: t.partyId }),
    shows: (d, t) => {
      expect(counted(d.all) && counted(d.ofParty)).toBe(true);
      return ids(d.all).includes(t.id) || ids(d.ofParty).includes(t.id);
    },
  },
  commitments: {
    kind: 'list',
    query: `query($party: ID!, $id: ID!) {
      all: commitments(first: 100) { totalCount edges { node { id conventionId convention { id } } } }
      ofParty: commitments(filter: { partyId: $party }, first: 100) { totalCount edges { node { conventionId } } }
      dueSoon: commitments(filter: { partyId: $party, dueBefore: "2030-01-01" }, first: 100) {
        totalCount edges { node { conventionId } } }
      inIt: commitments(filter: { conventionId: $id }, first: 100) { totalCount edges { node { conventionId } } } }`,
    variables: (t) => ({ party: t.partyId, id: t.id }),
    shows: (d, t) => {
      const lists = [d.all, d.ofParty, d.dueSoon, d.inIt];
      expect(lists.every(counted)).toBe(true);
      const all = (d.all as Edges).edges.map(
        (e) => e.node as { conventionId: string; convention: { id: string } },
      );
      expect(all.every((c) => c.convention.id === c.conventionId)).toBe(true);
      return lists.some((list) => ids(list).includes(t.id));
    },
  },
  deadlines: {
    kind: 'list',
    query: `query($party: ID!, $id: ID!) {
      all: deadlines(first: 500) { conventionId }
      ofParty: deadlines(filter: { partyId: $party }, first: 500) { conventionId }
      ofIt: deadlines(filter: { conventionId: $id }, first: 500) { conventionId lastDay daysLeft
        consequence { kind text } } }`,
    variables: (t) => ({ party: t.partyId, id: t.id }),
    shows: (d, t) =>
      [d.all, d.ofParty, d.ofIt].some((list) =>
        (list as { conventionId: string }[]).some((deadline) => deadline.conventionId === t.id),
      ),
  },
  noticePreview: {
    kind: 'party',
    query: 'query($id: ID!) { noticePreview(conventionId: $id) { allowed effectiveOn reason } }',
    variables: (t) => ({ id: t.id }),
    shows: (d) => typeof (d.noticePreview as { allowed: boolean }).allowed === 'boolean',
  },
  commitmentsByUrgency: {
    kind: 'list',
    query: `query($party: ID!) { commitmentsByUrgency(partyId: $party, first: 100) { totalCount
      edges { node { conventionId awaitingConfirmationFrom convention { id } } } } }`,
    variables: (t) => ({ party: t.partyId }),
    shows: (d, t) => {
      expect(counted(d.commitmentsByUrgency)).toBe(true);
      return ids(d.commitmentsByUrgency).includes(t.id);
    },
  },
  auditKey: { kind: 'global', query: 'query { auditKey { keyId } }', variables: () => ({}) },
  checkpoints: {
    kind: 'global',
    query: 'query { checkpoints(first: 5) { totalCount edges { node { size } } } }',
    variables: () => ({}),
  },
  consistencyProof: {
    kind: 'global',
    query: 'query($size: Int!) { consistencyProof(fromSize: 1, toSize: $size) { proof } }',
    variables: (t) => ({ size: t.checkpointSize }),
  },
  latestCheckpoint: { kind: 'global', query: 'query { latestCheckpoint { size } }', variables: () => ({}) },
  me: { kind: 'global', query: 'query { me { id role } }', variables: () => ({}) },
  now: { kind: 'global', query: 'query { now }', variables: () => ({}) },
  workflow: {
    kind: 'global',
    query: 'query { workflow(id: "halde-amf-2010") { id } }',
    variables: () => ({}),
  },
  workflows: { kind: 'global', query: 'query { workflows { id } }', variables: () => ({}) },
  calendarFeeds: {
    kind: 'admin',
    query: 'query { calendarFeeds(first: 5) { edges { node { id partyId } } } }',
    variables: () => ({}),
  },
  contacts: { kind: 'admin', query: 'query { contacts { id partyId } }', variables: () => ({}) },
  webhooks: { kind: 'admin', query: 'query { webhooks { id partyId } }', variables: () => ({}) },
  outbox: {
    kind: 'admin',
    query: 'query { outbox(first: 5) { edges { node { id recipient subject } } } }',
    variables: () => ({}),
  },
  notificationStatus: {
    kind: 'admin',
    query: 'query { notificationStatus { emailConfigured partiesWithoutContact } }',
    variables: () => ({}),
  },
};

/** Subscription fields: `one` refuses NOT_FOUND at subscribe time, `list` filters what it delivers. */
const SUBSCRIPTION_PROBES: Record<
  string,
  { kind: 'one' | 'list'; query: string; variables: (t: Target) => Data }
> = {
  conventionChanged: {
    kind: 'one',
    query: `subscription($id: ID!) { conventionChanged(id: $id) { ${CONVENTION_FIELDS} } }`,
    variables: (t) => ({ id: t.id }),
  },
  commitmentChanged: {
    kind: 'list',
    query: `subscription($party: ID!) { commitmentChanged(partyId: $party) { ${COMMITMENT_FIELDS} } }`,
    variables: (t) => ({ party: t.partyId }),
  },
};

const SIGN = 'mutation($id: ID!) { signConvention(input: { conventionId: $id }) { convention { status } } }';
const MARK = `mutation($c: ID!) { markCommitmentDone(input: { commitmentId: $c, note: "Note interne",
  evidenceUrl: "https://example.org/preuve-interne" }) { commitment { status } } }`;
const REOPEN = `mutation($c: ID!) { reopenCommitment(input: { commitmentId: $c, reason: "À refaire" }) {
  commitment { status } } }`;
const CREATE = 'mutation($w: ID!) { createConvention(input: { workflowId: $w }) { convention { id } } }';
const PROPOSE = `mutation($id: ID!) { proposeAmendment(input: { conventionId: $id, summary: "Avenant confidentiel",
  changes: { evaluationCadence: "P2Y" } }) { convention { amendments { id } } } }`;

describe('Party-scoped reads', () => {
  let server: ConventioProcess;
  let workflowsDir: string;
  const tokens: Record<string, string> = {};
  let haldeAmf: Target;
  let published: Target;
  const clients: LiveClient[] = [];

  /** Each caller, the convention it asks about, and whether it may read it (null: no token). */
  const cases = (): {
    caller: string;
    token: () => string | null;
    target: () => Target;
    reads: boolean | null;
  }[] => [
    { caller: 'admin', token: () => tokens.admin!, target: () => haldeAmf, reads: true },
    { caller: 'auditor', token: () => tokens.auditor!, target: () => haldeAmf, reads: true },
    {
      caller: 'representative of a party in it',
      token: () => tokens.halde!,
      target: () => haldeAmf,
      reads: true,
    },
    {
      caller: 'representative of a party not in it',
      token: () => tokens.cnml!,
      target: () => haldeAmf,
      reads: false,
    },
    {
      caller: 'representative of a party not in a public one',
      token: () => tokens.cnml!,
      target: () => published,
      reads: true,
    },
    {
      caller: 'representative of a party in a public one',
      token: () => tokens.associationA!,
      target: () => published,
      reads: true,
    },
    { caller: 'auditor, public one', token: () => tokens.auditor!, target: () => published, reads: true },
    { caller: 'no token', token: () => null, target: () => haldeAmf, reads: null },
    { caller: 'no token, public one', token: () => null, target: () => published, reads: null },
  ];

  /** The same request about an id nobody has: what a hidden convention must look like. */
  const unknownTwin = (t: Target): Target => ({
    ...t,
    id: UNKNOWN,
    commitmentId: t.commitmentId.replace(t.id, UNKNOWN),
  });

  const connect = async (token: string | null) => {
    const client = await LiveClient.connect(server.url, token);
    clients.push(client);
    return client;
  };

  // Eight tokens from the CLI and a server start: over 30 s on a loaded machine.
  beforeAll(async () => {
    // The shipped definitions and one public fixture.
    workflowsDir = workflowsWithFixtures('conventio-read-scope-', ['clause-public']);
    server = await ConventioProcess.start({
      CLOCK: 'manual',
      CLOCK_START: '2010-06-20T08:00:00Z',
      WORKFLOWS_DIR: workflowsDir,
    });
    const issued = await Promise.all([
      server.token('admin', 'Administrateur'),
      server.token('auditor', 'Cour des comptes'),
      server.token('representative', 'Jeannette Bougrab', 'halde'),
      server.token('representative', 'Jacques Pélissard', 'amf'),
      server.token('representative', 'Président du CNML', 'cnml'),
      server.token('representative', 'Claude Bébéar', 'charte-diversite'),
      server.token('representative', 'Président de A', 'association-a'),
      server.token('representative', 'Présidente de B', 'association-b'),
    ]);
    [
      tokens.admin,
      tokens.auditor,
      tokens.halde,
      tokens.amf,
      tokens.cnml,
      tokens.charte,
      tokens.associationA,
      tokens.associationB,
    ] = issued;
    const create = async (workflowId: string) =>
      (
        await server.ok<{ createConvention: { convention: { id: string } } }>(tokens.admin!, CREATE, {
          w: workflowId,
        })
      ).createConvention.convention.id;
    const haldeAmfId = await create('halde-amf-2010');
    const publishedId = await create('clause-public');
    // The CNML's own convention: its lists are not simply empty.
    const charteCnml = await create('charte-diversite-cnml-2009');
    await server.advance(tokens.admin!, '2010-06-24T09:00:00Z');
    for (const [token, id] of [
      [tokens.halde, haldeAmfId],
      [tokens.amf, haldeAmfId],
      [tokens.associationA, publishedId],
      [tokens.associationB, publishedId],
      [tokens.charte, charteCnml],
      [tokens.cnml, charteCnml],
    ] as const) {
      await server.ok(token!, SIGN, { id });
    }
    await server.advance(tokens.admin!, '2010-09-15T10:00:00Z');
    await server.ok(tokens.halde!, MARK, { c: `${haldeAmfId}:halde-shares-information` });
    await server.ok(tokens.halde!, PROPOSE, { id: haldeAmfId });
    const { publishCheckpoint } = await server.ok<{ publishCheckpoint: { size: number } }>(
      tokens.admin!,
      'mutation { publishCheckpoint { size } }',
    );
    haldeAmf = {
      id: haldeAmfId,
      commitmentId: `${haldeAmfId}:halde-shares-information`,
      partyId: 'halde',
      checkpointSize: publishCheckpoint.size,
    };
    published = {
      id: publishedId,
      commitmentId: `${publishedId}:publish-report`,
      partyId: 'association-a',
      checkpointSize: publishCheckpoint.size,
    };
  }, 120_000);

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await server?.dispose();
    rmSync(workflowsDir, { recursive: true, force: true });
  });

  it('has a probe for every query and subscription field the server serves', async () => {
    const { __schema } = await server.ok<{
      __schema: {
        queryType: { fields: { name: string }[] };
        subscriptionType: { fields: { name: string }[] };
      };
    }>(
      tokens.auditor!,
      '{ __schema { queryType { fields { name } } subscriptionType { fields { name } } } }',
    );
    expect(__schema.queryType.fields.map((f) => f.name).sort()).toEqual(Object.keys(QUERY_PROBES).sort());
    expect(__schema.subscriptionType.fields.map((f) => f.name).sort()).toEqual(
      Object.keys(SUBSCRIPTION_PROBES).sort(),
    );
  });

  describe.each(Object.entries(QUERY_PROBES))('query %s', (_field, probe) => {
    it.each(cases().map((c) => [c.caller, c] as const))('for the %s', async (_caller, c) => {
      const target = c.target();
      const result = await server.graphql(c.token(), probe.query, probe.variables(target));
      if (c.reads === null) {
        expect(errorCode(result)).toBe('UNAUTHENTICATED');
        expect(Object.values(result.data ?? {}).filter((value) => value !== null)).toEqual([]);
        return;
      }
      if (probe.kind === 'global') {
        expect(result.errors).toBeUndefined();
        return;
      }
      if (probe.kind === 'admin') {
        if (c.caller === 'admin') expect(result.errors).toBeUndefined();
        else expect(errorCode(result)).toBe('FORBIDDEN');
        return;
      }
      if (probe.kind === 'party' && c.reads) {
        if (!c.caller.startsWith('representative of a party in ')) {
          expect(errorCode(result)).toBe('FORBIDDEN');
          return;
        }
        expect(result.errors).toBeUndefined();
        expect(probe.shows(result.data!, target)).toBe(true);
        return;
      }
      if (probe.kind === 'list' || c.reads) {
        expect(result.errors).toBeUndefined();
        expect(probe.shows(result.data!, target)).toBe(c.reads);
        return;
      }
      // Hidden: exactly what the same request about an unknown id answers, and nothing of it.
      const twin = await server.graphql(c.token(), probe.query, probe.variables(unknownTwin(target)));
      expect(errorCode(twin)).toBe('NOT_FOUND');
      expect(errorCode(result)).toBe('NOT_FOUND');
      expect(result.data ?? null).toBeNull();
      expect(result.errors!.map((e) => e.message.replaceAll(target.id, UNKNOWN))).toEqual(
        twin.errors!.map((e) => e.message),
      );
      expect(JSON.stringify(result)).not.toMatch(/Note interne|preuve-interne|Avenant confidentiel/);
    });
  });

  describe.each(Object.entries(SUBSCRIPTION_PROBES))('subscription %s', (_field, probe) => {
    it.each(cases().map((c) => [c.caller, c] as const))('for the %s', async (_caller, c) => {
      const target = c.target();
      if (c.reads === null) {
        // Without a token the websocket is closed at connection_init: nothing can be subscribed.
        expect((await LiveClient.refused(server.url, null)).code).toBe(4401);
        return;
      }
      const client = await connect(c.token());
      const subscription = await client.subscribe<Data>(probe.query, probe.variables(target));
      try {
        if (probe.kind === 'one' && !c.reads) {
          const twin = await client.subscribe<Data>(probe.query, probe.variables(unknownTwin(target)));
          const [refused, unknown] = [await subscription.next(), await twin.next()];
          expect(errorCode(refused)).toBe('NOT_FOUND');
          expect(refused.errors!.map((e) => e.message.replaceAll(target.id, UNKNOWN))).toEqual(
            unknown.errors!.map((e) => e.message),
          );
          return;
        }
        await touch(target);
        if (c.reads) {
          const delivered = await subscription.next(3_000);
          expect(delivered.errors).toBeUndefined();
          expect(JSON.stringify(delivered.data)).toContain(target.id);
        } else {
          await grace();
          expect(subscription.messages).toEqual([]);
        }
      } finally {
        subscription.stop();
      }
    });
  });

  /** A write to the target that changes a commitment of its first party: confirm, or else reopen, one. */
  async function touch(target: Target): Promise<void> {
    const token = target.id === haldeAmf.id ? tokens.halde! : tokens.associationA!;
    const mark = await server.graphql(token, MARK, { c: target.commitmentId });
    if (!mark.errors) return;
    await server.ok(token, REOPEN, { c: target.commitmentId });
  }

  describe('GET /audit/export?conventionId=', () => {
    const exportUrl = (id: string) =>
      `${server.url.replace(/\/graphql$/, '/audit/export')}?conventionId=${encodeURIComponent(id)}`;
    const download = (token: string | null, id: string) =>
      fetch(exportUrl(id), { headers: token ? { authorization: `Bearer ${token}` } : {} });

    it.each(cases().map((c) => [c.caller, c] as const))('for the %s', async (_caller, c) => {
      const target = c.target();
      const response = await download(c.token(), target.id);
      if (c.reads === null) {
        expect(response.status).toBe(401);
        return;
      }
      if (c.reads) {
        expect(response.status).toBe(200);
        expect(await response.text()).toContain(target.id);
        return;
      }
      const unknown = await download(c.token(), UNKNOWN);
      expect(response.status).toBe(404);
      expect(unknown.status).toBe(404);
      expect((await response.text()).replaceAll(target.id, UNKNOWN)).toBe(await unknown.text());
    });

    it('gives the whole log to auditors and admins only', async () => {
      const whole = (token: string) =>
        fetch(server.url.replace(/\/graphql$/, '/audit/export'), {
          headers: { authorization: `Bearer ${token}` },
        });
      expect((await whole(tokens.auditor!)).status).toBe(200);
      expect((await whole(tokens.admin!)).status).toBe(200);
      expect((await whole(tokens.halde!)).status).toBe(403);
    });
  });

  it('lets a representative read a public convention without acting on it', async () => {
    const result = await server.graphql(tokens.cnml!, MARK, { c: published.commitmentId });
    expect(errorCode(result)).toBe('FORBIDDEN');
    const { convention } = await server.ok<{ convention: { allowedActions: string[]; version: number } }>(
      tokens.cnml!,
      'query($id: ID!) { convention(id: $id) { allowedActions version } }',
      { id: published.id },
    );
    expect(convention.allowedActions).toEqual([]);
    const { workflows } = await server.ok<{ workflows: { id: string; visibility: string }[] }>(
      tokens.cnml!,
      'query { workflows { id visibility } }',
    );
    expect(workflows.find((w) => w.id === 'clause-public')?.visibility).toBe('PUBLIC');
    expect(workflows.find((w) => w.id === 'halde-amf-2010')?.visibility).toBe('PARTIES');
  });

  it('counts for a representative only the conventions it reads, whatever party it filters on', async () => {
    type Counts = { conventions: { totalCount: number }; commitments: { totalCount: number } };
    const counts = (token: string, partyId: string) =>
      server.ok<Counts>(
        token,
        `query($p: ID!) { conventions(filter: { partyId: $p }) { totalCount }
          commitments(filter: { partyId: $p }) { totalCount } }`,
        { p: partyId },
      );
    // The CNML reads its own convention and the public one, never HALDE–AMF.
    expect(await counts(tokens.cnml!, 'halde')).toEqual({
      conventions: { totalCount: 0 },
      commitments: { totalCount: 0 },
    });
    expect((await counts(tokens.cnml!, 'cnml')).conventions.totalCount).toBe(1);
    expect((await counts(tokens.cnml!, 'association-a')).conventions.totalCount).toBe(1);
    const all = await server.ok<{ conventions: { totalCount: number } }>(
      tokens.cnml!,
      'query { conventions { totalCount } }',
    );
    expect(all.conventions.totalCount).toBe(2);
    // The HALDE's representative counts the HALDE's commitments as an auditor does.
    expect(await counts(tokens.halde!, 'halde')).toEqual(await counts(tokens.auditor!, 'halde'));
  });
});
