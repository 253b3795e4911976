import { ConventioProcess, errorCode } from '../support/conventio-process';
import { expectPartyCountsToMatchPages } from '../support/commitment-counts';

/**
 * Living conventions over HTTP: committee meetings, amendments (avenants) with commitment
 * lineage, withdrawal, tacit renewal (seed 002), and renewal by amendment or expiry (seed 003).
 */

const COMMITMENT_FIELDS = `id key status text owners startedOn supersedes supersededBy amendmentId allowedActions
  occurrences { index dueOn status fulfilmentCount }`;

const AMENDMENT_FIELDS = `id kind status effectiveOn proposedBy settledAt
  diff { added changed { from to } waived rules } signatures { signatoryId } pendingSignatories`;

const CONVENTION_FIELDS = `id status version effectiveOn noticeDeadline
  term { number startsOn endsOn } termination { on cause } allowedActions
  rules { notice { kind period } renewal { kind term } }
  amendments { ${AMENDMENT_FIELDS} }
  meetings { committee heldOn attendingParties commitmentKey decisions minutesUrl }
  upcomingDeadlines { kind dueOn eventType }
  commitments { ${COMMITMENT_FIELDS} }`;

interface CommitmentData {
  id: string;
  key: string;
  status: string;
  text: string;
  owners: string[];
  startedOn: string | null;
  supersedes: string | null;
  supersededBy: string | null;
  amendmentId: string | null;
  allowedActions: string[];
  occurrences: { index: number; dueOn: string; status: string; fulfilmentCount: number }[];
}

interface AmendmentData {
  id: string;
  kind: string;
  status: string;
  effectiveOn: string | null;
  proposedBy: string;
  settledAt: string | null;
  diff: {
    added: string[];
    changed: { from: string; to: string }[];
    waived: string[];
    rules: string[];
  } | null;
  signatures: { signatoryId: string }[];
  pendingSignatories: string[];
}

interface ConventionData {
  id: string;
  status: string;
  version: number;
  effectiveOn: string | null;
  noticeDeadline: string | null;
  term: { number: number; startsOn: string; endsOn: string | null } | null;
  termination: { on: string; cause: string } | null;
  allowedActions: string[];
  rules: { notice: { kind: string; period: string | null }; renewal: { kind: string; term: string | null } };
  amendments: AmendmentData[];
  meetings: {
    committee: string;
    heldOn: string;
    attendingParties: string[];
    commitmentKey: string;
    decisions: string[];
    minutesUrl: string | null;
  }[];
  upcomingDeadlines: { kind: string; dueOn: string; eventType: string }[];
  commitments: CommitmentData[];
}

interface PastConvention {
  status: string;
  term: { number: number; startsOn: string; endsOn: string | null } | null;
  termination: { on: string; cause: string } | null;
  amendments: { id: string; kind: string; status: string }[];
  commitments: {
    key: string;
    status: string;
    text: string;
    supersedes: string | null;
    supersededBy: string | null;
    amendmentId: string | null;
  }[];
}

interface Audit {
  history: {
    totalCount: number;
    edges: {
      node: { type: string; actor: { role: string; partyId: string | null }; prevHash: string; hash: string };
    }[];
  };
  verifyHistory: {
    valid: boolean;
    eventCount: number;
    firstBadVersion: number | null;
    reason: string | null;
  };
}

const CREATE =
  'mutation($w: ID!) { createConvention(input: { workflowId: $w }) { convention { id status } } }';
const SIGN = 'mutation($id: ID!) { signConvention(input: { conventionId: $id }) { convention { status } } }';
const PROPOSE = `mutation($id: ID!, $changes: AmendmentChangesInput!, $on: String, $summary: String!) {
  proposeAmendment(input: { conventionId: $id, summary: $summary, changes: $changes, effectiveOn: $on }) {
    convention { status amendments { id kind status } } } }`;
const PROPOSE_RENEWAL = `mutation($id: ID!) { proposeRenewal(input: { conventionId: $id }) {
  convention { status amendments { id kind status } } } }`;
const SIGN_AMENDMENT = `mutation($id: ID!, $a: ID, $s: ID) {
  signAmendment(input: { conventionId: $id, amendmentId: $a, signatoryId: $s }) {
    convention { status amendments { id status pendingSignatories } } } }`;
const WITHDRAW = `mutation($id: ID!, $a: ID!, $reason: String!) {
  withdrawAmendment(input: { conventionId: $id, amendmentId: $a, reason: $reason }) {
    convention { status amendments { id status } } } }`;
const RECORD_MEETING = `mutation($id: ID!, $committee: String!, $heldOn: String!, $parties: [ID!]!, $decisions: [String!]) {
  recordMeeting(input: { conventionId: $id, committee: $committee, heldOn: $heldOn, attendingParties: $parties,
    minutesUrl: "https://example.org/comites/compte-rendu.pdf", decisions: $decisions }) {
    convention { meetings { committee heldOn } } } }`;
const AUDIT = `query($id: ID!) {
  history(conventionId: $id, first: 100) { totalCount edges { node { type actor { role partyId } prevHash hash } } }
  verifyHistory(conventionId: $id) { valid eventCount firstBadVersion reason } }`;
const AT = `query($id: ID!, $at: String!) { conventionAt(id: $id, at: $at) { version convention {
  status term { number startsOn endsOn } termination { on cause } amendments { id kind status }
  commitments { key status text supersedes supersededBy amendmentId } } } }`;

/** Reads and refusal checks bound to one server and one auditor token. */
function reader(server: () => ConventioProcess, auditor: () => string) {
  const eventCount = async (conventionId: string) =>
    (
      await server().ok<{ history: { totalCount: number } }>(
        auditor(),
        'query($id: ID!) { history(conventionId: $id) { totalCount } }',
        { id: conventionId },
      )
    ).history.totalCount;
  const convention = async (conventionId: string, token = auditor()) =>
    (
      await server().ok<{ convention: ConventionData }>(
        token,
        `query($id: ID!) { convention(id: $id) { ${CONVENTION_FIELDS} } }`,
        { id: conventionId },
      )
    ).convention;
  const at = async (conventionId: string, instant: string) =>
    (
      await server().ok<{ conventionAt: { version: number; convention: PastConvention } }>(auditor(), AT, {
        id: conventionId,
        at: instant,
      })
    ).conventionAt;
  const audit = async (conventionId: string) => server().ok<Audit>(auditor(), AUDIT, { id: conventionId });
  /** Runs a request that must be refused with `code`, and checks it appended nothing. */
  const refused = async (
    conventionId: string,
    code: string,
    token: string,
    query: string,
    variables: Record<string, unknown>,
  ) => {
    const before = await eventCount(conventionId);
    const result = await server().graphql(token, query, variables);
    expect({ code: errorCode(result), message: result.errors?.[0]?.message }).toEqual(
      expect.objectContaining({ code }),
    );
    expect(await eventCount(conventionId)).toBe(before);
    return result;
  };
  return { eventCount, convention, at, audit, refused };
}

function expectSoundHistory(audit: Audit) {
  expect(audit.verifyHistory).toEqual({
    valid: true,
    eventCount: audit.history.totalCount,
    firstBadVersion: null,
    reason: null,
  });
  const events = audit.history.edges.map((e) => e.node);
  expect(events).toHaveLength(audit.history.totalCount);
  events.slice(1).forEach((event, i) => expect(event.prevHash).toBe(events[i]!.hash));
}

describe('CGET–Défenseur des droits (seed 002): meetings, amendments and tacit renewal over HTTP', () => {
  let server: ConventioProcess;
  let admin: string;
  let auditor: string;
  let cget: string;
  let ddd: string;
  let amf: string;
  let conventionId: string;
  const { eventCount, convention, at, audit, refused } = reader(
    () => server,
    () => auditor,
  );
  const current = (token?: string) => convention(conventionId, token);
  const commitment = async (key: string, token?: string) =>
    (await current(token)).commitments.find((c) => c.key === key);

  const JOINT_GUIDE = {
    id: 'joint-guide-territorial-discrimination',
    article: 'Avenant n° 1, article 1',
    title: 'Guide commun sur les discriminations dans les quartiers prioritaires',
    text:
      'Les parties élaborent conjointement un guide à destination des acteurs des contrats de ville sur la ' +
      'prévention des discriminations et l’accès aux droits dans les quartiers prioritaires.',
    owners: ['cget', 'defenseur-des-droits'],
    shape: 'ONE_OFF',
    due: 'P9M',
  };
  const NEW_TRAINING_WORDING =
    '[Les parties s’engagent] à s’informer réciproquement, au moins une fois par semestre, sur les ' +
    'formations mises en œuvre au niveau national et dans les territoires relevant du domaine de la lutte ' +
    'contre les discriminations, y compris celles destinées aux animateurs des maisons de services au public.';
  const AMENDMENT_1 = {
    addCommitments: [JOINT_GUIDE],
    changeCommitments: [{ id: 'training-information', text: NEW_TRAINING_WORDING }],
  };
  const propose = (changes: Record<string, unknown>, on: string | null = null) => ({
    id: conventionId,
    changes,
    on,
    summary: 'Avenant à la convention du 17 novembre 2015',
  });
  const meeting = (committee: string, heldOn: string, decisions: string[] = []) => ({
    id: conventionId,
    committee,
    heldOn,
    parties: ['cget', 'defenseur-des-droits'],
    decisions,
  });

  beforeAll(async () => {
    server = await ConventioProcess.start({ CLOCK: 'manual', CLOCK_START: '2015-11-09T08:00:00Z' });
    [admin, auditor, cget, ddd, amf] = await Promise.all([
      server.token('admin', 'Administrateur'),
      server.token('auditor', 'Cour des comptes'),
      server.token('representative', 'Marie-Caroline Bonnet-Galzy', 'cget'),
      server.token('representative', 'Jacques Toubon', 'defenseur-des-droits'),
      server.token('representative', 'François Baroin', 'amf'),
    ]);
  }, 30_000);

  afterAll(async () => {
    await server.dispose();
  });

  it('is signed on 17 November 2015 and in force for three years', async () => {
    const created = await server.ok<{ createConvention: { convention: { id: string } } }>(admin, CREATE, {
      w: 'cget-defenseur-des-droits-2015',
    });
    conventionId = created.createConvention.convention.id;
    await server.advance(admin, '2015-11-17T10:00:00Z');
    await server.ok(cget, SIGN, { id: conventionId });
    await server.ok(ddd, SIGN, { id: conventionId });

    const active = await current();
    expect(active.status).toBe('ACTIVE');
    expect(active.effectiveOn).toBe('2015-11-17');
    expect(active.term).toEqual({ number: 1, startsOn: '2015-11-17', endsOn: '2018-11-16' });
    expect(active.noticeDeadline).toBe('2018-09-17');
    expect(active.rules.renewal).toEqual({ kind: 'tacit', term: 'P3Y' });
    expect(active.amendments).toEqual([]);
    const technical = active.commitments.find((c) => c.key === 'technical-committee-meetings')!;
    expect(technical.occurrences).toEqual([
      { index: 1, dueOn: '2016-11-16', status: 'IN_EFFECT', fulfilmentCount: 0 },
    ]);
  });

  it('counts two technical committees and one steering committee in year 1', async () => {
    await server.advance(admin, '2016-03-10T09:00:00Z');
    // Refusals first: none of them appends anything.
    await refused(conventionId, 'FORBIDDEN', admin, RECORD_MEETING, meeting('technical', '2016-03-08'));
    await refused(conventionId, 'FORBIDDEN', amf, RECORD_MEETING, meeting('technical', '2016-03-08'));
    await refused(conventionId, 'BAD_USER_INPUT', cget, RECORD_MEETING, meeting('scientific', '2016-03-08'));
    await refused(conventionId, 'BAD_USER_INPUT', cget, RECORD_MEETING, {
      ...meeting('technical', '2016-03-08'),
      parties: ['cget', 'amf'],
    });
    await refused(conventionId, 'BAD_USER_INPUT', cget, RECORD_MEETING, meeting('technical', '8 mars 2016'));
    // A meeting cannot be recorded before it is held.
    await refused(
      conventionId,
      'INVALID_TRANSITION',
      cget,
      RECORD_MEETING,
      meeting('technical', '2016-03-15'),
    );
    expect((await current(cget)).allowedActions).toContain('RECORD_MEETING');
    expect((await current(auditor)).allowedActions).toEqual([]);

    const before = await eventCount(conventionId);
    await server.ok(
      cget,
      RECORD_MEETING,
      meeting('technical', '2016-03-08', ['Calendrier des sites pilotes']),
    );
    expect(await eventCount(conventionId)).toBe(before + 1);
    let technical = (await commitment('technical-committee-meetings'))!;
    expect(technical.status).toBe('IN_EFFECT');
    expect(technical.occurrences).toEqual([
      { index: 1, dueOn: '2016-11-16', status: 'IN_EFFECT', fulfilmentCount: 1 },
    ]);

    await server.advance(admin, '2016-06-15T09:00:00Z');
    await server.ok(ddd, RECORD_MEETING, meeting('technical', '2016-06-14'));
    technical = (await commitment('technical-committee-meetings'))!;
    expect(technical.occurrences).toEqual([
      { index: 1, dueOn: '2016-11-16', status: 'FULFILLED', fulfilmentCount: 2 },
    ]);

    await server.advance(admin, '2016-10-05T09:00:00Z');
    await server.ok(cget, RECORD_MEETING, meeting('steering', '2016-10-04', ['Bilan de la première année']));
    const year1 = await current();
    expect(year1.commitments.find((c) => c.key === 'steering-committee-meeting')!.occurrences).toEqual([
      { index: 1, dueOn: '2016-11-16', status: 'FULFILLED', fulfilmentCount: 1 },
    ]);
    expect(year1.meetings).toEqual([
      {
        committee: 'technical',
        heldOn: '2016-03-08',
        attendingParties: ['cget', 'defenseur-des-droits'],
        commitmentKey: 'technical-committee-meetings',
        decisions: ['Calendrier des sites pilotes'],
        minutesUrl: 'https://example.org/comites/compte-rendu.pdf',
      },
      expect.objectContaining({ committee: 'technical', heldOn: '2016-06-14' }),
      expect.objectContaining({
        committee: 'steering',
        heldOn: '2016-10-04',
        commitmentKey: 'steering-committee-meeting',
      }),
    ]);

    // The year closes: the fulfilled occurrence stays fulfilled and year 2 opens.
    await server.advance(admin, '2016-11-20T09:00:00Z');
    technical = (await commitment('technical-committee-meetings'))!;
    expect(technical.occurrences).toEqual([
      { index: 1, dueOn: '2016-11-16', status: 'FULFILLED', fulfilmentCount: 2 },
      { index: 2, dueOn: '2017-11-16', status: 'IN_EFFECT', fulfilmentCount: 0 },
    ]);
  });

  it('refuses amendments from an admin, or with changes that cannot apply, appending nothing', async () => {
    await server.advance(admin, '2017-01-10T10:00:00Z');
    expect((await current(cget)).allowedActions).toContain('PROPOSE_AMENDMENT');
    expect((await current(cget)).allowedActions).not.toContain('PROPOSE_RENEWAL');

    await refused(conventionId, 'FORBIDDEN', admin, PROPOSE, propose(AMENDMENT_1, '2017-03-01'));
    await refused(conventionId, 'FORBIDDEN', auditor, PROPOSE, propose(AMENDMENT_1, '2017-03-01'));
    await refused(conventionId, 'FORBIDDEN', amf, PROPOSE, propose(AMENDMENT_1, '2017-03-01'));
    const unknown = await refused(
      conventionId,
      'BAD_USER_INPUT',
      cget,
      PROPOSE,
      propose({ waiveCommitments: ['no-such-commitment'] }),
    );
    expect(unknown.errors?.[0]?.message).toMatch(/no-such-commitment/);
    const stranger = await refused(
      conventionId,
      'BAD_USER_INPUT',
      cget,
      PROPOSE,
      propose({ addCommitments: [{ ...JOINT_GUIDE, owners: ['cget', 'amf'] }] }),
    );
    expect(stranger.errors?.[0]?.message).toMatch(/amf/);
    await refused(
      conventionId,
      'BAD_USER_INPUT',
      cget,
      PROPOSE,
      propose({ changeCommitments: [{ id: 'training-information', owners: ['halde'] }] }),
    );
    await refused(conventionId, 'BAD_USER_INPUT', cget, PROPOSE, propose({}));
    await refused(
      conventionId,
      'BAD_USER_INPUT',
      cget,
      PROPOSE,
      propose({ addCommitments: [{ ...JOINT_GUIDE, id: 'training-information' }] }),
    );
    await refused(conventionId, 'BAD_USER_INPUT', cget, PROPOSE, propose(AMENDMENT_1, '1er mars 2017'));
    expect((await current()).amendments).toEqual([]);
  });

  it('lets CGET propose an amendment that both parties sign, one at a time', async () => {
    const before = await eventCount(conventionId);
    const proposed = await server.ok<{
      proposeAmendment: {
        convention: { status: string; amendments: { id: string; kind: string; status: string }[] };
      };
    }>(cget, PROPOSE, propose(AMENDMENT_1, '2017-03-01'));
    expect(proposed.proposeAmendment.convention.amendments).toEqual([
      { id: 'A1', kind: 'CHANGE', status: 'PROPOSED' },
    ]);
    expect(await eventCount(conventionId)).toBe(before + 1);
    const pending = (await current()).amendments[0]!;
    expect(pending).toEqual({
      id: 'A1',
      kind: 'CHANGE',
      status: 'PROPOSED',
      effectiveOn: '2017-03-01',
      proposedBy: 'cget',
      settledAt: null,
      diff: null,
      signatures: [],
      pendingSignatories: ['cget-commissaire-generale', 'le-defenseur-des-droits'],
    });

    // Only one pending amendment at a time.
    await refused(
      conventionId,
      'INVALID_TRANSITION',
      ddd,
      PROPOSE,
      propose({ waiveCommitments: ['listening-cells'] }),
    );
    expect((await current(ddd)).allowedActions).toEqual(
      expect.arrayContaining(['SIGN_AMENDMENT', 'WITHDRAW_AMENDMENT']),
    );
    expect((await current(ddd)).allowedActions).not.toContain('PROPOSE_AMENDMENT');

    await server.advance(admin, '2017-01-24T10:00:00Z');
    await refused(conventionId, 'FORBIDDEN', admin, SIGN_AMENDMENT, { id: conventionId, a: 'A1' });
    await refused(conventionId, 'FORBIDDEN', cget, SIGN_AMENDMENT, {
      id: conventionId,
      a: 'A1',
      s: 'le-defenseur-des-droits',
    });
    await refused(conventionId, 'NOT_FOUND', cget, SIGN_AMENDMENT, { id: conventionId, a: 'A7' });
    const first = await server.ok<{
      signAmendment: {
        convention: { amendments: { id: string; status: string; pendingSignatories: string[] }[] };
      };
    }>(cget, SIGN_AMENDMENT, { id: conventionId, a: 'A1', s: 'cget-commissaire-generale' });
    expect(first.signAmendment.convention.amendments).toEqual([
      { id: 'A1', status: 'PROPOSED', pendingSignatories: ['le-defenseur-des-droits'] },
    ]);
    await refused(conventionId, 'INVALID_TRANSITION', cget, SIGN_AMENDMENT, { id: conventionId, a: 'A1' });

    await server.advance(admin, '2017-02-07T10:00:00Z');
    await server.ok(ddd, SIGN_AMENDMENT, { id: conventionId });
    const signed = await current();
    expect(signed.amendments[0]).toEqual(
      expect.objectContaining({
        status: 'SIGNED',
        settledAt: expect.any(String),
        diff: null,
        pendingSignatories: [],
        signatures: [
          { signatoryId: 'cget-commissaire-generale' },
          { signatoryId: 'le-defenseur-des-droits' },
        ],
      }),
    );
    expect(signed.upcomingDeadlines).toContainEqual({
      kind: 'AMENDMENT_EFFECTIVE',
      dueOn: '2017-03-01',
      eventType: 'AMENDMENT_TOOK_EFFECT',
    });
    // Signed but not yet in effect: still the pending amendment, so no other may be proposed.
    await refused(
      conventionId,
      'INVALID_TRANSITION',
      ddd,
      PROPOSE,
      propose({ waiveCommitments: ['listening-cells'] }),
    );
  });

  it('changes nothing before its effective date, and applies it on 1 March 2017', async () => {
    const fired = await server.advance(admin, '2017-02-28T12:00:00Z');
    expect(fired.map((d) => d.kind)).not.toContain('AMENDMENT_EFFECTIVE');
    const before = await current();
    expect(before.amendments[0]!.status).toBe('SIGNED');
    expect(before.commitments.some((c) => c.key.startsWith('joint-guide'))).toBe(false);
    expect(before.commitments.some((c) => c.key === 'training-information.v2')).toBe(false);
    const old = before.commitments.find((c) => c.key === 'training-information')!;
    expect(old).toEqual(
      expect.objectContaining({
        status: 'IN_EFFECT',
        supersededBy: null,
        supersedes: null,
        amendmentId: null,
      }),
    );

    const effective = await server.advance(admin, '2017-03-01T08:00:00Z');
    expect(effective).toContainEqual({
      kind: 'AMENDMENT_EFFECTIVE',
      dueOn: '2017-03-01',
      eventType: 'AMENDMENT_TOOK_EFFECT',
    });
    const amended = await current();
    expect(amended.status).toBe('ACTIVE');
    expect(amended.amendments[0]).toEqual(
      expect.objectContaining({
        id: 'A1',
        status: 'APPLIED',
        diff: {
          added: ['joint-guide-territorial-discrimination'],
          changed: [{ from: 'training-information', to: 'training-information.v2' }],
          waived: [],
          rules: [],
        },
      }),
    );
    const byKey = (key: string) => amended.commitments.find((c) => c.key === key)!;
    expect(byKey('training-information')).toEqual(
      expect.objectContaining({
        status: 'WAIVED',
        supersedes: null,
        supersededBy: 'training-information.v2',
        amendmentId: null,
        allowedActions: [],
      }),
    );
    expect(byKey('training-information').text).not.toBe(NEW_TRAINING_WORDING);
    expect(byKey('training-information.v2')).toEqual(
      expect.objectContaining({
        status: 'IN_EFFECT',
        text: NEW_TRAINING_WORDING,
        owners: ['cget', 'defenseur-des-droits'],
        supersedes: 'training-information',
        supersededBy: null,
        amendmentId: 'A1',
        startedOn: '2017-03-01',
      }),
    );
    expect(byKey('joint-guide-territorial-discrimination')).toEqual(
      expect.objectContaining({
        status: 'IN_EFFECT',
        supersedes: null,
        supersededBy: null,
        amendmentId: 'A1',
        startedOn: '2017-03-01',
      }),
    );
    // The rest of the text is untouched.
    expect(byKey('listening-cells').status).toBe('IN_EFFECT');
    expect(amended.rules.notice).toEqual({ kind: 'period', period: 'P2M' });
    expect((await current(cget)).allowedActions).toContain('PROPOSE_AMENDMENT');

    const events = (await audit(conventionId)).history.edges.map((e) => e.node);
    expect(events.find((e) => e.type === 'AMENDMENT_PROPOSED')?.actor).toEqual({
      role: 'REPRESENTATIVE',
      partyId: 'cget',
    });
    expect(events.find((e) => e.type === 'AMENDMENT_TOOK_EFFECT')?.actor).toEqual({
      role: 'SYSTEM',
      partyId: null,
    });
  });

  it('records a single technical committee meeting in year 2', async () => {
    await server.advance(admin, '2017-05-16T09:00:00Z');
    await server.ok(cget, RECORD_MEETING, meeting('technical', '2017-05-15'));
    expect((await commitment('technical-committee-meetings'))!.occurrences[1]).toEqual({
      index: 2,
      dueOn: '2017-11-16',
      status: 'IN_EFFECT',
      fulfilmentCount: 1,
    });
  });

  it('lets the Défenseur withdraw a second amendment before it is fully signed: nothing applies', async () => {
    await server.advance(admin, '2017-06-12T10:00:00Z');
    await server.ok(
      cget,
      PROPOSE,
      propose(
        { waiveCommitments: ['listening-cells'], notice: { kind: 'period', period: 'P3M' } },
        '2017-07-01',
      ),
    );
    await server.advance(admin, '2017-06-20T10:00:00Z');
    await server.ok(cget, SIGN_AMENDMENT, { id: conventionId, a: 'A2' });
    const half = await current(ddd);
    expect(half.amendments[1]).toEqual(
      expect.objectContaining({
        id: 'A2',
        status: 'PROPOSED',
        signatures: [{ signatoryId: 'cget-commissaire-generale' }],
        pendingSignatories: ['le-defenseur-des-droits'],
      }),
    );
    expect(half.allowedActions).toEqual(expect.arrayContaining(['SIGN_AMENDMENT', 'WITHDRAW_AMENDMENT']));

    await server.advance(admin, '2017-07-03T10:00:00Z');
    const reason = {
      id: conventionId,
      a: 'A2',
      reason: 'Le Défenseur des droits ne souhaite pas cet avenant',
    };
    await refused(conventionId, 'FORBIDDEN', admin, WITHDRAW, reason);
    await refused(conventionId, 'FORBIDDEN', amf, WITHDRAW, reason);
    await refused(conventionId, 'NOT_FOUND', ddd, WITHDRAW, { ...reason, a: 'A9' });
    // An applied amendment can no longer be withdrawn.
    await refused(conventionId, 'INVALID_TRANSITION', ddd, WITHDRAW, { ...reason, a: 'A1' });

    const before = await eventCount(conventionId);
    const withdrawn = await server.ok<{
      withdrawAmendment: { convention: { status: string; amendments: { id: string; status: string }[] } };
    }>(ddd, WITHDRAW, reason);
    expect(withdrawn.withdrawAmendment.convention).toEqual({
      status: 'ACTIVE',
      amendments: [
        { id: 'A1', status: 'APPLIED' },
        { id: 'A2', status: 'WITHDRAWN' },
      ],
    });
    expect(await eventCount(conventionId)).toBe(before + 1);
    await refused(conventionId, 'INVALID_TRANSITION', ddd, WITHDRAW, reason);
    await refused(conventionId, 'INVALID_TRANSITION', ddd, SIGN_AMENDMENT, { id: conventionId, a: 'A2' });

    // Past its would-be effective date, nothing of it applies.
    await server.advance(admin, '2017-07-10T10:00:00Z');
    const after = await current(cget);
    expect(after.amendments[1]).toEqual(
      expect.objectContaining({
        status: 'WITHDRAWN',
        settledAt: expect.any(String),
        diff: null,
        pendingSignatories: [],
      }),
    );
    expect(after.commitments.find((c) => c.key === 'listening-cells')!.status).toBe('IN_EFFECT');
    expect(after.rules.notice).toEqual({ kind: 'period', period: 'P2M' });
    expect(after.noticeDeadline).toBe('2018-09-17');
    expect(after.upcomingDeadlines.map((d) => d.kind)).not.toContain('AMENDMENT_EFFECTIVE');
    expect(after.allowedActions).toContain('PROPOSE_AMENDMENT');
    expect(after.allowedActions).not.toContain('WITHDRAW_AMENDMENT');
    const events = (await audit(conventionId)).history.edges.map((e) => e.node);
    expect(events.find((e) => e.type === 'AMENDMENT_WITHDRAWN')?.actor).toEqual({
      role: 'REPRESENTATIVE',
      partyId: 'defenseur-des-droits',
    });
  });

  it('lets both owners fulfil the commitment the amendment added', async () => {
    await server.advance(admin, '2017-10-05T10:00:00Z');
    const guide = (await commitment('joint-guide-territorial-discrimination', cget))!;
    expect(guide.allowedActions).toEqual(['MARK_DONE']);
    const mark = `mutation($c: ID!) { markCommitmentDone(input: { commitmentId: $c, note: "Guide publié",
      evidenceUrl: "https://example.org/guide-quartiers" }) { commitment { status } } }`;
    const old = (await commitment('training-information'))!;
    await refused(conventionId, 'INVALID_TRANSITION', cget, mark, { c: old.id });
    await server.ok(cget, mark, { c: guide.id });
    await server.ok(ddd, mark, { c: guide.id });
    expect((await commitment('joint-guide-territorial-discrimination'))!.status).toBe('FULFILLED');
  });

  it('closes year 2 of the technical committee as violated, the commitment itself still in effect', async () => {
    const fired = await server.advance(admin, '2017-11-20T09:00:00Z');
    expect(fired).toContainEqual({
      kind: 'COMMITMENT_DUE',
      dueOn: '2017-11-17',
      eventType: 'COMMITMENT_DUE_PASSED',
    });
    const technical = (await commitment('technical-committee-meetings'))!;
    expect(technical.status).toBe('IN_EFFECT');
    expect(technical.occurrences).toEqual([
      { index: 1, dueOn: '2016-11-16', status: 'FULFILLED', fulfilmentCount: 2 },
      { index: 2, dueOn: '2017-11-16', status: 'VIOLATED', fulfilmentCount: 1 },
      { index: 3, dueOn: '2018-11-16', status: 'IN_EFFECT', fulfilmentCount: 0 },
    ]);
  });

  it('renews tacitly for three years from 17 November 2018, with no renewal by amendment', async () => {
    await refused(conventionId, 'INVALID_TRANSITION', cget, PROPOSE_RENEWAL, { id: conventionId });
    await refused(conventionId, 'FORBIDDEN', admin, PROPOSE_RENEWAL, { id: conventionId });

    const early = await server.advance(admin, '2018-09-17T12:00:00Z');
    expect(early.map((d) => d.kind)).not.toContain('NOTICE_DEADLINE');
    expect((await current()).status).toBe('ACTIVE');

    const fired = await server.advance(admin, '2018-11-20T09:00:00Z');
    const terms = fired.filter((d) => d.kind === 'NOTICE_DEADLINE' || d.kind === 'TERM_END');
    expect(terms).toEqual([
      { kind: 'NOTICE_DEADLINE', dueOn: '2018-09-18', eventType: 'NOTICE_DEADLINE_PASSED' },
      { kind: 'TERM_END', dueOn: '2018-11-17', eventType: 'TERM_ENDED' },
    ]);
    const renewed = await current(cget);
    expect(renewed.status).toBe('ACTIVE');
    expect(renewed.term).toEqual({ number: 2, startsOn: '2018-11-17', endsOn: '2021-11-16' });
    expect(renewed.noticeDeadline).toBe('2021-09-17');
    expect(renewed.termination).toBeNull();
    // The amended text carries over into the renewed term.
    expect(renewed.commitments.find((c) => c.key === 'training-information.v2')!.status).toBe('IN_EFFECT');
    expect(renewed.commitments.find((c) => c.key === 'training-information')!.status).toBe('WAIVED');
    expect(renewed.allowedActions).not.toContain('PROPOSE_RENEWAL');
    await refused(conventionId, 'INVALID_TRANSITION', ddd, PROPOSE_RENEWAL, { id: conventionId });
  });

  it('verifies its history and shows the commitments as they stood at three past instants', async () => {
    expectSoundHistory(await audit(conventionId));
    const total = await eventCount(conventionId);

    const signedOnly = await at(conventionId, '2017-02-20T12:00:00Z');
    expect(signedOnly.convention.status).toBe('ACTIVE');
    expect(signedOnly.convention.amendments).toEqual([{ id: 'A1', kind: 'CHANGE', status: 'SIGNED' }]);
    expect(signedOnly.convention.commitments.find((c) => c.key === 'training-information')).toEqual({
      key: 'training-information',
      status: 'IN_EFFECT',
      text: expect.not.stringMatching(/semestre/),
      supersedes: null,
      supersededBy: null,
      amendmentId: null,
    });
    expect(signedOnly.convention.commitments.map((c) => c.key)).not.toContain('training-information.v2');
    expect(signedOnly.convention.commitments.map((c) => c.key)).not.toContain(
      'joint-guide-territorial-discrimination',
    );

    const amended = await at(conventionId, '2017-04-01T00:00:00Z');
    expect(amended.version).toBeGreaterThan(signedOnly.version);
    expect(amended.convention.amendments).toEqual([{ id: 'A1', kind: 'CHANGE', status: 'APPLIED' }]);
    const amendedByKey = (key: string) => amended.convention.commitments.find((c) => c.key === key);
    expect(amendedByKey('training-information')).toEqual(
      expect.objectContaining({ status: 'WAIVED', supersededBy: 'training-information.v2' }),
    );
    expect(amendedByKey('training-information.v2')).toEqual({
      key: 'training-information.v2',
      status: 'IN_EFFECT',
      text: NEW_TRAINING_WORDING,
      supersedes: 'training-information',
      supersededBy: null,
      amendmentId: 'A1',
    });
    expect(amendedByKey('joint-guide-territorial-discrimination')).toEqual(
      expect.objectContaining({ status: 'IN_EFFECT', amendmentId: 'A1' }),
    );
    expect(amended.convention.term).toEqual({ number: 1, startsOn: '2015-11-17', endsOn: '2018-11-16' });

    const beforeRenewal = await at(conventionId, '2018-10-01T00:00:00Z');
    expect(beforeRenewal.convention.status).toBe('RENEWED');
    expect(beforeRenewal.convention.term?.number).toBe(1);

    const renewed = await at(conventionId, '2018-12-01T00:00:00Z');
    expect(renewed.version).toBe(total);
    expect(renewed.convention.status).toBe('ACTIVE');
    expect(renewed.convention.term).toEqual({ number: 2, startsOn: '2018-11-17', endsOn: '2021-11-16' });
    expect(renewed.convention.amendments).toEqual([
      { id: 'A1', kind: 'CHANGE', status: 'APPLIED' },
      { id: 'A2', kind: 'CHANGE', status: 'WITHDRAWN' },
    ]);
    const renewedByKey = (key: string) => renewed.convention.commitments.find((c) => c.key === key);
    expect(renewedByKey('joint-guide-territorial-discrimination')?.status).toBe('FULFILLED');
    expect(renewedByKey('training-information.v2')?.status).toBe('IN_EFFECT');
    expect(renewedByKey('listening-cells')?.status).toBe('IN_EFFECT');
  });

  it("counts each party's commitments by status as its pages list them", async () => {
    await expectPartyCountsToMatchPages(server, auditor, ['cget', 'defenseur-des-droits']);
  });
});

describe('Charte de la diversité–CNML (seed 003): renewal by amendment, or expiry, over HTTP', () => {
  let server: ConventioProcess;
  let admin: string;
  let auditor: string;
  let charte: string;
  let cnml: string;
  let amf: string;
  let renewedId: string;
  let expiringId: string;
  const { eventCount, convention, at, audit, refused } = reader(
    () => server,
    () => auditor,
  );

  beforeAll(async () => {
    server = await ConventioProcess.start({ CLOCK: 'manual', CLOCK_START: '2009-06-10T08:00:00Z' });
    [admin, auditor, charte, cnml, amf] = await Promise.all([
      server.token('admin', 'Administrateur'),
      server.token('auditor', 'Cour des comptes'),
      server.token('representative', 'Claude Bébéar', 'charte-diversite'),
      server.token('representative', 'Jean-Pierre Gorges', 'cnml'),
      server.token('representative', 'Jacques Pélissard', 'amf'),
    ]);
  }, 30_000);

  afterAll(async () => {
    await server.dispose();
  });

  it('has two conventions signed on 16 June 2009, each in force for one year', async () => {
    const create = async () =>
      (
        await server.ok<{ createConvention: { convention: { id: string } } }>(admin, CREATE, {
          w: 'charte-diversite-cnml-2009',
        })
      ).createConvention.convention.id;
    renewedId = await create();
    expiringId = await create();
    await server.advance(admin, '2009-06-16T09:00:00Z');
    for (const id of [renewedId, expiringId]) {
      await server.ok(cnml, SIGN, { id });
      await server.ok(charte, SIGN, { id });
      const active = await convention(id);
      expect(active.status).toBe('ACTIVE');
      expect(active.term).toEqual({ number: 1, startsOn: '2009-06-16', endsOn: '2010-06-15' });
      expect(active.rules.renewal).toEqual({ kind: 'amendment', term: 'P1Y' });
      expect(active.noticeDeadline).toBeNull();
      expect((await convention(id, cnml)).allowedActions).toContain('PROPOSE_RENEWAL');
    }
  });

  it('(a) collects both signatures on a renewal amendment proposed by CNML: RENEWED', async () => {
    await server.advance(admin, '2010-05-03T10:00:00Z');
    await refused(renewedId, 'FORBIDDEN', admin, PROPOSE_RENEWAL, { id: renewedId });
    await refused(renewedId, 'FORBIDDEN', auditor, PROPOSE_RENEWAL, { id: renewedId });
    await refused(renewedId, 'FORBIDDEN', amf, PROPOSE_RENEWAL, { id: renewedId });

    const before = await eventCount(renewedId);
    const proposed = await server.ok<{
      proposeRenewal: {
        convention: { status: string; amendments: { id: string; kind: string; status: string }[] };
      };
    }>(cnml, PROPOSE_RENEWAL, { id: renewedId });
    expect(proposed.proposeRenewal.convention).toEqual({
      status: 'ACTIVE',
      amendments: [{ id: 'A1', kind: 'RENEWAL', status: 'PROPOSED' }],
    });
    expect(await eventCount(renewedId)).toBe(before + 1);
    expect((await convention(renewedId)).amendments[0]).toEqual(
      expect.objectContaining({
        proposedBy: 'cnml',
        signatures: [],
        pendingSignatories: ['ims-president', 'cnml-president'],
      }),
    );
    // One pending amendment at a time, renewal or not.
    await refused(renewedId, 'INVALID_TRANSITION', charte, PROPOSE_RENEWAL, { id: renewedId });
    await refused(renewedId, 'INVALID_TRANSITION', charte, PROPOSE, {
      id: renewedId,
      changes: { waiveCommitments: ['charte-national-events'] },
      on: null,
      summary: 'Avenant',
    });
    expect((await convention(renewedId, charte)).allowedActions).toEqual(
      expect.arrayContaining(['SIGN_AMENDMENT', 'WITHDRAW_AMENDMENT']),
    );

    await server.advance(admin, '2010-05-20T10:00:00Z');
    await refused(renewedId, 'FORBIDDEN', charte, SIGN_AMENDMENT, {
      id: renewedId,
      a: 'A1',
      s: 'cnml-president',
    });
    await refused(renewedId, 'FORBIDDEN', amf, SIGN_AMENDMENT, { id: renewedId, a: 'A1' });
    const first = await server.ok<{
      signAmendment: {
        convention: {
          status: string;
          amendments: { id: string; status: string; pendingSignatories: string[] }[];
        };
      };
    }>(cnml, SIGN_AMENDMENT, { id: renewedId, a: 'A1', s: 'cnml-president' });
    expect(first.signAmendment.convention).toEqual({
      status: 'ACTIVE',
      amendments: [{ id: 'A1', status: 'PROPOSED', pendingSignatories: ['ims-president'] }],
    });

    await server.advance(admin, '2010-06-08T10:00:00Z');
    const second = await server.ok<{
      signAmendment: { convention: { status: string; amendments: { id: string; status: string }[] } };
    }>(charte, SIGN_AMENDMENT, { id: renewedId, a: 'A1', s: 'ims-president' });
    expect(second.signAmendment.convention.status).toBe('RENEWED');
    const renewed = await convention(renewedId);
    expect(renewed.amendments[0]).toEqual(
      expect.objectContaining({
        kind: 'RENEWAL',
        status: 'APPLIED',
        settledAt: expect.any(String),
        pendingSignatories: [],
        signatures: [{ signatoryId: 'cnml-president' }, { signatoryId: 'ims-president' }],
      }),
    );
    // The next term is decided; it starts when this one ends.
    expect(renewed.term).toEqual({ number: 1, startsOn: '2009-06-16', endsOn: '2010-06-15' });
    expect((await convention(renewedId, cnml)).allowedActions).not.toContain('PROPOSE_RENEWAL');
    await refused(renewedId, 'INVALID_TRANSITION', cnml, PROPOSE_RENEWAL, { id: renewedId });
    await refused(renewedId, 'INVALID_TRANSITION', charte, SIGN_AMENDMENT, { id: renewedId, a: 'A1' });
  });

  it('(b) has a renewal amendment signed by the Charte only', async () => {
    await server.advance(admin, '2010-06-10T10:00:00Z');
    await server.ok(charte, PROPOSE_RENEWAL, { id: expiringId });
    await server.ok(charte, SIGN_AMENDMENT, { id: expiringId });
    const half = await convention(expiringId);
    expect(half.status).toBe('ACTIVE');
    expect(half.amendments).toEqual([
      expect.objectContaining({
        id: 'A1',
        kind: 'RENEWAL',
        status: 'PROPOSED',
        proposedBy: 'charte-diversite',
        signatures: [{ signatoryId: 'ims-president' }],
        pendingSignatories: ['cnml-president'],
      }),
    ]);
  });

  it('on 16 June 2010 starts term 2 of (a) and ends (b) by expiry, its renewal lapsed', async () => {
    await server.advance(admin, '2010-06-15T12:00:00Z');
    expect((await convention(renewedId)).status).toBe('RENEWED');
    expect((await convention(expiringId)).status).toBe('ACTIVE');

    const fired = await server.advance(admin, '2010-06-16T09:00:00Z');
    const termEnds = fired.filter((d) => d.kind === 'TERM_END');
    expect(termEnds).toEqual([
      { kind: 'TERM_END', dueOn: '2010-06-16', eventType: 'TERM_ENDED' },
      { kind: 'TERM_END', dueOn: '2010-06-16', eventType: 'TERM_ENDED' },
    ]);

    const second = await convention(renewedId);
    expect(second.status).toBe('ACTIVE');
    expect(second.term).toEqual({ number: 2, startsOn: '2010-06-16', endsOn: '2011-06-15' });
    expect(second.termination).toBeNull();
    expect(second.commitments.every((c) => c.status !== 'TERMINATED')).toBe(true);

    const ended = await convention(expiringId);
    expect(ended.status).toBe('TERMINATED');
    expect(ended.termination).toEqual({ on: '2010-06-16', cause: 'EXPIRY' });
    expect(ended.allowedActions).toEqual([]);
    expect(ended.amendments[0]).toEqual(
      expect.objectContaining({
        id: 'A1',
        status: 'LAPSED',
        settledAt: expect.any(String),
        pendingSignatories: [],
      }),
    );
    expect(ended.upcomingDeadlines.map((d) => d.kind)).not.toContain('TERM_END');

    // Too late: the lapsed renewal can no longer be signed, nor a new one proposed.
    const late = await refused(expiringId, 'INVALID_TRANSITION', cnml, SIGN_AMENDMENT, {
      id: expiringId,
      a: 'A1',
      s: 'cnml-president',
    });
    expect(late.errors?.[0]?.message).toMatch(/TERMINATED/);
    await refused(expiringId, 'INVALID_TRANSITION', cnml, PROPOSE_RENEWAL, { id: expiringId });
    expect((await convention(expiringId)).amendments[0]!.status).toBe('LAPSED');
  });

  it('(a) expires at the end of term 2 without a further renewal', async () => {
    expect((await convention(renewedId, charte)).allowedActions).toContain('PROPOSE_RENEWAL');
    await server.advance(admin, '2011-06-15T12:00:00Z');
    expect((await convention(renewedId)).status).toBe('ACTIVE');

    const fired = await server.advance(admin, '2011-06-16T09:00:00Z');
    expect(fired).toContainEqual({ kind: 'TERM_END', dueOn: '2011-06-16', eventType: 'TERM_ENDED' });
    const ended = await convention(renewedId);
    expect(ended.status).toBe('TERMINATED');
    expect(ended.term).toEqual({ number: 2, startsOn: '2010-06-16', endsOn: '2011-06-15' });
    expect(ended.termination).toEqual({ on: '2011-06-16', cause: 'EXPIRY' });
    expect(ended.amendments.map((a) => a.status)).toEqual(['APPLIED']);
    await refused(renewedId, 'INVALID_TRANSITION', cnml, PROPOSE_RENEWAL, { id: renewedId });
  });

  it('(a) verifies its history and shows each term as it was', async () => {
    const record = await audit(renewedId);
    expectSoundHistory(record);
    const events = record.history.edges.map((e) => e.node);
    expect(events.filter((e) => e.type === 'AMENDMENT_SIGNED').map((e) => e.actor.partyId)).toEqual([
      'cnml',
      'charte-diversite',
    ]);
    expect(events.filter((e) => e.type === 'TERM_ENDED').every((e) => e.actor.role === 'SYSTEM')).toBe(true);

    const proposed = await at(renewedId, '2010-05-10T00:00:00Z');
    expect(proposed.convention).toEqual(
      expect.objectContaining({
        status: 'ACTIVE',
        term: { number: 1, startsOn: '2009-06-16', endsOn: '2010-06-15' },
        amendments: [{ id: 'A1', kind: 'RENEWAL', status: 'PROPOSED' }],
      }),
    );
    const renewed = await at(renewedId, '2010-06-12T00:00:00Z');
    expect(renewed.convention).toEqual(
      expect.objectContaining({
        status: 'RENEWED',
        term: { number: 1, startsOn: '2009-06-16', endsOn: '2010-06-15' },
        amendments: [{ id: 'A1', kind: 'RENEWAL', status: 'APPLIED' }],
      }),
    );
    const secondTerm = await at(renewedId, '2010-12-01T00:00:00Z');
    expect(secondTerm.convention).toEqual(
      expect.objectContaining({
        status: 'ACTIVE',
        term: { number: 2, startsOn: '2010-06-16', endsOn: '2011-06-15' },
        termination: null,
      }),
    );
    const ended = await at(renewedId, '2011-07-01T00:00:00Z');
    expect(ended.version).toBe(record.history.totalCount);
    expect(ended.convention).toEqual(
      expect.objectContaining({ status: 'TERMINATED', termination: { on: '2011-06-16', cause: 'EXPIRY' } }),
    );
  });

  it('(b) verifies its history and shows the renewal pending, then lapsed', async () => {
    const record = await audit(expiringId);
    expectSoundHistory(record);
    const events = record.history.edges.map((e) => e.node);
    expect(events.filter((e) => e.type === 'AMENDMENT_SIGNED').map((e) => e.actor.partyId)).toEqual([
      'charte-diversite',
    ]);

    const pending = await at(expiringId, '2010-06-14T00:00:00Z');
    expect(pending.convention).toEqual(
      expect.objectContaining({
        status: 'ACTIVE',
        termination: null,
        amendments: [{ id: 'A1', kind: 'RENEWAL', status: 'PROPOSED' }],
      }),
    );
    const lapsed = await at(expiringId, '2010-07-01T00:00:00Z');
    expect(lapsed.version).toBe(record.history.totalCount);
    expect(lapsed.convention).toEqual(
      expect.objectContaining({
        status: 'TERMINATED',
        term: { number: 1, startsOn: '2009-06-16', endsOn: '2010-06-15' },
        termination: { on: '2010-06-16', cause: 'EXPIRY' },
        amendments: [{ id: 'A1', kind: 'RENEWAL', status: 'LAPSED' }],
      }),
    );
    expect(lapsed.convention.commitments.some((c) => c.status === 'IN_EFFECT')).toBe(false);
  });

  it("counts each party's commitments by status as its pages list them", async () => {
    await expectPartyCountsToMatchPages(server, auditor, ['charte-diversite', 'cnml']);
  });
});
