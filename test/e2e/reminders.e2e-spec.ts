import { ConventioProcess } from '../support/conventio-process';
import { World } from '../support/story';

interface Message {
  recipient: string;
  kind: string;
  subject: string;
  datedAt: string;
}

interface OutboxPage {
  outbox: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: Message }[] };
}

const SIGN = 'mutation($id: ID!) { signConvention(input: { conventionId: $id }) { convention { status } } }';
const PROPOSE = `mutation($id: ID!, $add: [CommitmentSpecInput!]) {
  proposeAmendment(input: { conventionId: $id, summary: "Avenant n° 1 : enquête et guide",
    changes: { addCommitments: $add } }) { convention { id } } }`;
const SIGN_AMENDMENT =
  'mutation($id: ID!) { signAmendment(input: { conventionId: $id }) { convention { id } } }';
const MARK =
  'mutation($c: ID!) { markCommitmentDone(input: { commitmentId: $c }) { commitment { status } } }';
const OUTBOX = `query($id: ID!, $after: String) { outbox(filter: { conventionId: $id }, first: 100, after: $after) {
  pageInfo { hasNextPage endCursor } edges { node { recipient kind subject datedAt } } } }`;

/**
 * The HALDE–AMF convention over two years on the manual clock: every reminder and notice it
 * gives, to whom and dated when; a restart on the way changes nothing; a commitment done early
 * is never reminded of.
 */
describe('reminders and notices of the HALDE–AMF convention over two years', () => {
  let world: World;
  let server: ConventioProcess;
  let admin: string;
  let amf: string;
  let halde: string;
  let id: string;

  const messages = async (): Promise<Message[]> => {
    const all: Message[] = [];
    let after: string | null = null;
    for (;;) {
      const page: OutboxPage = await server.ok<OutboxPage>(admin, OUTBOX, { id, after });
      const { outbox } = page;
      all.push(...outbox.edges.map((e) => e.node));
      if (!outbox.pageInfo.hasNextPage) return all;
      after = outbox.pageInfo.endCursor;
    }
  };

  beforeAll(async () => {
    world = await World.start({ CLOCK: 'manual', CLOCK_START: '2010-06-24T08:00:00Z' });
    ({ server, admin } = world);
    [amf, halde] = await world.tokensOf('amf', 'halde');
    const add = `mutation($p: ID!, $e: String!) { addContact(input: { partyId: $p, email: $e, name: "Secrétariat" }) { id } }`;
    await server.ok(admin, add, { p: 'amf', e: 'secretariat@amf.asso.fr' });
    await server.ok(admin, add, { p: 'halde', e: 'secretariat@halde.fr' });
    ({ id } = await world.given.draft('halde-amf'));
  }, 60_000);

  afterAll(async () => {
    await world?.dispose();
  });

  it('gives exactly the expected messages, once each, through a restart', async () => {
    await server.ok(amf, SIGN, { id });
    await server.ok(halde, SIGN, { id });
    const commitment = (key: string, owner: string, due: string) => ({
      id: key,
      article: 'Avenant n° 1',
      title: key === 'amf-survey' ? 'Enquête auprès des maires' : 'Guide à l’usage des maires',
      text: '…',
      owners: [owner],
      shape: 'ONE_OFF',
      due,
    });
    await server.ok(halde, PROPOSE, {
      id,
      add: [commitment('amf-survey', 'amf', 'P3M'), commitment('halde-guide', 'halde', 'P4M')],
    });
    await server.ok(amf, SIGN_AMENDMENT, { id });
    await server.ok(halde, SIGN_AMENDMENT, { id });
    await server.advance(admin, '2010-07-01T09:00:00Z');
    await server.ok(amf, MARK, { c: `${id}:amf-survey` });
    await server.advance(admin, '2011-02-10T09:00:00Z');
    const before = await messages();
    await server.stop();
    await server.boot();
    expect(await messages()).toEqual(before);
    await server.advance(admin, '2012-07-01T09:00:00Z');
    const seen = (await messages()).map((m) => [
      m.datedAt,
      m.recipient,
      m.kind,
      m.subject.replace(/^\[[^\]]*\] /, ''),
    ]);
    const [H, A] = ['secretariat@halde.fr', 'secretariat@amf.asso.fr'];
    const both = (at: string, kind: string, subject: string) => [
      [at, H, kind, subject],
      [at, A, kind, subject],
    ];
    expect(seen).toEqual([
      ['2010-06-24T08:00:00.000Z', H, 'SIGNATURE_GIVEN', 'Signature de AMF'],
      ['2010-06-24T08:00:00.000Z', A, 'SIGNATURE_GIVEN', 'Signature de HALDE'],
      ['2010-06-24T08:00:00.000Z', A, 'AMENDMENT_PROPOSED', 'Avenant proposé'],
      ['2010-06-24T08:00:00.000Z', H, 'AMENDMENT_SIGNED', 'Avenant signé'],
      ['2010-06-24T08:00:00.000Z', A, 'AMENDMENT_SIGNED', 'Avenant signé'],
      ...both('2010-06-24T08:00:00.000Z', 'AMENDMENT_TOOK_EFFECT', 'Avenant appliqué'),
      [
        '2010-07-01T09:00:00.000Z',
        H,
        'COMMITMENT_CONFIRMED',
        'Engagement réalisé : Enquête auprès des maires',
      ],
      // Only the guide, still owed, is reminded of (14 days before, and on the day); the survey was done.
      [
        '2010-10-09T22:00:00.000Z',
        H,
        'REMINDER_COMMITMENT_DUE',
        'Échéance le 24 octobre 2010 : Guide à l’usage des maires',
      ],
      [
        '2010-10-23T22:00:00.000Z',
        H,
        'REMINDER_COMMITMENT_DUE',
        'Échéance le 24 octobre 2010 : Guide à l’usage des maires',
      ],
      // 90, 30 and 7 days before the last day to give notice, at midnight in Paris.
      ...both(
        '2010-12-22T23:00:00.000Z',
        'REMINDER_NOTICE_DEADLINE',
        'Préavis : dernier jour le 23 mars 2011',
      ),
      ...both(
        '2011-02-20T23:00:00.000Z',
        'REMINDER_NOTICE_DEADLINE',
        'Préavis : dernier jour le 23 mars 2011',
      ),
      ...both(
        '2011-03-15T23:00:00.000Z',
        'REMINDER_NOTICE_DEADLINE',
        'Préavis : dernier jour le 23 mars 2011',
      ),
      ...both('2011-03-23T23:00:00.000Z', 'CONVENTION_RENEWED', 'Convention renouvelée'),
      ...both('2011-05-23T22:00:00.000Z', 'REMINDER_EVALUATION_DUE', 'Évaluation attendue le 23 juin 2011'),
      ...both(
        '2011-12-23T23:00:00.000Z',
        'REMINDER_NOTICE_DEADLINE',
        'Préavis : dernier jour le 23 mars 2012',
      ),
      ...both(
        '2012-02-21T23:00:00.000Z',
        'REMINDER_NOTICE_DEADLINE',
        'Préavis : dernier jour le 23 mars 2012',
      ),
      ...both(
        '2012-03-15T23:00:00.000Z',
        'REMINDER_NOTICE_DEADLINE',
        'Préavis : dernier jour le 23 mars 2012',
      ),
      ...both('2012-03-23T23:00:00.000Z', 'CONVENTION_RENEWED', 'Convention renouvelée'),
      ...both('2012-05-23T22:00:00.000Z', 'REMINDER_EVALUATION_DUE', 'Évaluation attendue le 23 juin 2012'),
    ]);
  }, 120_000);

  it('cancels the notice reminders once notice is given, and re-plans none', async () => {
    const { id: other } = await world.given.signed('halde-amf', { by: ['amf', 'halde'] });
    await server.ok(
      halde,
      'mutation($id: ID!) { giveNotice(input: { conventionId: $id, reason: "Fin" }) { convention { status } } }',
      { id: other },
    );
    await server.advance(admin, '2013-12-31T00:00:00Z');
    const { outbox } = await server.ok<{ outbox: { edges: { node: Message }[] } }>(admin, OUTBOX, {
      id: other,
    });
    expect(outbox.edges.map((e) => e.node.kind)).toEqual([
      'SIGNATURE_GIVEN',
      'SIGNATURE_GIVEN',
      'NOTICE_GIVEN',
      'CONVENTION_TERMINATED',
      'CONVENTION_TERMINATED',
    ]);
  });
});
