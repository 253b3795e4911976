import { Actor } from './actor';
import { IsoDate, IsoInstant } from './calendar';
import { CommitmentContext, Confirmation, Occurrence } from './commitment.machine';
import { evaluationWindow, noticeDeadline, Term } from './convention-dates';
import {
  Amendment,
  CommitmentTerms,
  ConventionContext,
  ConventionSnapshot,
  EvaluationRound,
  FormalNotice,
  Breach,
  Meeting,
  nextEvaluationWindow,
  Notice,
  Signature,
  Suspension,
  Termination,
} from './convention.machine';
import { ConventionDefinition, ConventionRules } from './definition';
import { waitingFor } from './convention/ordering';

/**
 * Read-only views of a convention snapshot: its status, its commitments and the dates it
 * implies. The store projects these into tables; the auditor compares them after replay.
 */

export const CONVENTION_STATUSES = [
  'DRAFT',
  'SIGNED',
  'ACTIVE',
  'EVALUATED',
  'RENEWED',
  'SUSPENDED',
  'TERMINATED',
] as const;
export type ConventionStatus = (typeof CONVENTION_STATUSES)[number];

export const COMMITMENT_STATUSES = [
  'SCHEDULED',
  'IN_EFFECT',
  'FULFILLED',
  'VIOLATED',
  'WAIVED',
  'TERMINATED',
  'LAPSED',
] as const;
export type CommitmentStatus = (typeof COMMITMENT_STATUSES)[number];

export function conventionStatus(snapshot: ConventionSnapshot): ConventionStatus {
  if (snapshot.matches('draft')) return 'DRAFT';
  if (snapshot.matches('signed')) return 'SIGNED';
  if (snapshot.matches({ inForce: 'evaluated' })) return 'EVALUATED';
  if (snapshot.matches({ inForce: 'renewed' })) return 'RENEWED';
  if (snapshot.matches({ inForce: 'suspended' })) return 'SUSPENDED';
  if (snapshot.matches('inForce')) return 'ACTIVE';
  return 'TERMINATED';
}

const COMMITMENT_STATUS: Record<string, CommitmentStatus> = {
  scheduled: 'SCHEDULED',
  inEffect: 'IN_EFFECT',
  fulfilled: 'FULFILLED',
  violated: 'VIOLATED',
  waived: 'WAIVED',
  terminated: 'TERMINATED',
  // `onlyIfEndedBy`: the convention ended otherwise, so the commitment never arose.
  lapsed: 'LAPSED',
  // Suspended by force majeure: the obligation is still in effect, only paused.
  suspended: 'IN_EFFECT',
};

export interface CommitmentView {
  id: string;
  status: CommitmentStatus;
  suspended: boolean;
  article: string;
  title: string;
  text: string;
  committee: string | null;
  supersedes: string | null;
  supersededBy: string | null;
  amendmentId: string | null;
  owners: string[];
  shape: CommitmentContext['shape'];
  startedOn: IsoDate | null;
  dueOn: IsoDate | null;
  confirmations: Confirmation[];
  fulfilledAt: IsoInstant | null;
  endedAt: IsoInstant | null;
  survivesUntil: IsoDate | null;
  /** `survives: unlimited`, once the convention ended: in effect for good. Absent otherwise. */
  survivesWithoutLimit?: true;
  /**
   * `after`: the commitment (its current version) this one waits for, while it waits (SCHEDULED,
   * nothing due). Absent otherwise.
   */
  waitingFor?: string;
  /**
   * Rules v4: what it owes now fell due before the convention was signed (a one-off, or the open
   * occurrence): due at the grace's end, `dueUnderTermsOn` the date its terms gave. Absent otherwise.
   */
  late?: true;
  dueUnderTermsOn?: IsoDate;
  occurrences: Occurrence[];
}

export interface ConventionView {
  id: string;
  title: string;
  status: ConventionStatus;
  createdAt: IsoInstant;
  signatures: Signature[];
  effectiveOn: IsoDate | null;
  term: Term | null;
  noticeDeadline: IsoDate | null;
  notice: Notice | null;
  evaluation: EvaluationRound | null;
  /** Due date of the evaluation the parties owe now (the current round, or the next one). */
  nextEvaluationDueOn: IsoDate | null;
  pastEvaluations: EvaluationRound[];
  rules: ConventionRules;
  amendments: Amendment[];
  meetings: Meeting[];
  formalNotices: FormalNotice[];
  breaches: Breach[];
  suspension: Suspension | null;
  termination: Termination | null;
  /**
   * The options chosen at creation (`ConventionInput.chosenOptions`); absent when none was, so
   * that the stored views of conventions without options stay as they were.
   */
  chosenOptions?: string[];
  commitments: CommitmentView[];
}

export function commitmentViews(context: ConventionContext): CommitmentView[] {
  return Object.entries(context.commitments).map(([id, ref]) => {
    const child = ref.getSnapshot();
    const c = child.context;
    const terms = context.terms[id] as CommitmentTerms;
    return {
      id,
      status: COMMITMENT_STATUS[child.value as string] as CommitmentStatus,
      suspended: child.value === 'suspended',
      article: terms.article,
      title: terms.title,
      text: terms.text,
      committee: terms.committee ?? null,
      supersedes: terms.supersedes,
      supersededBy: terms.supersededBy,
      amendmentId: terms.amendmentId,
      owners: c.owners,
      shape: c.shape,
      startedOn: c.startedOn,
      dueOn:
        c.shape === 'recurring' ? (c.occurrencesEnded ? null : (currentDue(c.occurrences) ?? null)) : c.dueOn,
      confirmations: c.confirmations,
      fulfilledAt: c.fulfilledAt,
      endedAt: c.endedAt,
      survivesUntil: c.survivesUntil,
      ...(c.survivesWithoutLimit ? { survivesWithoutLimit: true as const } : {}),
      ...waitingView(context, id),
      ...lateView(c),
      occurrences: c.occurrences,
    };
  });
}

function lateView(c: CommitmentContext): { late?: true; dueUnderTermsOn?: IsoDate } {
  const owed = c.shape !== 'recurring' ? c : c.occurrencesEnded ? undefined : c.occurrences.at(-1);
  if (owed?.late !== true || owed.dueUnderTermsOn === undefined) return {};
  return { late: true, dueUnderTermsOn: owed.dueUnderTermsOn };
}

function waitingView(context: ConventionContext, id: string): { waitingFor?: string } {
  const predecessor = waitingFor(context, id);
  return predecessor === null ? {} : { waitingFor: predecessor };
}

function currentDue(occurrences: Occurrence[]): IsoDate | undefined {
  return occurrences[occurrences.length - 1]?.dueOn;
}

/** The definition's rules are in the snapshot (as amended); `definition` is its origin. */
export function conventionView(
  _definition: ConventionDefinition,
  snapshot: ConventionSnapshot,
): ConventionView {
  const c = snapshot.context;
  const status = conventionStatus(snapshot);
  const inForce = status !== 'DRAFT' && status !== 'SIGNED' && status !== 'TERMINATED';
  return {
    id: c.conventionId,
    title: c.title,
    status,
    createdAt: c.createdAt,
    signatures: c.signatures,
    effectiveOn: c.effectiveOn,
    term: c.term,
    noticeDeadline: inForce && status !== 'RENEWED' && c.term ? openNoticeDeadline(c) : null,
    notice: c.notice,
    evaluation: c.evaluation,
    nextEvaluationDueOn: status === 'TERMINATED' ? null : nextEvaluationDue(c),
    pastEvaluations: c.pastEvaluations,
    rules: c.rules,
    amendments: c.amendments,
    meetings: c.meetings,
    formalNotices: c.formalNotices,
    breaches: c.breaches ?? [],
    suspension: c.suspension,
    termination: c.termination,
    ...(c.chosenOptions?.length ? { chosenOptions: c.chosenOptions } : {}),
    commitments: commitmentViews(c),
  };
}

/**
 * The evaluation rounds that are over: the past ones and, once the convention ended, its last
 * round with what was submitted in it (unless that round opened only as the convention ended,
 * with nothing submitted). Derived when read: the stored view keeps `pastEvaluations` as the
 * machine holds it, so conventions that ended earlier answer the same.
 */
export function evaluationsOver(
  view: Pick<ConventionView, 'evaluation' | 'pastEvaluations' | 'termination'>,
): EvaluationRound[] {
  const last = view.evaluation;
  const ended = view.termination;
  if (!last || !ended || (last.opensOn >= ended.on && last.submissions.length === 0)) {
    return view.pastEvaluations;
  }
  return [...view.pastEvaluations, last];
}

/** The notice deadline still ahead of the parties: none once a notice was given in time. */
function openNoticeDeadline(c: ConventionContext): IsoDate | null {
  const deadline = noticeDeadline(c.rules, c.term as Term, c.rulesVersion);
  return deadline && c.notice && c.notice.givenOn <= deadline ? null : deadline;
}

function nextEvaluationDue(c: ConventionContext): IsoDate | null {
  if (c.evaluation && c.evaluation.completedAt === null) return c.evaluation.dueOn;
  const next = nextEvaluationWindow(c);
  if (!next || !c.term) return null;
  return evaluationWindow(c.rules, c.term, (c.evaluation?.index ?? 0) + 1, c.rulesVersion)?.dueOn ?? null;
}

/** Signatories of the viewer's party that have not signed yet. */
export function pendingSignatories(
  definition: ConventionDefinition,
  context: ConventionContext,
  viewer: Actor,
): string[] {
  const party = definition.parties.find((p) => p.id === viewer.partyId);
  if (!party) return [];
  return party.signatories
    .map((s) => s.id)
    .filter((id) => !context.signatures.some((sig) => sig.signatoryId === id));
}
