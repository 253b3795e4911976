import { CommitmentRow, ConventionRow, EventRow } from '../database/entities';
import { ActorRole } from '../machines/actor';
import { CommitmentView, ConventionView } from '../machines/convention.view';
import { ConventionDefinition } from '../machines/definition';
import { CommitmentShape, Role } from './enums';
import { Commitment, Convention, HistoryEvent, Workflow } from './models';

/** Translation between stored/domain shapes and GraphQL objects. No rules here. */

export function toConvention(
  definition: ConventionDefinition,
  base: { id: string; version: number; updatedAt: string; snapshot: string | null },
  view: Omit<ConventionView, 'commitments'>,
  embeddedCommitments: Commitment[] | null = null,
): Convention {
  const signatories = definition.parties.flatMap((p) => p.signatories.map((s) => ({ ...s, partyId: p.id })));
  const evaluating = definition.evaluation?.parties ?? [];
  return {
    id: base.id,
    title: view.title,
    workflowId: definition.id,
    workflowVersion: definition.version,
    status: view.status,
    version: base.version,
    createdAt: view.createdAt,
    updatedAt: base.updatedAt,
    effectiveOn: view.effectiveOn,
    term: view.term,
    noticeDeadline: view.noticeDeadline,
    terminationEffectiveOn: view.notice?.effectiveOn ?? null,
    notice: view.notice,
    signatures: signatories.map((s) => {
      const signature = view.signatures.find((sig) => sig.signatoryId === s.id);
      return {
        signatoryId: s.id,
        title: s.title,
        partyId: s.partyId,
        signedAt: signature?.at ?? null,
        signedBy: signature?.userId ?? null,
      };
    }),
    evaluation: view.evaluation && {
      number: view.evaluation.number,
      termNumber: view.evaluation.termNumber,
      opensOn: view.evaluation.opensOn,
      dueOn: view.evaluation.dueOn,
      completedAt: view.evaluation.completedAt,
      submissions: view.evaluation.submissions.map((s) => ({
        partyId: s.partyId,
        submittedAt: s.at,
        assessments: s.assessments,
        summary: s.summary,
      })),
      pendingParties: evaluating.filter((p) => !view.evaluation?.submissions.some((s) => s.partyId === p)),
    },
    termination: view.termination,
    parties: definition.parties.map(({ id, name, shortName }) => ({ id, name, shortName })),
    snapshot: base.snapshot,
    embeddedCommitments,
  } as Convention;
}

export function conventionFromRow(definition: ConventionDefinition, row: ConventionRow): Convention {
  return toConvention(definition, row, JSON.parse(row.view) as Omit<ConventionView, 'commitments'>);
}

export function toCommitment(
  definition: ConventionDefinition,
  conventionId: string,
  view: CommitmentView,
): Commitment {
  const source = definition.commitments.find((c) => c.id === view.id);
  return {
    id: `${conventionId}:${view.id}`,
    conventionId,
    key: view.id,
    article: source?.article ?? '',
    title: source?.title ?? view.id,
    text: source?.text ?? '',
    owners: view.owners,
    shape: view.shape as CommitmentShape,
    status: view.status,
    startedOn: view.startedOn,
    dueOn: view.dueOn,
    fulfilledAt: view.fulfilledAt,
    confirmations: view.confirmations.map((c) => ({
      partyId: c.partyId,
      confirmedAt: c.at,
      note: c.note,
      evidenceUrl: c.evidenceUrl,
    })),
    occurrences: view.occurrences.map((o) => ({
      index: o.index,
      startsOn: o.startsOn,
      dueOn: o.dueOn,
      status: o.status,
      fulfilments: o.fulfilments.length,
    })),
  } as Commitment;
}

export function commitmentFromRow(definition: ConventionDefinition, row: CommitmentRow): Commitment {
  return toCommitment(definition, row.conventionId, JSON.parse(row.view) as CommitmentView);
}

export function toHistoryEvent(row: EventRow): HistoryEvent {
  return {
    sequence: row.sequence,
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
    prevHash: row.prevHash,
    hash: row.hash,
  };
}

export function toWorkflow(d: ConventionDefinition): Workflow {
  return {
    id: d.id,
    version: d.version,
    title: d.title,
    sourceDocument: d.source.document,
    sourceSignedOn: d.source.signedOn ?? null,
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
      note: d.notice.note ?? null,
    },
    evaluation: d.evaluation && {
      cadence: d.evaluation.cadence,
      parties: d.evaluation.parties,
      criteria: d.evaluation.criteria,
      then: d.evaluation.then,
    },
    committees: d.committees,
    commitments: d.commitments.map((c) => ({
      key: c.id,
      article: c.article,
      title: c.title,
      text: c.text,
      owners: c.owners,
      shape: c.shape as CommitmentShape,
      due: c.due ?? null,
      every: c.every ?? null,
      atLeast: c.atLeast ?? null,
      committee: c.committee ?? null,
    })),
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
