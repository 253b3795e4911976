import { ConventioProcess, errorCode } from '../support/conventio-process';

/** An admin says who at each party is told about its conventions; without SMTP nothing is lost. */
describe('contacts', () => {
  let server: ConventioProcess;
  let admin: string;
  let amf: string;
  let halde: string;

  const ADD = `mutation($p: ID!, $e: String!, $n: String!, $l: ContactLanguage, $k: [ContactMessageKind!]) {
    addContact(input: { partyId: $p, email: $e, name: $n, language: $l, kinds: $k }) { id partyId email language kinds } }`;
  const STATUS =
    '{ notificationStatus { emailConfigured partiesWithoutContact pending undeliverable dead } }';

  beforeAll(async () => {
    server = await ConventioProcess.start({ CLOCK: 'manual', CLOCK_START: '2010-06-24T08:00:00Z' });
    ({ admin, amf, halde } = await server.haldeAmfTokens());
  });

  afterAll(async () => {
    await server.dispose();
  });

  it('adds a contact through GraphQL, normalising the address, and lists it', async () => {
    const { addContact } = await server.ok<{ addContact: { id: string; email: string; kinds: string[] } }>(
      admin,
      ADD,
      {
        p: 'amf',
        e: ' Secretariat@AMF.asso.fr ',
        n: 'Secrétariat AMF',
      },
    );
    expect(addContact).toMatchObject({
      email: 'secretariat@amf.asso.fr',
      language: 'FR',
      kinds: ['NOTICES', 'REMINDERS'],
    });
    const { contacts } = await server.ok<{ contacts: { id: string }[] }>(
      admin,
      '{ contacts(partyId: "amf") { id } }',
    );
    expect(contacts.map((c) => c.id)).toEqual([addContact.id]);
  });

  it('refuses a bad address, an unknown party, a duplicate and a representative, changing nothing', async () => {
    expect(errorCode(await server.graphql(admin, ADD, { p: 'amf', e: 'not-an-address', n: 'X' }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(errorCode(await server.graphql(admin, ADD, { p: 'amf', e: 'a@b.fr, c@d.fr', n: 'X' }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(errorCode(await server.graphql(admin, ADD, { p: 'nobody', e: 'x@y.fr', n: 'X' }))).toBe(
      'NOT_FOUND',
    );
    expect(
      errorCode(await server.graphql(admin, ADD, { p: 'amf', e: 'secretariat@amf.asso.fr', n: 'X' })),
    ).toBe('CONFLICT');
    expect(errorCode(await server.graphql(amf, ADD, { p: 'amf', e: 'x@amf.asso.fr', n: 'X' }))).toBe(
      'FORBIDDEN',
    );
    expect(errorCode(await server.graphql(amf, '{ contacts { id } }'))).toBe('FORBIDDEN');
    const { contacts } = await server.ok<{ contacts: unknown[] }>(admin, '{ contacts { id } }');
    expect(contacts).toHaveLength(1);
  });

  it('shows the admin the parties nobody would be told about', async () => {
    const { notificationStatus } = await server.ok<{
      notificationStatus: { partiesWithoutContact: string[] };
    }>(admin, STATUS);
    expect(notificationStatus.partiesWithoutContact).toContain('halde');
    expect(notificationStatus.partiesWithoutContact).not.toContain('amf');
  });

  it('manages contacts with the CLI: add, list, remove', async () => {
    const added = await server.cli(
      'contact',
      'add',
      '--party',
      'halde',
      '--email',
      'juridique@halde.fr',
      '--name',
      'Service juridique',
      '--language',
      'en',
    );
    const id = /^contact id: (\S+)$/m.exec(added.stdout)?.[1];
    expect(id).toBeDefined();
    const listed = await server.cli('contact', 'list', '--party', 'halde');
    expect(listed.stdout).toContain(
      `${id}\thalde\tjuridique@halde.fr\tService juridique\ten\tNOTICES,REMINDERS`,
    );
    await expect(
      server.cli('contact', 'add', '--party', 'halde', '--email', 'nope', '--name', 'X'),
    ).rejects.toThrow(/not an e-mail address/);
    await server.cli('contact', 'remove', id!);
    expect((await server.cli('contact', 'list')).stdout).toMatch(/parties without a contact: .*halde/);
  });

  it('keeps e-mail as UNDELIVERABLE when no SMTP is configured, and tells the admin', async () => {
    const { createConvention } = await server.ok<{ createConvention: { convention: { id: string } } }>(
      admin,
      'mutation { createConvention(input: { workflowId: "halde-amf-2010" }) { convention { id } } }',
    );
    const id = createConvention.convention.id;
    await server.ok(
      halde,
      'mutation($id: ID!) { signConvention(input: { conventionId: $id }) { convention { status } } }',
      { id },
    );
    const { outbox } = await server.ok<{
      outbox: { edges: { node: { recipient: string; status: string; kind: string; subject: string } }[] };
    }>(
      admin,
      'query($id: ID!) { outbox(filter: { conventionId: $id }) { edges { node { recipient status kind subject } } } }',
      {
        id,
      },
    );
    expect(outbox.edges.map((e) => e.node)).toEqual([
      {
        recipient: 'secretariat@amf.asso.fr',
        status: 'UNDELIVERABLE',
        kind: 'SIGNATURE_GIVEN',
        subject: expect.stringMatching(/Signature de HALDE$/),
      },
    ]);
    const { notificationStatus } = await server.ok<{
      notificationStatus: { emailConfigured: boolean; undeliverable: number };
    }>(admin, STATUS);
    expect(notificationStatus).toMatchObject({ emailConfigured: false, undeliverable: 1 });
    const { outbox: kept } = await server.ok<{ outbox: { edges: { node: { id: string } }[] } }>(
      admin,
      '{ outbox(filter: { status: UNDELIVERABLE }) { edges { node { id } } } }',
    );
    const retry = await server.graphql(admin, 'mutation($id: ID!) { retryMessage(input: { id: $id }) }', {
      id: kept.edges[0]!.node.id,
    });
    expect(errorCode(retry)).toBe('BAD_USER_INPUT');
  });

  it('refuses, at default settings, a webhook to this server’s loopback or link-local addresses', async () => {
    const add = 'mutation($u: String!) { addWebhook(input: { partyId: "amf", url: $u }) { secret } }';
    for (const url of [
      'http://127.0.0.1:9/hooks',
      'http://localhost/hooks',
      'http://[::1]/',
      'http://169.254.169.254/',
    ]) {
      expect(errorCode(await server.graphql(admin, add, { u: url }))).toBe('BAD_USER_INPUT');
    }
    const { webhooks } = await server.ok<{ webhooks: unknown[] }>(admin, '{ webhooks { id } }');
    expect(webhooks).toEqual([]);
  });
});
