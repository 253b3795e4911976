import { ConventioProcess, errorCode } from '../support/conventio-process';
import { signatureValid, WebhookReceiver } from '../support/webhook-receiver';

/** A party's own system receives the events it wants, signed, once each, through failures. */
describe('webhooks', () => {
  let receiver: WebhookReceiver;
  let server: ConventioProcess;
  let admin: string;
  let amf: string;
  let auditor: string;
  let secret: string;
  let conventionId: string;

  const ADD = `mutation($p: ID!, $u: String!) { addWebhook(input: { partyId: $p, url: $u }) { secret endpoint { id } } }`;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    server = await ConventioProcess.start({
      CLOCK: 'manual',
      CLOCK_START: '2010-06-24T08:00:00Z',
      WEBHOOK_ALLOW_LOCAL: 'true',
      DISPATCH_INTERVAL_MS: '100',
      OUTBOX_RETRY_BASE_MS: '100',
    });
    ({ admin, amf, auditor } = await server.haldeAmfTokens());
    const added = await server.cli(
      'webhook',
      'add',
      '--party',
      'halde',
      '--url',
      receiver.url,
      '--events',
      'SIGNATURE_GIVEN,NOTICE_GIVEN',
    );
    secret = /^secret:\s+(whsec_\S+)$/m.exec(added.stdout)![1]!;
    const created = await server.ok<{ createConvention: { convention: { id: string } } }>(
      admin,
      'mutation { createConvention(input: { workflowId: "halde-amf-2010" }) { convention { id } } }',
    );
    conventionId = created.createConvention.convention.id;
  }, 60_000);

  afterAll(async () => {
    await server.dispose();
    await receiver.close();
  });

  it('delivers once to a receiver that fails three times, with four attempts recorded', async () => {
    receiver.failFirst = 3;
    await server.ok(
      amf,
      'mutation($id: ID!) { signConvention(input: { conventionId: $id }) { convention { id } } }',
      {
        id: conventionId,
      },
    );
    await receiver.waitFor(1);
    expect(receiver.deliveries.map((d) => d.status)).toEqual([500, 500, 500, 204]);
    expect(new Set(receiver.deliveries.map((d) => d.headers['webhook-id'])).size).toBe(1);
    // The receiver has the 204 before the dispatcher records it: read the outbox until it settles.
    type Outbox = {
      outbox: {
        edges: { node: { status: string; attempts: number; attemptLog: { error: string | null }[] } }[];
      };
    };
    const read = () =>
      server.ok<Outbox>(
        admin,
        'query($id: ID!) { outbox(filter: { conventionId: $id, channel: WEBHOOK }) { edges { node { status attempts attemptLog { error } } } } }',
        { id: conventionId },
      );
    let { outbox } = await read();
    for (let tries = 0; tries < 50 && outbox.edges.some((e) => e.node.status === 'PENDING'); tries += 1) {
      await new Promise((done) => setTimeout(done, 100));
      ({ outbox } = await read());
    }
    expect(outbox.edges.map((e) => e.node)).toEqual([
      {
        status: 'SENT',
        attempts: 4,
        attemptLog: [
          { error: 'receiver answered HTTP 500' },
          { error: 'receiver answered HTTP 500' },
          { error: 'receiver answered HTTP 500' },
          { error: null },
        ],
      },
    ]);
  });

  it('signs each delivery (Standard Webhooks), so that a changed body or another secret is detected', async () => {
    const [delivery] = receiver.accepted();
    expect(delivery!.headers['webhook-id']).toMatch(/^msg_[0-9a-f]{32}$/);
    expect(Number(delivery!.headers['webhook-timestamp'])).toBeGreaterThan(1_700_000_000);
    expect(signatureValid(secret, delivery!)).toBe(true);
    expect(signatureValid(secret, { ...delivery!, body: delivery!.body.replace('amf', 'xyz') })).toBe(false);
    expect(signatureValid(`whsec_${Buffer.from('another secret').toString('base64')}`, delivery!)).toBe(
      false,
    );
  });

  it('carries the event as history shows it', async () => {
    const body = JSON.parse(receiver.accepted()[0]!.body) as { type: string; data: Record<string, unknown> };
    const { history } = await server.ok<{ history: { edges: { node: Record<string, unknown> }[] } }>(
      auditor,
      'query($id: ID!) { history(conventionId: $id) { edges { node { version type occurredAt payload prevHash hash actor { name partyId } } } } }',
      { id: conventionId },
    );
    const signed = history.edges.map((e) => e.node).find((n) => n.type === 'SIGNATURE_GIVEN')!;
    expect(body.type).toBe('SIGNATURE_GIVEN');
    expect(body.data).toMatchObject({
      conventionId,
      version: signed.version,
      occurredAt: signed.occurredAt,
      payload: signed.payload,
      prevHash: signed.prevHash,
      hash: signed.hash,
      actor: expect.objectContaining({ name: 'Jacques Pélissard', partyId: 'amf' }),
    });
  });

  it('lets only an admin register http(s) endpoints, and never shows a secret again', async () => {
    expect(errorCode(await server.graphql(amf, ADD, { p: 'amf', u: 'https://amf.example.org/hooks' }))).toBe(
      'FORBIDDEN',
    );
    expect(errorCode(await server.graphql(admin, ADD, { p: 'amf', u: 'ftp://amf.example.org/hooks' }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(
      errorCode(await server.graphql(admin, ADD, { p: 'amf', u: 'https://user:pw@amf.example.org/' })),
    ).toBe('BAD_USER_INPUT');
    const listed = await server.graphql(admin, '{ webhooks { id partyId url events secret } }');
    expect(errorCode(listed)).toBe('BAD_USER_INPUT');
    const { webhooks } = await server.ok<{ webhooks: unknown[] }>(
      admin,
      '{ webhooks { partyId url events } }',
    );
    expect(webhooks).toEqual([
      { partyId: 'halde', url: receiver.url, events: ['SIGNATURE_GIVEN', 'NOTICE_GIVEN'] },
    ]);
  });
});
