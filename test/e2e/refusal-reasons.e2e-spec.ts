import { rmSync } from 'node:fs';
import { ConventioProcess, GraphQLResponse } from '../support/conventio-process';
import { workflowsWithFixtures } from '../support/workflows-dir';

/**
 * A refusal says why, in `extensions` next to its code: when the notice window opens, which
 * criteria an evaluation misses, who still has to sign, which attendee does not sit on the
 * committee, which commitment an amendment names that the convention does not have.
 */

const CREATE = 'mutation($w: ID!) { createConvention(input: { workflowId: $w }) { convention { id } } }';
const SIGN = `mutation($id: ID!, $s: ID) {
  signConvention(input: { conventionId: $id, signatoryId: $s }) { convention { id status } } }`;
const NOTICE = `mutation($id: ID!) {
  giveNotice(input: { conventionId: $id, reason: "fin du partenariat" }) { convention { id } } }`;
const EVALUATE = `mutation($id: ID!, $a: [AssessmentInput!]!) {
  submitEvaluation(input: { conventionId: $id, assessments: $a }) { convention { id } } }`;
const MEETING = `mutation($id: ID!, $parties: [ID!]!) {
  recordMeeting(input: { conventionId: $id, committee: "technical", heldOn: "2010-06-20",
    attendingParties: $parties }) { convention { id } } }`;
const PROPOSE = `mutation($id: ID!, $c: AmendmentChangesInput!) {
  proposeAmendment(input: { conventionId: $id, changes: $c, summary: "Avenant n° 1" }) { convention { id } } }`;

type Extensions = { code?: string; reason?: string; details?: Record<string, unknown> };

function refusalOf(result: GraphQLResponse<unknown>): { message: string; extensions: Extensions } {
  const error = result.errors?.[0];
  if (!error) throw new Error(`expected a refusal, got ${JSON.stringify(result.data)}`);
  return { message: error.message, extensions: (error.extensions ?? {}) as Extensions };
}

describe('refusals carry their reason (extensions.reason, extensions.details)', () => {
  let server: ConventioProcess;
  let workflowsDir: string;
  let admin: string;
  let halde: string;
  let amf: string;
  let cget: string;
  let associationA: string;
  let associationB: string;
  let haldeAmf: string;
  let withWindow: string;

  beforeAll(async () => {
    workflowsDir = workflowsWithFixtures('conventio-refusals-', ['clause-notice-anniversary-window']);
    server = await ConventioProcess.start({
      CLOCK: 'manual',
      CLOCK_START: '2010-06-20T08:00:00Z',
      WORKFLOWS_DIR: workflowsDir,
    });
    [admin, halde, amf, cget, associationA, associationB] = await Promise.all([
      server.token('admin', 'Administrateur'),
      server.token('representative', 'Jeannette Bougrab', 'halde'),
      server.token('representative', 'Jacques Pélissard', 'amf'),
      server.token('representative', 'Directeur du CGET', 'cget'),
      server.token('representative', 'Président de A', 'association-a'),
      server.token('representative', 'Présidente de B', 'association-b'),
    ]);
    const create = async (workflowId: string) =>
      (
        await server.ok<{ createConvention: { convention: { id: string } } }>(admin, CREATE, {
          w: workflowId,
        })
      ).createConvention.convention.id;
    haldeAmf = await create('halde-amf-2010');
    withWindow = await create('clause-notice-anniversary-window');
  });

  afterAll(async () => {
    await server?.dispose();
    rmSync(workflowsDir, { recursive: true, force: true });
  });

  it('names who still has to sign when a signatory signs twice (INVALID_TRANSITION)', async () => {
    await server.ok(halde, SIGN, { id: haldeAmf, s: 'halde-presidente' });

    const refusal = refusalOf(await server.graphql(halde, SIGN, { id: haldeAmf, s: 'halde-presidente' }));

    expect(refusal.extensions).toEqual({
      code: 'INVALID_TRANSITION',
      reason: 'halde-presidente has already signed the convention; still to sign: amf-president',
      details: { signatoryId: 'halde-presidente', pendingSignatories: ['amf-president'] },
    });
    expect(refusal.message).toBe(`cannot sign for this signatory: ${refusal.extensions.reason}`);
  });

  it('names the criteria an evaluation leaves out (BAD_USER_INPUT)', async () => {
    await server.ok(amf, SIGN, { id: haldeAmf });
    const assessments = ['impact', 'conformity'].map((criterion) => ({ criterion, rating: 'MET' }));

    const refusal = refusalOf(await server.graphql(halde, EVALUATE, { id: haldeAmf, a: assessments }));

    expect(refusal.extensions.code).toBe('BAD_USER_INPUT');
    expect(refusal.extensions.details).toEqual({
      missingCriteria: ['readjustment'],
      unknownCriteria: [],
      duplicateCriteria: [],
    });
    expect(refusal.message).toContain('missing: readjustment');
  });

  it('names the commitment an amendment changes that the convention does not have (BAD_USER_INPUT)', async () => {
    const refusal = refusalOf(
      await server.graphql(halde, PROPOSE, { id: haldeAmf, c: { waiveCommitments: ['no-such-commitment'] } }),
    );

    expect(refusal.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      reason: 'no current commitment no-such-commitment',
      details: { unknownCommitments: ['no-such-commitment'] },
    });
  });

  it('names the attendee that does not sit on the committee (BAD_USER_INPUT)', async () => {
    const cgetDdd = (
      await server.ok<{ createConvention: { convention: { id: string } } }>(admin, CREATE, {
        w: 'cget-defenseur-des-droits-2015',
      })
    ).createConvention.convention.id;

    const refusal = refusalOf(
      await server.graphql(cget, MEETING, { id: cgetDdd, parties: ['cget', 'halde'] }),
    );

    expect(refusal.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { committee: 'technical', members: ['cget', 'defenseur-des-droits'], nonMembers: ['halde'] },
    });
    expect(refusal.extensions.reason).toContain('not members: halde');
  });

  it('says when the notice window opens and closes (INVALID_TRANSITION)', async () => {
    await server.ok(associationA, SIGN, { id: withWindow });
    await server.ok(associationB, SIGN, { id: withWindow });
    await server.advance(admin, '2010-06-21T08:00:00Z');

    const refusal = refusalOf(await server.graphql(associationA, NOTICE, { id: withWindow }));

    expect(refusal.extensions).toMatchObject({
      code: 'INVALID_TRANSITION',
      details: { opensOn: '2011-03-20', closesOn: '2011-06-19' },
    });
    expect(refusal.message).toBe(`cannot give notice on this convention: ${refusal.extensions.reason}`);
    expect(refusal.extensions.reason).toContain('opens on 2011-03-20');

    await server.advance(admin, '2011-03-20T08:00:00Z');
    await server.ok(associationA, NOTICE, { id: withWindow });
  });

  it('keeps FORBIDDEN for an actor who may never act, with the reason', async () => {
    const refusal = refusalOf(await server.graphql(amf, NOTICE, { id: withWindow }));

    expect(refusal.extensions).toEqual({
      code: 'FORBIDDEN',
      reason: 'a representative of amf may not give notice on this convention',
    });
  });
});
