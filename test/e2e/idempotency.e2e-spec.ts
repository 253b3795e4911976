import { ConventioProcess, errorCode } from '../support/conventio-process';

/** A client that lost an answer sends the same request again, with the same idempotency key. */
describe('idempotency keys on mutations', () => {
  let server: ConventioProcess;
  let admin: string;
  let auditor: string;
  let halde: string;
  let amf: string;

  const CREATE = `mutation($w: ID!, $k: String) {
    createConvention(input: { workflowId: $w, idempotencyKey: $k }) { convention { id status version } } }`;
  const SIGN = `mutation($id: ID!, $k: String) {
    signConvention(input: { conventionId: $id, idempotencyKey: $k }) { convention { id status version } } }`;
  const MARK = `mutation($c: ID!, $note: String, $k: String) {
    markCommitmentDone(input: { commitmentId: $c, note: $note, idempotencyKey: $k }) {
      convention { version } commitment { id status } } }`;

  const eventCount = async (id: string) =>
    (
      await server.ok<{ history: { totalCount: number } }>(
        auditor,
        'query($id: ID!) { history(conventionId: $id) { totalCount } }',
        { id },
      )
    ).history.totalCount;

  const conventionCount = async () =>
    (await server.ok<{ conventions: { totalCount: number } }>(auditor, '{ conventions { totalCount } }'))
      .conventions.totalCount;

  const create = async (key: string | null) =>
    (
      await server.ok<{ createConvention: { convention: { id: string; status: string; version: number } } }>(
        admin,
        CREATE,
        { w: 'halde-amf-2010', k: key },
      )
    ).createConvention.convention;

  const activeConvention = async () => {
    const { id } = await create(null);
    await server.ok(amf, SIGN, { id });
    await server.ok(halde, SIGN, { id });
    return id;
  };

  beforeAll(async () => {
    server = await ConventioProcess.start({ CLOCK: 'manual', CLOCK_START: '2010-06-24T08:00:00Z' });
    ({ admin, auditor, halde, amf } = await server.haldeAmfTokens());
  });

  afterAll(async () => {
    await server.dispose();
  });

  it('answers a retried createConvention with the convention it created, and creates nothing more', async () => {
    const before = await conventionCount();
    const first = await create('create-1');
    const retried = await create('create-1');
    expect(retried).toEqual(first);
    expect(await conventionCount()).toBe(before + 1);
    expect(await eventCount(first.id)).toBe(1);
  });

  it('answers a retried transition with its first answer, even after later changes, and appends nothing', async () => {
    const { id } = await create(null);
    const first = await server.ok<{ signConvention: { convention: { version: number; status: string } } }>(
      amf,
      SIGN,
      { id, k: 'sign-amf' },
    );
    expect(first.signConvention.convention).toMatchObject({ status: 'DRAFT', version: 2 });
    // The HALDE signs: the convention is ACTIVE now (its effective date fired in the same commit).
    await server.ok(halde, SIGN, { id });
    const events = await eventCount(id);

    const retried = await server.ok<{ signConvention: { convention: { version: number; status: string } } }>(
      amf,
      SIGN,
      { id, k: 'sign-amf' },
    );
    expect(retried).toEqual(first);
    expect(await eventCount(id)).toBe(events);
    // Without the key, the same request is a new one, refused by the machine.
    expect(errorCode(await server.graphql(amf, SIGN, { id }))).toBe('INVALID_TRANSITION');
  });

  it('answers the same commitment as the first time', async () => {
    const id = await activeConvention();
    const commitmentId = `${id}:amf-relays-information`;
    const first = await server.ok(amf, MARK, { c: commitmentId, note: 'relayé', k: 'mark-1' });
    expect(first).toEqual({
      markCommitmentDone: {
        convention: { version: 5 },
        commitment: { id: commitmentId, status: 'FULFILLED' },
      },
    });
    const events = await eventCount(id);
    expect(await server.ok(amf, MARK, { c: commitmentId, note: 'relayé', k: 'mark-1' })).toEqual(first);
    expect(await eventCount(id)).toBe(events);
  });

  it('refuses the same key with a different input (CONFLICT) and writes nothing', async () => {
    const id = await activeConvention();
    await server.ok(amf, MARK, { c: `${id}:amf-relays-information`, note: 'relayé', k: 'mark-2' });
    const events = await eventCount(id);
    const reused = await server.graphql(amf, MARK, {
      c: `${id}:amf-joins-halde-working-groups`,
      note: 'autre chose',
      k: 'mark-2',
    });
    expect(errorCode(reused)).toBe('CONFLICT');
    expect(reused.errors?.[0]?.message).toMatch(/idempotency key "mark-2" was already used/);
    expect(await eventCount(id)).toBe(events);
  });

  it('keeps keys per token: another token with the same key makes its own request', async () => {
    const id = await activeConvention();
    const marked = await server.ok<{ markCommitmentDone: { commitment: { status: string } } }>(halde, MARK, {
      c: `${id}:halde-shares-information`,
      k: 'shared-key',
    });
    expect(marked.markCommitmentDone.commitment.status).toBe('FULFILLED');
    const other = await server.ok<{ markCommitmentDone: { commitment: { id: string; status: string } } }>(
      amf,
      MARK,
      { c: `${id}:amf-relays-information`, k: 'shared-key' },
    );
    expect(other.markCommitmentDone.commitment).toEqual({
      id: `${id}:amf-relays-information`,
      status: 'FULFILLED',
    });
  });

  it('applies a request sent several times at once exactly once', async () => {
    const id = await activeConvention();
    const events = await eventCount(id);
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        server.graphql(amf, MARK, { c: `${id}:amf-relays-information`, note: 'en double', k: 'burst' }),
      ),
    );
    for (const answer of answers) expect(answer.errors).toBeUndefined();
    expect(new Set(answers.map((a) => JSON.stringify(a.data))).size).toBe(1);
    expect(await eventCount(id)).toBe(events + 1);
    const created = await Promise.all(Array.from({ length: 4 }, () => create('create-burst')));
    expect(new Set(created.map((c) => c.id)).size).toBe(1);
  });

  it('refuses a blank or oversized key', async () => {
    const id = await activeConvention();
    for (const k of ['   ', 'k'.repeat(201)]) {
      expect(errorCode(await server.graphql(amf, MARK, { c: `${id}:amf-relays-information`, k }))).toBe(
        'BAD_USER_INPUT',
      );
    }
  });

  it('records the key on the event it appended', async () => {
    const id = await activeConvention();
    await server.ok(amf, MARK, { c: `${id}:amf-relays-information`, k: 'on-the-event' });
    const history = await server.ok<{
      history: { edges: { node: { type: string; idempotencyKey: string | null } }[] };
    }>(auditor, 'query($id: ID!) { history(conventionId: $id) { edges { node { type idempotencyKey } } } }', {
      id,
    });
    expect(history.history.edges.map((e) => e.node).pop()).toEqual({
      type: 'COMMITMENT_CONFIRMED',
      idempotencyKey: 'on-the-event',
    });
    const { verifyHistory } = await server.ok<{ verifyHistory: { valid: boolean } }>(
      auditor,
      'query($id: ID!) { verifyHistory(conventionId: $id) { valid } }',
      { id },
    );
    expect(verifyHistory.valid).toBe(true);
  });

  it('refuses a key sent with a lone surrogate (BAD_USER_INPUT) and writes nothing', async () => {
    const id = await activeConvention();
    const events = await eventCount(id);
    // JSON lets a client send "\ud800" alone: it is no character, and the log keeps only well-formed text.
    const refused = await server.graphql(amf, MARK, { c: `${id}:amf-relays-information`, k: 'mark-\ud800' });
    expect(errorCode(refused)).toBe('BAD_USER_INPUT');
    expect(refused.errors?.[0]?.message).toMatch(/lone UTF-16 surrogate U\+D800/);
    expect(await eventCount(id)).toBe(events);
    const { verifyHistory } = await server.ok<{ verifyHistory: { valid: boolean } }>(
      auditor,
      'query($id: ID!) { verifyHistory(conventionId: $id) { valid } }',
      { id },
    );
    expect(verifyHistory.valid).toBe(true);
  });
});
