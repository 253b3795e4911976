import { ConventioProcess, GraphQLResponse } from './conventio-process';
import { HistoryNode, World } from './story';

/**
 * Conventions lived over several years on the manual clock: what the stories of
 * `test/e2e/living-*.e2e-spec.ts` read of one convention, and the requests they send.
 */

export interface DeadlineData {
  kind: string;
  dueOn: string;
  eventType?: string;
  subject?: string | null;
  conventionId?: string;
}

export interface EvaluationData {
  number: number;
  termNumber: number;
  opensOn: string;
  dueOn: string | null;
  completedAt: string | null;
  overdue: boolean;
  overdueSince: string | null;
  pendingParties: string[];
}

export interface OccurrenceData {
  index: number;
  startsOn: string;
  dueOn: string;
  status: string;
  fulfilmentCount: number;
}

export interface CommitmentData {
  id: string;
  key: string;
  status: string;
  owners: string[];
  dueOn: string | null;
  overdue: boolean;
  amendmentId: string | null;
  startedOn: string | null;
  allowedActions: string[];
  confirmations: { partyId: string }[];
  occurrences: OccurrenceData[];
}

export interface ConventionData {
  id: string;
  status: string;
  version: number;
  effectiveOn: string | null;
  noticeDeadline: string | null;
  terminationEffectiveOn: string | null;
  nextEvaluationDueOn: string | null;
  term: { number: number; startsOn: string; endsOn: string | null } | null;
  termination: { on: string; cause: string } | null;
  allowedActions: string[];
  evaluation: EvaluationData | null;
  pastEvaluations: EvaluationData[];
  upcomingDeadlines: DeadlineData[];
  meetings: {
    committee: string;
    heldOn: string;
    attendingParties: string[];
    commitmentKey: string;
    recordedBy: string;
    decisions: string[];
  }[];
  amendments: {
    id: string;
    kind: string;
    status: string;
    proposedBy: string;
    pendingSignatories: string[];
    settledAt: string | null;
    signatures: { signatoryId: string; partyId: string }[];
    diff: {
      added: string[];
      changed: { from: string; to: string }[];
      rules: string[];
      waived: string[];
    } | null;
  }[];
  commitments: CommitmentData[];
}

export const EVALUATION_FIELDS =
  'number termNumber opensOn dueOn completedAt overdue overdueSince pendingParties';

export const CONVENTION_FIELDS = `id status version effectiveOn noticeDeadline terminationEffectiveOn nextEvaluationDueOn
  term { number startsOn endsOn } termination { on cause } allowedActions
  evaluation { ${EVALUATION_FIELDS} } pastEvaluations { ${EVALUATION_FIELDS} }
  upcomingDeadlines { kind dueOn eventType subject }
  meetings { committee heldOn attendingParties commitmentKey recordedBy decisions }
  amendments { id kind status proposedBy pendingSignatories settledAt signatures { signatoryId partyId }
    diff { added changed { from to } rules waived } }
  commitments { id key status owners dueOn overdue amendmentId startedOn allowedActions confirmations { partyId }
    occurrences { index startsOn dueOn status fulfilmentCount } }`;

/** Past states: no allowed actions or deadlines there, only what the events say. */
export const PAST_FIELDS = `status noticeDeadline terminationEffectiveOn term { number startsOn endsOn } termination { on cause }
  evaluation { ${EVALUATION_FIELDS} } pastEvaluations { ${EVALUATION_FIELDS} }
  amendments { id status } commitments { key status occurrences { index dueOn status fulfilmentCount } }`;

export type PastConvention = Pick<
  ConventionData,
  | 'status'
  | 'noticeDeadline'
  | 'terminationEffectiveOn'
  | 'term'
  | 'termination'
  | 'evaluation'
  | 'pastEvaluations'
> & {
  amendments: { id: string; status: string }[];
  commitments: { key: string; status: string; occurrences: Omit<OccurrenceData, 'startsOn'>[] }[];
};

export const CREATE =
  'mutation($w: ID!) { createConvention(input: { workflowId: $w }) { convention { id status } } }';
export const SIGN =
  'mutation($id: ID!, $s: ID) { signConvention(input: { conventionId: $id, signatoryId: $s }) { convention { status } } }';
export const MARK = `mutation($c: ID!) { markCommitmentDone(input: { commitmentId: $c, note: "Fait",
  evidenceUrl: "https://example.org/preuve" }) { commitment { status } } }`;
export const REOPEN = `mutation($c: ID!, $r: String!) { reopenCommitment(input: { commitmentId: $c, reason: $r }) {
  commitment { status confirmations { partyId } } } }`;
export const NOTICE = `mutation($id: ID!, $r: String!) { giveNotice(input: { conventionId: $id, reason: $r }) {
  convention { status terminationEffectiveOn } } }`;
export const SUBMIT = `mutation($id: ID!, $a: [AssessmentInput!]!) { submitEvaluation(input: { conventionId: $id, assessments: $a,
  summary: "Bilan annuel" }) { convention { status } } }`;
export const RECORD_MEETING = `mutation($id: ID!, $committee: String!, $heldOn: String!, $attending: [ID!]!) {
  recordMeeting(input: { conventionId: $id, committee: $committee, heldOn: $heldOn, attendingParties: $attending,
    minutesUrl: "https://example.org/compte-rendu", decisions: ["Priorités du trimestre arrêtées"] }) {
    convention { version } } }`;
export const DEADLINES = `query($party: ID, $before: String, $id: ID) {
  deadlines(filter: { partyId: $party, before: $before, conventionId: $id }) { conventionId kind dueOn eventType subject } }`;

/** One convention on one server: the reads and checks every scenario below needs. */
export class Scenario {
  conventionId = '';
  readonly server: ConventioProcess;
  readonly admin: string;
  readonly auditor: string;

  constructor(readonly world: World) {
    this.server = world.server;
    this.admin = world.admin;
    this.auditor = world.auditor;
  }

  async create(workflowId: string): Promise<void> {
    const created = await this.server.ok<{
      createConvention: { convention: { id: string; status: string } };
    }>(this.admin, CREATE, { w: workflowId });
    expect(created.createConvention.convention.status).toBe('DRAFT');
    this.conventionId = created.createConvention.convention.id;
  }

  async convention(token = this.auditor): Promise<ConventionData> {
    return (
      await this.server.ok<{ convention: ConventionData }>(
        token,
        `query($id: ID!) { convention(id: $id) { ${CONVENTION_FIELDS} } }`,
        { id: this.conventionId },
      )
    ).convention;
  }

  async commitment(key: string, token = this.auditor): Promise<CommitmentData> {
    const found = (await this.convention(token)).commitments.find((c) => c.key === key);
    if (!found) throw new Error(`no commitment ${key}`);
    return found;
  }

  eventCount(): Promise<number> {
    return this.world.then.eventCount(this.conventionId);
  }

  /** Every call must be refused with `code`, and the history must not grow. */
  async refused(code: string, ...calls: (() => Promise<GraphQLResponse<unknown>>)[]): Promise<void> {
    await this.world.then.refused(code, this.conventionId, ...calls);
  }

  async deadlines(filter: { party?: string; before?: string; id?: string }): Promise<DeadlineData[]> {
    return (
      await this.server.ok<{ deadlines: DeadlineData[] }>(this.auditor, DEADLINES, {
        party: filter.party ?? null,
        before: filter.before ?? null,
        id: filter.id ?? null,
      })
    ).deadlines;
  }

  async at(instant: string): Promise<PastConvention> {
    return (
      await this.server.ok<{ conventionAt: { convention: PastConvention } }>(
        this.auditor,
        `query($id: ID!, $at: String!) { conventionAt(id: $id, at: $at) { convention { ${PAST_FIELDS} } } }`,
        { id: this.conventionId, at: instant },
      )
    ).conventionAt.convention;
  }

  /** The whole history, page by page: hash-chained, verified, and as long as the stream. */
  audit(): Promise<HistoryNode[]> {
    return this.world.then.soundHistory(this.conventionId);
  }
}

export const deadline = ({ kind, dueOn }: DeadlineData) => ({ kind, dueOn });
export const countOf = (events: { type: string }[], type: string) =>
  events.filter((e) => e.type === type).length;
