import { Actor } from '../machines/actor';
import { ConventionContext } from '../machines/convention.context';
import { ConventionStatus } from '../machines/convention.view';
import { ConventionDefinition } from '../machines/definition';

export type NoticeKind =
  | 'SIGNATURE_GIVEN'
  | 'COMMITMENT_CONFIRMED'
  | 'NOTICE_GIVEN'
  | 'AMENDMENT_PROPOSED'
  | 'AMENDMENT_SIGNED'
  | 'AMENDMENT_TOOK_EFFECT'
  | 'FORMAL_NOTICE_SERVED'
  | 'CONVENTION_SUSPENDED'
  | 'CONVENTION_RENEWED'
  | 'CONVENTION_TERMINATED';

/** What the templates say about one event (every field optional but the title). */
export interface NoticeFacts {
  title: string;
  party?: string;
  inForceOn?: string;
  commitment?: string;
  note?: string;
  evidenceUrl?: string;
  effectiveOn?: string;
  summary?: string;
  reason?: string;
  cause?: string;
  termNumber?: number;
}

export interface Notice {
  kind: NoticeKind;
  /** Parties whose contacts are told: every party but the one that acted. */
  parties: string[];
  facts: NoticeFacts;
}

/**
 * The notices one accepted event gives, from the convention as it stands after it. A party is
 * never told what it did itself; time-driven events are told to every party.
 */
export function noticesOf(
  definition: ConventionDefinition,
  context: ConventionContext,
  event: { type: string; payload: Record<string, unknown>; actor: Actor },
  statusBefore: ConventionStatus | null,
  statusAfter: ConventionStatus,
): Notice[] {
  const others = definition.parties.map((p) => p.id).filter((p) => p !== event.actor.partyId);
  const partyName = definition.parties.find((p) => p.id === event.actor.partyId)?.shortName;
  const base: NoticeFacts = { title: context.title, ...(partyName ? { party: partyName } : {}) };
  const p = event.payload;
  const commitmentTitle = (id: unknown) =>
    typeof id === 'string' ? (context.terms[id]?.title ?? id) : undefined;
  const amendment = context.amendments.find((a) => a.id === p.amendmentId);
  const notices: Notice[] = [];
  const tell = (kind: NoticeKind, facts: Partial<NoticeFacts>) =>
    notices.push({ kind, parties: others, facts: dropUndefined({ ...base, ...facts }) });

  switch (event.type) {
    case 'SIGNATURE_GIVEN':
      tell('SIGNATURE_GIVEN', {
        inForceOn: statusAfter !== 'DRAFT' ? (context.effectiveOn ?? undefined) : undefined,
      });
      break;
    case 'COMMITMENT_CONFIRMED':
      tell('COMMITMENT_CONFIRMED', {
        commitment: commitmentTitle(p.commitmentId),
        note: str(p.note),
        evidenceUrl: str(p.evidenceUrl),
      });
      break;
    case 'NOTICE_GIVEN':
      tell('NOTICE_GIVEN', { effectiveOn: context.notice?.effectiveOn, reason: str(p.reason) });
      break;
    case 'AMENDMENT_PROPOSED':
    case 'AMENDMENT_SIGNED':
    case 'AMENDMENT_TOOK_EFFECT':
      tell(event.type, { summary: amendment?.summary, effectiveOn: amendment?.effectiveOn ?? undefined });
      break;
    case 'FORMAL_NOTICE_SERVED':
      tell('FORMAL_NOTICE_SERVED', { commitment: commitmentTitle(p.commitmentId), reason: str(p.reason) });
      break;
    case 'CONVENTION_SUSPENDED':
      tell('CONVENTION_SUSPENDED', { reason: str(p.reason) });
      break;
  }
  if (statusAfter === 'RENEWED' && statusBefore !== 'RENEWED') {
    tell('CONVENTION_RENEWED', { termNumber: (context.term?.number ?? 0) + 1 });
  }
  if (statusAfter === 'TERMINATED' && statusBefore !== 'TERMINATED' && context.termination) {
    tell('CONVENTION_TERMINATED', { effectiveOn: context.termination.on, cause: context.termination.cause });
  }
  return notices;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value ? value : undefined;
}

function dropUndefined(facts: NoticeFacts): NoticeFacts {
  return Object.fromEntries(Object.entries(facts).filter(([, v]) => v !== undefined)) as NoticeFacts;
}
