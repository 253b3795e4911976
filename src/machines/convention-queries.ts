import { IsoDate } from './calendar';
import { CommitmentEvent, CommitmentInput } from './commitment.machine';
import {
  Amendment,
  CommitmentTerms,
  ConventionContext,
  EvaluationRound,
  FormalNotice,
  Meeting,
} from './convention.context';
import { evaluationWindow, Term } from './convention-dates';
import { CommitteeDefinition } from './definition';
import { byCodePoint } from '../common/code-point-order';

/** Questions asked of a convention's context by its guards, actions, checks and views. */

export function allSigned(
  roster: { parties: readonly { signatories: readonly { id: string }[] }[] },
  signatures: readonly { signatoryId: string }[],
): boolean {
  return roster.parties.every((party) =>
    party.signatories.every((s) => signatures.some((sig) => sig.signatoryId === s.id)),
  );
}

export function openRound(
  context: Pick<ConventionContext, 'rules' | 'rulesVersion'>,
  term: Term,
  index: number,
  previous: EvaluationRound | null,
): EvaluationRound | null {
  const window = evaluationWindow(context.rules, term, index, context.rulesVersion);
  if (!window) return null;
  return {
    number: (previous?.number ?? 0) + 1,
    termNumber: term.number,
    index,
    opensOn: window.opensOn,
    dueOn: window.dueOn,
    submissions: [],
    completedAt: null,
    overdueSince: null,
  };
}

/** The window that follows the current round within the same term, if any. */
export function nextEvaluationWindow(
  context: Pick<ConventionContext, 'term' | 'evaluation' | 'rules' | 'rulesVersion'>,
): { opensOn: IsoDate } | null {
  if (!context.term || !context.evaluation) return null;
  if (context.evaluation.termNumber !== context.term.number) return null;
  return evaluationWindow(context.rules, context.term, context.evaluation.index + 1, context.rulesVersion);
}

export function childAccepts(
  context: ConventionContext,
  commitmentId: string,
  event: CommitmentEvent,
): boolean {
  const child = context.commitments[commitmentId];
  return child !== undefined && child.getSnapshot().can(event);
}

export function commitmentOwners(context: ConventionContext, commitmentId: string): string[] | undefined {
  return context.terms[commitmentId]?.owners;
}

export function commitmentInput(terms: CommitmentTerms, timeZone: string): CommitmentInput {
  return {
    id: terms.id,
    owners: terms.owners,
    shape: terms.shape,
    due: terms.due ?? null,
    dueFrom: terms.dueFrom ?? 'start',
    // Only when stated, as `dueEachYearBefore`.
    ...(terms.dueBy ? { dueBy: terms.dueBy } : {}),
    ...(terms.onlyIfEndedBy ? { onlyIfEndedBy: terms.onlyIfEndedBy } : {}),
    ...(terms.after ? { after: terms.after } : {}),
    every: terms.every ?? null,
    ...(terms.dueAfterPeriod ? { dueAfterPeriod: terms.dueAfterPeriod } : {}),
    ...(terms.dueAtMonthEnd ? { dueAtMonthEnd: true as const } : {}),
    dueEachYearOn: terms.dueEachYearOn ?? null,
    // Only when stated: the inputs of commitments without it stay as they were stored.
    ...(terms.dueEachYearBefore ? { dueEachYearBefore: terms.dueEachYearBefore } : {}),
    atLeast: terms.atLeast ?? 1,
    survives: terms.survives ?? null,
    timeZone,
  };
}

/** The current version of a commitment: `key`, or the version amendments replaced it with. */
export function currentVersion(context: Pick<ConventionContext, 'terms'>, key: string): string {
  let current = key;
  for (let next = context.terms[current]?.supersededBy; next; next = context.terms[current]?.supersededBy) {
    current = next;
  }
  return current;
}

/** Still owed: not yet fulfilled, violated, waived, terminated or lapsed. */
export function isOpenCommitment(context: ConventionContext, key: string): boolean {
  const state = context.commitments[key]?.getSnapshot().value;
  return state === 'scheduled' || state === 'inEffect' || state === 'suspended';
}

/** The live commitment that a committee's meetings fulfil. */
export function committeeCommitment(context: ConventionContext, committee: string): string | undefined {
  return Object.values(context.terms).find((t) => t.committee === committee && t.supersededBy === null)?.id;
}

/** Rules v2: the meeting of `committee` already recorded for `heldOn` (a committee meets once a day). */
export function sameMeeting(
  context: Pick<ConventionContext, 'meetings'>,
  committee: string,
  heldOn: IsoDate,
): Meeting | undefined {
  return context.meetings.find((m) => m.committee === committee && m.heldOn === heldOn);
}

/** The parties that recorded a meeting: the first recorder, then those that confirmed it. */
export function meetingRecorders(meeting: Meeting): string[] {
  return [meeting.recordedBy, ...(meeting.confirmedBy ?? [])];
}

/**
 * Whether an attendance reaches the committee's quorum: all its members (`all`), at least that
 * many, or (no quorum stated) any one member, which is what every meeting was before v2.
 */
export function quorate(
  committee: Pick<CommitteeDefinition, 'parties' | 'quorum'>,
  attending: string[],
): boolean {
  const present = new Set(attending.filter((p) => committee.parties.includes(p))).size;
  const { quorum } = committee;
  if (quorum === undefined) return present > 0;
  return present >= (quorum === 'all' ? committee.parties.length : quorum);
}

/** Two records of one meeting: the attendance of both, the minutes and decisions kept. */
export function mergedMeeting(
  earlier: Meeting,
  later: Omit<Meeting, 'recordedAt' | 'commitmentId'>,
): Meeting {
  return {
    ...earlier,
    attendingParties: [...new Set([...earlier.attendingParties, ...later.attendingParties])],
    minutesUrl: earlier.minutesUrl ?? later.minutesUrl,
    decisions: [...new Set([...earlier.decisions, ...later.decisions])],
    confirmedBy: [...(earlier.confirmedBy ?? []), later.recordedBy],
  };
}

export function amendmentById(
  context: Pick<ConventionContext, 'amendments'>,
  id: string,
): Amendment | undefined {
  return context.amendments.find((a) => a.id === id);
}

export function updateAmendment(
  context: Pick<ConventionContext, 'amendments'>,
  id: string,
  change: Partial<Amendment>,
): Amendment[] {
  return context.amendments.map((a) => (a.id === id ? { ...a, ...change } : a));
}

export function openFormalNotice(
  context: Pick<ConventionContext, 'formalNotices'>,
  commitmentId: string,
): FormalNotice | undefined {
  return context.formalNotices.find((n) => n.commitmentId === commitmentId && n.status === 'OPEN');
}

/** A right to terminate the convention (« pourra résilier »), open now. */
export interface TerminationRight {
  cause: 'FORCE_MAJEURE' | 'BREACH';
  /** The first day it may be exercised. */
  since: IsoDate;
  /** The parties that may exercise it. */
  holders: string[];
  /** BREACH: the commitment in breach (its formal notice left without effect). */
  commitmentId?: string;
}

/** A formal notice whose right to terminate for breach is open (`breach.termination: right`). */
export function breachRightOpen(notice: FormalNotice): boolean {
  return notice.rightSince !== undefined && notice.rightLapsedOn === undefined;
}

/**
 * The rights to terminate for breach open now: under `breach.termination: right`, each formal
 * notice left without effect opens one to the parties its commitment is owed to, until its
 * owners cure the breach late (or the convention ends). Ask it only of a convention in force.
 */
export function openBreachRights(context: Pick<ConventionContext, 'formalNotices'>): TerminationRight[] {
  return context.formalNotices.filter(breachRightOpen).map((n) => ({
    cause: 'BREACH' as const,
    since: n.rightSince as IsoDate,
    holders: n.rightHolders ?? [],
    commitmentId: n.commitmentId,
  }));
}

/** Every right to terminate open now: force majeure's first, then breach's by the day they opened. */
export function openTerminationRights(
  context: Pick<ConventionContext, 'suspension' | 'formalNotices'>,
  parties: readonly { id: string }[],
): TerminationRight[] {
  const forceMajeure = openTerminationRight(context, parties);
  const breach = openBreachRights(context).sort((a, b) => byCodePoint(a.since, b.since));
  return forceMajeure ? [forceMajeure, ...breach] : breach;
}

/**
 * The right to terminate open now, if any: under `forceMajeure.termination: right`, a suspension
 * gone past its limit opens it to the parties other than the one that suspended, until the
 * convention resumes (or ends). Ask it only of a convention in force.
 */
export function openTerminationRight(
  context: Pick<ConventionContext, 'suspension'>,
  parties: readonly { id: string }[],
): TerminationRight | null {
  const suspension = context.suspension;
  if (!suspension?.rightSince) return null;
  return {
    cause: 'FORCE_MAJEURE',
    since: suspension.rightSince,
    holders: parties.map((p) => p.id).filter((id) => id !== suspension.partyId),
  };
}
