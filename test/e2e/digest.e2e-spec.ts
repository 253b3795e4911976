import { ConventioProcess } from '../support/conventio-process';
import { SmtpSink } from '../support/smtp-sink';

/** A contact who asked for a weekly digest gets the week's notices in one e-mail once the week is over. */
describe('weekly digest', () => {
  let sink: SmtpSink;
  let server: ConventioProcess;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    server = await ConventioProcess.start({
      CLOCK: 'manual',
      CLOCK_START: '2010-06-24T08:00:00Z', // a Thursday
      SMTP_URL: sink.url,
      DISPATCH_INTERVAL_MS: '100',
    });
  });

  afterAll(async () => {
    await server.dispose();
    await sink.close();
  });

  it('holds the notices of the week, then sends them as one e-mail, while reminders still come one by one', async () => {
    const { admin, halde, amf } = await server.haldeAmfTokens();
    await server.ok(
      admin,
      `mutation { addContact(input: { partyId: "amf", email: "direction@amf.asso.fr", name: "Direction",
        kinds: [NOTICES, REMINDERS, WEEKLY_DIGEST] }) { id } }`,
    );
    const { createConvention } = await server.ok<{ createConvention: { convention: { id: string } } }>(
      admin,
      'mutation { createConvention(input: { workflowId: "halde-amf-2010" }) { convention { id } } }',
    );
    const id = createConvention.convention.id;
    const sign = 'mutation($id: ID!) { signConvention(input: { conventionId: $id }) { convention { id } } }';
    await server.ok(amf, sign, { id });
    await server.ok(halde, sign, { id });
    await server.ok(
      halde,
      'mutation($c: ID!) { markCommitmentDone(input: { commitmentId: $c }) { commitment { id } } }',
      { c: `${id}:halde-shares-information` },
    );
    const statuses = async () =>
      (
        await server.ok<{ outbox: { edges: { node: { kind: string; status: string } }[] } }>(
          admin,
          '{ outbox { edges { node { kind status } } } }',
        )
      ).outbox.edges.map((e) => `${e.node.kind} ${e.node.status}`);
    expect(await statuses()).toEqual(['SIGNATURE_GIVEN HELD', 'COMMITMENT_CONFIRMED HELD']);
    await new Promise((r) => setTimeout(r, 500));
    expect(sink.mails).toHaveLength(0);

    // Sunday night: the week is not over yet.
    await server.advance(admin, '2010-06-27T22:00:00Z');
    await new Promise((r) => setTimeout(r, 500));
    expect(sink.mails).toHaveLength(0);
    await server.advance(admin, '2010-06-28T06:00:00Z');
    const [digest] = await sink.received(1);
    expect(digest).toMatchObject({
      to: 'direction@amf.asso.fr',
      subject: 'Conventio : la semaine du 21 juin 2010',
    });
    expect(digest!.text).toContain('2 message(s) de la semaine du 21 juin 2010');
    expect(digest!.text).toMatch(/Signature de HALDE[\s\S]*la convention est en vigueur le 24 juin 2010/);
    expect(digest!.text).toContain('Engagement réalisé : Mise à disposition d’informations par la HALDE');
    const until = Date.now() + 5_000;
    while (!(await statuses()).includes('WEEKLY_DIGEST SENT') && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await statuses()).toEqual([
      'SIGNATURE_GIVEN DIGESTED',
      'COMMITMENT_CONFIRMED DIGESTED',
      'WEEKLY_DIGEST SENT',
    ]);
    await new Promise((r) => setTimeout(r, 500));
    expect(sink.mails).toHaveLength(1);

    // 90 days before the notice deadline: a reminder is never held for the digest.
    await server.advance(admin, '2010-12-24T06:00:00Z');
    const [, reminder] = await sink.received(2);
    expect(reminder).toMatchObject({
      to: 'direction@amf.asso.fr',
      subject: expect.stringContaining('Préavis'),
    });
  });
});
