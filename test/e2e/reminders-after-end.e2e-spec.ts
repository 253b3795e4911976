import { rmSync } from 'node:fs';
import { SmtpSink } from '../support/smtp-sink';
import { StoryConvention, World } from '../support/story';
import { workflowsWithFixtures } from '../support/workflows-dir';

/**
 * Issue 14, reminders of a commitment due after the end, over HTTP (CLOCK=manual) and real SMTP:
 * two conventions of test/fixtures/definitions/clause-termination-effects.yaml in force from
 * 1 February 2024 for three years, expired on 1 February 2027. « Un rapport final dans les
 * quatre mois suivant la fin de la convention »: the final report is due on 31 May 2027, after
 * the convention ended; its owner (the association) is reminded 14 days before and on the day,
 * at midnight in Paris, as before the end. The repayment (`onlyIfEndedBy: [breach]`) never
 * arises at expiry (LAPSED) and is never reminded of; a final report given on 20 May is reminded
 * of no more. The contacts want reminders only, so every mail the SMTP server gets is one.
 */

const FIXTURE = 'clause-termination-effects';
const ADD_CONTACT = `mutation($p: ID!, $e: String!, $n: String!) {
  addContact(input: { partyId: $p, email: $e, name: $n, kinds: [REMINDERS] }) { id } }`;
const OUTBOX = `query($id: ID!) { outbox(filter: { conventionId: $id }, first: 100) { edges { node {
  recipient kind subject datedAt status } } } }`;
const STATUS = 'query($id: ID!) { convention(id: $id) { status commitments { key status dueOn } } }';

interface Message {
  recipient: string;
  kind: string;
  subject: string;
  datedAt: string;
  status: string;
}
interface ConventionData {
  convention: { status: string; commitments: { key: string; status: string; dueOn: string | null }[] };
}

const ASSOCIATION = 'contact@jardins-solidaires.fr';
const DEPARTEMENT = 'subventions@calvados.fr';

describe('reminders of a final report due after the convention ended, by e-mail', () => {
  let sink: SmtpSink;
  let workflowsDir: string;
  let world: World;
  let owed: StoryConvention;
  let given: StoryConvention;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    workflowsDir = workflowsWithFixtures('conventio-reminders-after-end-', [FIXTURE]);
    world = await World.start({
      CLOCK: 'manual',
      CLOCK_START: '2024-01-20T08:00:00Z',
      WORKFLOWS_DIR: workflowsDir,
      SMTP_URL: sink.url,
      MAIL_FROM: 'Conventio <conventio@example.org>',
      DISPATCH_INTERVAL_MS: '100',
    });
    await world.server.ok(world.admin, ADD_CONTACT, { p: 'association', e: ASSOCIATION, n: 'Secrétariat' });
    await world.server.ok(world.admin, ADD_CONTACT, { p: 'departement', e: DEPARTEMENT, n: 'Subventions' });
    owed = await world.given.signed(FIXTURE, { on: '2024-02-01T09:00:00Z' });
    given = await world.given.signed(FIXTURE);
    await world.when.clockReaches('2024-12-16T10:00:00Z');
    // The interim report, due 1 February 2025, is given before any reminder of it.
    await world.as('association').marksDone(`${owed.id}:interim-report`);
    await world.as('association').marksDone(`${given.id}:interim-report`);
  }, 60_000);

  afterAll(async () => {
    await world?.dispose();
    await sink?.close();
    rmSync(workflowsDir, { recursive: true, force: true });
  });

  const read = async (convention: StoryConvention) =>
    (await world.server.ok<ConventionData>(world.admin, STATUS, { id: convention.id })).convention;
  const reminders = async (convention: StoryConvention) =>
    (
      await world.server.ok<{ outbox: { edges: { node: Message }[] } }>(world.admin, OUTBOX, {
        id: convention.id,
      })
    ).outbox.edges
      .map((e) => e.node)
      .map((m) => [m.datedAt, m.recipient, m.kind, m.subject.replace(/^\[[^\]]*\] /, '')]);
  const reminder = (at: string) => [
    at,
    ASSOCIATION,
    'REMINDER_COMMITMENT_DUE',
    'Échéance le 31 mai 2027 : Rapport final',
  ];

  it('expires on 1 February 2027 with the final report due on 31 May, the repayment LAPSED, nothing sent yet', async () => {
    await world.when.clockReaches('2027-02-02T10:00:00Z');
    const convention = await read(owed);
    expect(convention.status).toBe('TERMINATED');
    expect(convention.commitments.find((c) => c.key === 'final-report')).toMatchObject({
      status: 'IN_EFFECT',
      dueOn: '2027-05-31',
    });
    expect(convention.commitments.find((c) => c.key === 'repayment')?.status).toBe('LAPSED');
    expect(await reminders(owed)).toEqual([]);
    expect(sink.mails).toEqual([]);
  });

  it('reminds the association of the final report 14 days before, at midnight in Paris, by e-mail', async () => {
    await world.when.clockReaches('2027-05-17T06:00:00Z');
    expect(await reminders(owed)).toEqual([reminder('2027-05-16T22:00:00.000Z')]);
    expect(await reminders(given)).toEqual([reminder('2027-05-16T22:00:00.000Z')]);

    const mails = await sink.received(2);
    expect(mails.map((m) => m.to)).toEqual([ASSOCIATION, ASSOCIATION]);
    expect(mails[0]!.subject).toMatch(/\] Échéance le 31 mai 2027 : Rapport final$/);
    expect(mails[0]!.text).toContain('L’engagement « Rapport final » est dû le 31 mai 2027');
  });

  it('reminds of it on the day, unless it was given; then it is VIOLATED, and nothing more is sent', async () => {
    await world.as('association').marksDone(`${given.id}:final-report`);
    await world.when.clockReaches('2027-05-31T06:00:00Z');
    expect(await reminders(owed)).toEqual([
      reminder('2027-05-16T22:00:00.000Z'),
      reminder('2027-05-30T22:00:00.000Z'),
    ]);
    expect(await reminders(given)).toEqual([reminder('2027-05-16T22:00:00.000Z')]);
    const mails = await sink.received(3);
    expect(mails[2]).toMatchObject({ to: ASSOCIATION });
    expect(mails[2]!.text).toMatch(/Rapport final/);

    await world.when.clockReaches('2027-09-01T10:00:00Z');
    expect((await read(owed)).commitments.find((c) => c.key === 'final-report')?.status).toBe('VIOLATED');
    expect((await read(given)).commitments.find((c) => c.key === 'final-report')?.status).toBe('FULFILLED');
    expect((await reminders(owed)).length).toBe(2);
    expect((await reminders(given)).length).toBe(1);
    await new Promise((r) => setTimeout(r, 500));
    expect(sink.mails.filter((m) => m.to === DEPARTEMENT)).toEqual([]);
    expect(sink.mails).toHaveLength(3);
  });
});
