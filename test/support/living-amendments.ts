import { World } from './story';

/**
 * Living conventions over HTTP: committee meetings, amendments (avenants) with commitment
 * lineage, withdrawal, and renewal. What the stories of `test/e2e/living-cget-defenseur` and
 * `living-charte-cnml` read of a convention, and the requests they send.
 */

export const COMMITMENT_FIELDS = `id key status text owners startedOn supersedes supersededBy amendmentId allowedActions
  occurrences { index dueOn status fulfilmentCount }`;

export const AMENDMENT_FIELDS = `id kind status effectiveOn proposedBy settledAt
  diff { added changed { from to } waived rules } signatures { signatoryId } pendingSignatories`;

export const CONVENTION_FIELDS = `id status version effectiveOn noticeDeadline
  term { number startsOn endsOn } termination { on cause } allowedActions
  rules { notice { kind period } renewal { kind term } }
  amendments { ${AMENDMENT_FIELDS} }
  meetings { committee heldOn attendingParties commitmentKey decisions minutesUrl }
  upcomingDeadlines { kind dueOn eventType }
  commitments { ${COMMITMENT_FIELDS} }`;

export interface CommitmentData {
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

export interface AmendmentData {
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

export interface ConventionData {
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

export interface PastConvention {
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

export interface Audit {
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

export const CREATE =
  'mutation($w: ID!) { createConvention(input: { workflowId: $w }) { convention { id status } } }';
export const SIGN =
  'mutation($id: ID!) { signConvention(input: { conventionId: $id }) { convention { status } } }';
export const PROPOSE = `mutation($id: ID!, $changes: AmendmentChangesInput!, $on: String, $summary: String!) {
  proposeAmendment(input: { conventionId: $id, summary: $summary, changes: $changes, effectiveOn: $on }) {
    convention { status amendments { id kind status } } } }`;
export const PROPOSE_RENEWAL = `mutation($id: ID!) { proposeRenewal(input: { conventionId: $id }) {
  convention { status amendments { id kind status } } } }`;
export const SIGN_AMENDMENT = `mutation($id: ID!, $a: ID, $s: ID) {
  signAmendment(input: { conventionId: $id, amendmentId: $a, signatoryId: $s }) {
    convention { status amendments { id status pendingSignatories } } } }`;
export const WITHDRAW = `mutation($id: ID!, $a: ID!, $reason: String!) {
  withdrawAmendment(input: { conventionId: $id, amendmentId: $a, reason: $reason }) {
    convention { status amendments { id status } } } }`;
export const RECORD_MEETING = `mutation($id: ID!, $committee: String!, $heldOn: String!, $parties: [ID!]!, $decisions: [String!]) {
  recordMeeting(input: { conventionId: $id, committee: $committee, heldOn: $heldOn, attendingParties: $parties,
    minutesUrl: "https://example.org/comites/compte-rendu.pdf", decisions: $decisions }) {
    convention { meetings { committee heldOn } } } }`;
export const AUDIT = `query($id: ID!) {
  history(conventionId: $id, first: 100) { totalCount edges { node { type actor { role partyId } prevHash hash } } }
  verifyHistory(conventionId: $id) { valid eventCount firstBadVersion reason } }`;
export const AT = `query($id: ID!, $at: String!) { conventionAt(id: $id, at: $at) { version convention {
  status term { number startsOn endsOn } termination { on cause } amendments { id kind status }
  commitments { key status text supersedes supersededBy amendmentId } } } }`;

/** Reads and refusal checks bound to one world (its server and its auditor's token). */
export function reader(world: () => World) {
  const eventCount = (conventionId: string) => world().then.eventCount(conventionId);
  const convention = async (conventionId: string, token = world().auditor) =>
    (
      await world().server.ok<{ convention: ConventionData }>(
        token,
        `query($id: ID!) { convention(id: $id) { ${CONVENTION_FIELDS} } }`,
        { id: conventionId },
      )
    ).convention;
  const at = async (conventionId: string, instant: string) =>
    (
      await world().server.ok<{ conventionAt: { version: number; convention: PastConvention } }>(
        world().auditor,
        AT,
        { id: conventionId, at: instant },
      )
    ).conventionAt;
  const audit = async (conventionId: string) =>
    world().server.ok<Audit>(world().auditor, AUDIT, { id: conventionId });
  /** Runs a request that must be refused with `code`, and checks it appended nothing. */
  const refused = async (
    conventionId: string,
    code: string,
    token: string,
    query: string,
    variables: Record<string, unknown>,
  ) => {
    const [result] = await world().then.refused(code, conventionId, () =>
      world().server.graphql(token, query, variables),
    );
    return result!;
  };
  return { eventCount, convention, at, audit, refused };
}

export function expectSoundHistory(audit: Audit) {
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
