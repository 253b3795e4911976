import { StoredEvent } from '../events/stored-event';
import { CommitmentRecord, ConventionRecord } from '../conventions/records';
import { ActorRole } from '../machines/actor';
import { CommitmentView, ConventionView, evaluationsOver } from '../machines/convention.view';
import {
  CommitmentDefinition as DomainCommitmentDefinition,
  ConventionDefinition,
  ConventionRules,
} from '../machines/definition';
import { lineageKey } from '../machines/amendments';
import { localDate } from '../machines/calendar';
import { EvaluationRound, openTerminationRights } from '../machines/convention.machine';
import { canonicalJson } from '../common/canonical-json';
import { Role } from './viewer/role.enum';
import { CommitmentShape } from './workflows/commitment-shape.enum';
import { HistoryEvent } from './audit/history-event.model';
import { Commitment } from './commitments/commitment.model';
import { Convention } from './conventions/convention.model';
import { Workflow } from './workflows/workflow.model';
import { CommitmentDefinition } from './workflows/commitment-definition.model';
import { withLocalInstants } from './local-time';

/** Translation between stored/domain shapes and GraphQL objects. No rules here. */

/** The calendar date of `now` in a convention's time zone: what `overdue` compares with. */
export function todayFor(definition: ConventionDefinition, now: string): string {
  return localDate(now, definition.timeZone);
}

function toEvaluation(
  round: EvaluationRound,
  evaluating: readonly string[],
  today: string,
  zone: string,
): Convention['pastEvaluations'][number] {
  const evaluation = {
    number: round.number,
    termNumber: round.termNumber,
    opensOn: round.opensOn,
    dueOn: round.dueOn,
    completedAt: round.completedAt,
    overdueSince: round.overdueSince,
    overdue: round.completedAt === null && round.dueOn !== null && round.dueOn < today,
    submissions: round.submissions.map((s) =>
      withLocalInstants(
        { partyId: s.partyId, submittedAt: s.at, assessments: s.assessments, summary: s.summary },
        ['submittedAt'],
        zone,
      ),
    ),
    pendingParties: evaluating.filter((p) => !round.submissions.some((s) => s.partyId === p)),
  };
  return withLocalInstants(evaluation, ['completedAt'], zone) as Convention['pastEvaluations'][number];
}

function toRules(rules: ConventionRules): Convention['rules'] {
  const { term, renewal, notice, evaluation, breach, forceMajeure } = toWorkflow({
    ...rules,
    id: '',
    version: 0,
    title: '',
    source: { document: '' },
    parties: [],
    committees: [],
    commitments: [],
  });
  return { term, renewal, notice, evaluation, breach, forceMajeure };
}

/** A meeting as the API gives it: `confirmedBy` and `quorate` null under rules v1. */
function toMeeting(
  { commitmentId, confirmedBy, quorate, recorders: _recorders, ...m }: ConventionView['meetings'][number],
  zone: string,
): Convention['meetings'][number] {
  return withLocalInstants(
    { ...m, commitmentKey: commitmentId, confirmedBy: confirmedBy ?? null, quorate: quorate ?? null },
    ['recordedAt'],
    zone,
  ) as Convention['meetings'][number];
}

type Signatory = ConventionDefinition['parties'][number]['signatories'][number] & { partyId: string };

function toSignature(s: Signatory, view: Pick<ConventionView, 'signatures'>, zone: string) {
  const signature = view.signatures.find((sig) => sig.signatoryId === s.id);
  const signed = {
    signatoryId: s.id,
    title: s.title,
    partyId: s.partyId,
    signedAt: signature?.at ?? null,
    signedBy: signature?.name ?? null,
  };
  return withLocalInstants(signed, ['signedAt'], zone);
}

function toAmendment(
  a: ConventionView['amendments'][number],
  signatories: readonly Signatory[],
  zone: string,
) {
  return withLocalInstants(
    {
      id: a.id,
      kind: a.kind,
      status: a.status,
      summary: a.summary,
      proposedBy: a.proposedBy,
      proposedAt: a.proposedAt,
      effectiveOn: a.effectiveOn,
      changes: canonicalJson(a.changes),
      signatures: a.signatures.map((sig) =>
        withLocalInstants(
          { signatoryId: sig.signatoryId, partyId: sig.partyId, signedAt: sig.at },
          ['signedAt'],
          zone,
        ),
      ),
      pendingSignatories:
        a.status === 'PROPOSED'
          ? signatories.filter((s) => !a.signatures.some((sig) => sig.signatoryId === s.id)).map((s) => s.id)
          : [],
      settledAt: a.settledAt,
      diff: a.diff,
    },
    ['proposedAt', 'settledAt'],
    zone,
  );
}

export function toConvention(
  definition: ConventionDefinition,
  base: { id: string; version: number; updatedAt: string; snapshot: string | null },
  view: Omit<ConventionView, 'commitments'>,
  now: string,
  embeddedCommitments: Commitment[] | null = null,
): Convention {
  const today = todayFor(definition, now);
  const signatories = definition.parties.flatMap((p) => p.signatories.map((s) => ({ ...s, partyId: p.id })));
  const evaluating = view.rules.evaluation?.parties ?? [];
  const zone = definition.timeZone;
  const convention = {
    id: base.id,
    title: view.title,
    workflowId: definition.id,
    workflowVersion: definition.version,
    timeZone: zone,
    status: view.status,
    version: base.version,
    createdAt: view.createdAt,
    updatedAt: base.updatedAt,
    effectiveOn: view.effectiveOn,
    term: view.term,
    noticeDeadline: view.noticeDeadline,
    terminationEffectiveOn: view.notice?.effectiveOn ?? null,
    notice: view.notice && withLocalInstants({ ...view.notice }, ['givenAt'], zone),
    signatures: signatories.map((s) => toSignature(s, view, zone)),
    evaluation: view.evaluation && toEvaluation(view.evaluation, evaluating, today, zone),
    nextEvaluationDueOn: view.nextEvaluationDueOn,
    pastEvaluations: evaluationsOver(view).map((r) => toEvaluation(r, evaluating, today, zone)),
    rules: toRules(view.rules),
    amendments: view.amendments.map((a) => toAmendment(a, signatories, zone)),
    meetings: view.meetings.map((m) => toMeeting(m, zone)),
    formalNotices: view.formalNotices.map(({ commitmentId, servedAt: _servedAt, ...n }) => ({
      ...n,
      commitmentKey: commitmentId,
    })),
    breaches: view.breaches.map(({ commitmentId, reportedAt: _reportedAt, ...b }) => ({
      ...b,
      commitmentKey: commitmentId,
    })),
    suspension: view.suspension && {
      partyId: view.suspension.partyId,
      since: view.suspension.since,
      reason: view.suspension.reason,
      limitOn: view.suspension.limitOn,
    },
    termination: view.termination,
    ...toTerminationRights(view, definition.parties),
    parties: definition.parties.map(({ id, name, shortName }) => ({ id, name, shortName })),
    options: (definition.options ?? []).map(({ id, title }) => ({
      id,
      title,
      chosen: view.chosenOptions?.includes(id) ?? false,
    })),
    snapshot: base.snapshot,
    embeddedCommitments,
  };
  return withLocalInstants(convention, ['createdAt', 'updatedAt'], zone) as unknown as Convention;
}

export function conventionFromRow(
  definition: ConventionDefinition,
  row: ConventionRecord,
  now: string,
): Convention {
  return toConvention(definition, row, JSON.parse(row.view) as Omit<ConventionView, 'commitments'>, now);
}

/**
 * In effect and past its due date; for a recurring commitment also while the last period was
 * missed and the current one is not fulfilled yet (the parties are behind).
 */
function isOverdue(view: CommitmentView, today: string): boolean {
  if (view.status !== 'IN_EFFECT') return false;
  if (view.dueOn !== null && view.dueOn < today) return true;
  const [previous, current] = view.occurrences.slice(-2);
  return view.shape === 'recurring' && previous?.status === 'VIOLATED' && current?.status === 'IN_EFFECT';
}

function toConfirmation(c: CommitmentView['confirmations'][number], zone: string) {
  return withLocalInstants(
    { partyId: c.partyId, userId: c.userId, confirmedAt: c.at, note: c.note, evidenceUrl: c.evidenceUrl },
    ['confirmedAt'],
    zone,
  );
}

export function toCommitment(
  definition: ConventionDefinition,
  conventionId: string,
  view: CommitmentView,
  now: string,
): Commitment {
  const today = todayFor(definition, now);
  const zone = definition.timeZone;
  const commitment = {
    id: `${conventionId}:${view.id}`,
    conventionId,
    key: view.id,
    lineageId: `${conventionId}:${lineageKey(view.id)}`,
    article: view.article,
    title: view.title,
    text: view.text,
    owners: view.owners,
    shape: view.shape as CommitmentShape,
    status: view.status,
    startedOn: view.startedOn,
    dueOn: view.dueOn,
    overdue: isOverdue(view, today),
    suspended: view.suspended,
    committee: view.committee,
    supersedes: view.supersedes,
    supersededBy: view.supersededBy,
    amendmentId: view.amendmentId,
    survivesUntil: view.survivesUntil,
    survivesWithoutLimit: view.survivesWithoutLimit === true,
    waitingFor: view.waitingFor ?? null,
    late: view.late === true,
    dueUnderTermsOn: view.dueUnderTermsOn ?? null,
    fulfilledAt: view.fulfilledAt,
    confirmations: view.confirmations.map((c) => toConfirmation(c, zone)),
    occurrences: view.occurrences.map((o) => ({
      index: o.index,
      startsOn: o.startsOn,
      dueOn: o.dueOn,
      periodStartsOn: o.periodStartsOn ?? o.startsOn,
      periodEndsOn: o.periodEndsOn ?? o.dueOn,
      late: o.late === true,
      dueUnderTermsOn: o.dueUnderTermsOn ?? null,
      status: o.status,
      fulfilmentCount: o.fulfilments.length,
      fulfilments: o.fulfilments.map((f) =>
        withLocalInstants(
          { at: f[f.length - 1]?.at ?? '', confirmations: f.map((c) => toConfirmation(c, zone)) },
          ['at'],
          zone,
        ),
      ),
    })),
  };
  return withLocalInstants(commitment, ['fulfilledAt'], zone) as unknown as Commitment;
}

export function commitmentFromRow(
  definition: ConventionDefinition,
  row: CommitmentRecord,
  now: string,
): Commitment {
  return toCommitment(definition, row.conventionId, JSON.parse(row.view) as CommitmentView, now);
}

export function toHistoryEvent(row: StoredEvent): HistoryEvent {
  return {
    sequence: row.sequence,
    logIndex: row.sequence - 1,
    version: row.version,
    type: row.type,
    occurredAt: row.occurredAt,
    actor: {
      userId: row.actorUserId,
      name: row.actorName,
      role: row.actorRole as ActorRole as Role,
      partyId: row.actorPartyId,
    },
    payload: row.payload,
    definitionRef: row.definitionRef,
    machineVersion: row.machineVersion,
    idempotencyKey: row.idempotencyKey,
    prevHash: row.prevHash,
    hash: row.hash,
  };
}

/** A commitment's clause as a definition states it (or as amendments left a version of it). */
export function toCommitmentDefinition(c: DomainCommitmentDefinition): CommitmentDefinition {
  return {
    key: c.id,
    article: c.article,
    title: c.title,
    text: c.text,
    owners: c.owners,
    shape: c.shape as CommitmentShape,
    due: c.due ?? null,
    every: c.every ?? null,
    dueAfterPeriod: c.dueAfterPeriod ?? null,
    dueAtMonthEnd: c.dueAtMonthEnd === true,
    atLeast: c.atLeast ?? null,
    committee: c.committee ?? null,
    // `after`: `due` counts from the day the commitment it comes after was fulfilled.
    dueFrom: c.dueFrom ?? (c.due === undefined ? null : c.after ? 'after' : 'start'),
    dueBy: c.dueBy ?? null,
    onlyIfEndedBy: c.onlyIfEndedBy ?? null,
    after: c.after ?? null,
    condition: c.if ? { fulfilled: c.if.fulfilled, occurrence: c.if.occurrence } : null,
    dueEachYearOn: c.dueEachYearOn ?? null,
    dueEachYearBefore: c.dueEachYearBefore ?? null,
    survives: c.survives ?? null,
    option: c.option ?? null,
  };
}

export function toWorkflow(d: ConventionDefinition): Workflow {
  return {
    id: d.id,
    version: d.version,
    title: d.title,
    visibility: d.visibility === 'public' ? 'public' : 'parties',
    sourceDocument: d.source.document,
    sourceSignedOn: d.source.signedOn ?? null,
    sourcePlace: d.source.place ?? null,
    timeZone: d.timeZone,
    parties: d.parties.map((p) => ({
      id: p.id,
      name: p.name,
      shortName: p.shortName,
      signatories: p.signatories.map((s) => ({ ...s, partyId: p.id })),
    })),
    term: {
      kind: d.term.kind,
      duration: d.term.kind === 'fixed' ? d.term.duration : null,
      endsOn: d.term.kind === 'until' ? d.term.endsOn : null,
      startsOn: d.term.startsOn ?? null,
      graceAfterSignature: d.term.graceAfterSignature ?? null,
      endsWhenFulfilled: d.term.kind === 'open-ended' ? [] : (d.term.endsWhenFulfilled ?? []),
      note: d.term.note ?? null,
    },
    renewal: {
      kind: d.renewal.kind,
      term: d.renewal.kind === 'none' ? null : d.renewal.term,
      note: d.renewal.note ?? null,
    },
    notice: {
      kind: d.notice.kind,
      period: d.notice.kind === 'period' ? d.notice.period : null,
      window: d.notice.kind === 'anniversary' ? (d.notice.window ?? null) : null,
      note: d.notice.note ?? null,
    },
    evaluation: d.evaluation && {
      cadence: d.evaluation.cadence,
      parties: d.evaluation.parties,
      criteria: d.evaluation.criteria,
      then: d.evaluation.then,
      note: d.evaluation.note ?? null,
    },
    committees: d.committees.map(({ quorum, atLeast, ...c }) => ({
      ...c,
      atLeast: atLeast ?? null,
      quorum: quorum === undefined ? null : String(quorum),
    })),
    commitments: d.commitments.map(toCommitmentDefinition),
    options: (d.options ?? []).map((o) => ({
      id: o.id,
      title: o.title,
      text: o.text,
      note: o.note ?? null,
      commitments: d.commitments.filter((c) => c.option === o.id).map((c) => c.id),
    })),
    breach: d.breach
      ? {
          curePeriod: d.breach.curePeriod,
          termination: d.breach.termination ?? 'automatic',
          note: d.breach.note ?? null,
        }
      : null,
    forceMajeure: d.forceMajeure
      ? {
          maxSuspension: d.forceMajeure.maxSuspension,
          consequence: 'terminate',
          termination: d.forceMajeure.termination ?? 'automatic',
          note: d.forceMajeure.note ?? null,
        }
      : null,
  };
}

export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeCursor<T>(cursor: string, valid: (value: unknown) => value is T): T | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return valid(value) ? value : null;
  } catch {
    return null;
  }
}

/** The rights to terminate open now (none once the convention ended), for Convention. */
function toTerminationRights(
  view: Parameters<typeof openTerminationRights>[0] & { status: string },
  parties: readonly { id: string }[],
): Pick<Convention, 'terminationRight' | 'terminationRights'> {
  const inForce = ['ACTIVE', 'EVALUATED', 'RENEWED', 'SUSPENDED'].includes(view.status);
  const rights = (inForce ? openTerminationRights(view, parties) : []).map(({ commitmentId, ...right }) => ({
    ...right,
    commitmentKey: commitmentId ?? null,
  }));
  return { terminationRight: rights[0] ?? null, terminationRights: rights };
}
