import { ConventioProcess, errorCode } from '../support/conventio-process';
import { SmtpSink } from '../support/smtp-sink';

interface Message {
  id: string;
  recipient: string;
  kind: string;
  status: string;
  attempts: number;
  attemptLog: { error: string | null }[];
}

/** The other party hears of what happened, by e-mail over real SMTP, in its contact's language. */
describe('e-mail notices', () => {
  let sink: SmtpSink;
  let server: ConventioProcess;
  let admin: string;
  let amf: string;
  let halde: string;
  let conventionId: string;

  const SIGN =
    'mutation($id: ID!) { signConvention(input: { conventionId: $id }) { convention { status } } }';
  const OUTBOX = `query($id: ID!) { outbox(filter: { conventionId: $id }, first: 100) { edges { node {
    id recipient kind status attempts attemptLog { error } } } } }`;

  const messages = async () =>
    (
      await server.ok<{ outbox: { edges: { node: Message }[] } }>(admin, OUTBOX, { id: conventionId })
    ).outbox.edges.map((e) => e.node);

  const settled = async (count: number): Promise<Message[]> => {
    const until = Date.now() + 15_000;
    for (;;) {
      const all = await messages();
      if (all.length >= count && all.every((m) => m.status === 'SENT' || m.status === 'DEAD')) return all;
      if (Date.now() > until) throw new Error(`outbox not settled: ${JSON.stringify(all)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  beforeAll(async () => {
    sink = await SmtpSink.start();
    server = await ConventioProcess.start({
      CLOCK: 'manual',
      CLOCK_START: '2010-06-24T08:00:00Z',
      SMTP_URL: sink.url,
      MAIL_FROM: 'Conventio <conventio@example.org>',
      PUBLIC_URL: 'https://conventio.example.org/',
      DISPATCH_INTERVAL_MS: '100',
      OUTBOX_RETRY_BASE_MS: '100',
      OUTBOX_MAX_ATTEMPTS: '3',
    });
    ({ admin, amf, halde } = await server.haldeAmfTokens());
    const add = `mutation($p: ID!, $e: String!, $n: String!, $l: ContactLanguage) {
      addContact(input: { partyId: $p, email: $e, name: $n, language: $l }) { id } }`;
    await server.ok(admin, add, { p: 'amf', e: 'secretariat@amf.asso.fr', n: 'Secrétariat AMF' });
    await server.ok(admin, add, { p: 'halde', e: 'legal@halde.fr', n: 'HALDE legal', l: 'EN' });
    const created = await server.ok<{ createConvention: { convention: { id: string } } }>(
      admin,
      'mutation { createConvention(input: { workflowId: "halde-amf-2010" }) { convention { id } } }',
    );
    conventionId = created.createConvention.convention.id;
  });

  afterAll(async () => {
    await server.dispose();
    await sink.close();
  });

  it('tells the other party of a signature, and that the convention is in force with the last one', async () => {
    await server.ok(amf, SIGN, { id: conventionId });
    await server.ok(halde, SIGN, { id: conventionId });
    // Messages go out in parallel: their order of arrival is not theirs to keep.
    const mails = await sink.received(2);
    const toHalde = mails.find((m) => m.to === 'legal@halde.fr')!;
    const toAmf = mails.find((m) => m.to === 'secretariat@amf.asso.fr')!;
    expect(toHalde.subject).toMatch(/\] Signed by AMF$/);
    expect(toAmf.subject).toMatch(/\] Signature de HALDE$/);
    expect(toHalde.text).not.toMatch(/in force/);
    expect(toAmf.text).toContain('la convention est en vigueur le 24 juin 2010');
    expect(toAmf.text).toContain(`https://conventio.example.org/conventions/${conventionId}`);
    expect(toAmf.html).toContain(`href="https://conventio.example.org/conventions/${conventionId}"`);
    expect(toAmf.messageId).toMatch(/^<msg_[0-9a-f]{32}@conventio>$/);
  });

  it('tells the HALDE that the AMF marked a commitment done, with its note and evidence link', async () => {
    await server.ok(
      amf,
      `mutation($c: ID!) { markCommitmentDone(input: { commitmentId: $c, note: "Relayé dans la lettre aux maires",
        evidenceUrl: "https://example.org/lettre" }) { commitment { status } } }`,
      { c: `${conventionId}:amf-relays-information` },
    );
    const [mail] = (await sink.received(3)).slice(2);
    expect(mail).toMatchObject({ to: 'legal@halde.fr', subject: expect.stringContaining('Commitment done') });
    expect(mail!.text).toContain('Note: Relayé dans la lettre aux maires');
    expect(mail!.text).toContain('Evidence: https://example.org/lettre');
    // Nobody is told of what its own party did.
    expect(sink.mails.filter((m) => m.to === 'secretariat@amf.asso.fr')).toHaveLength(1);
  });

  it('retries a refused mail with backoff and records each attempt', async () => {
    await settled(3);
    sink.refuse(2);
    await server.ok(
      halde,
      `mutation($c: ID!) { markCommitmentDone(input: { commitmentId: $c }) { commitment { status } } }`,
      { c: `${conventionId}:halde-shares-information` },
    );
    const all = await settled(4);
    const retried = all.find(
      (m) => m.kind === 'COMMITMENT_CONFIRMED' && m.recipient === 'secretariat@amf.asso.fr',
    );
    expect(retried).toMatchObject({ status: 'SENT', attempts: 3 });
    expect(retried!.attemptLog.map((a) => a.error === null)).toEqual([false, false, true]);
    expect(retried!.attemptLog[0]!.error).toMatch(/451/);
    expect(sink.mails.filter((m) => m.to === 'secretariat@amf.asso.fr')).toHaveLength(2);
  });

  it('gives up after the attempt limit (DEAD, visible) and sends once an admin retries', async () => {
    sink.refuse(3);
    await server.ok(
      amf,
      'mutation($id: ID!) { giveNotice(input: { conventionId: $id, reason: "Fin du partenariat" }) { convention { status } } }',
      { id: conventionId },
    );
    const dead = (await settled(5)).find((m) => m.kind === 'NOTICE_GIVEN')!;
    expect(dead).toMatchObject({ status: 'DEAD', attempts: 3, recipient: 'legal@halde.fr' });
    const { notificationStatus } = await server.ok<{ notificationStatus: { dead: number } }>(
      admin,
      '{ notificationStatus { dead } }',
    );
    expect(notificationStatus.dead).toBe(1);
    const retry = 'mutation($id: ID!) { retryMessage(input: { id: $id }) }';
    expect(errorCode(await server.graphql(amf, retry, { id: dead.id }))).toBe('FORBIDDEN');
    await server.ok(admin, retry, { id: dead.id });
    const sent = (await settled(5)).find((m) => m.id === dead.id)!;
    expect(sent).toMatchObject({ status: 'SENT', attempts: 1 });
    expect(sent.attemptLog).toHaveLength(4);
    const notice = sink.mails.find((m) => m.subject.includes('Notice of termination from AMF'))!;
    expect(notice.text).toMatch(/It takes effect on \d{1,2} [A-Z][a-z]+ \d{4}\./);
    expect(errorCode(await server.graphql(admin, retry, { id: dead.id }))).toBe('NOT_FOUND');
  });
});
