import { amendmentProblem } from '../amendments';
import { ConventionContext, pendingAmendment } from '../convention.context';
import { FIRST_DAY, isDayInWindow, LAST_DAY } from '../date-window';
import { badInput, CheckRefusal, EventOf, invalid, Roster } from './refusal';
import { signatoryProblem } from './signature';

type AmendmentContext = Pick<ConventionContext, 'amendments' | 'rules' | 'terms' | 'term'>;

/** What the proposal itself says: a real effective date, changes that fit the convention. */
export function checkProposalInput(
  roster: Roster,
  context: AmendmentContext,
  event: EventOf<'AMENDMENT_PROPOSED'>,
  isOpen: (commitmentId: string) => boolean,
): CheckRefusal | undefined {
  if (event.effectiveOn !== null && !isDayInWindow(event.effectiveOn)) {
    return badInput(
      `effectiveOn must be a real date (YYYY-MM-DD) from ${FIRST_DAY} to ${LAST_DAY}, got "${event.effectiveOn}"`,
    );
  }
  if (event.kind === 'RENEWAL') return undefined;
  const problem = amendmentProblem(
    event.changes,
    context.rules,
    context.terms,
    roster.parties,
    roster.committees,
    isOpen,
  );
  if (problem === null) return undefined;
  const touched = [
    ...(event.changes.changeCommitments ?? []).map((c) => c.id),
    ...(event.changes.waiveCommitments ?? []),
  ];
  const unknownCommitments = touched.filter((id) => context.terms[id]?.supersededBy !== null);
  return badInput(problem, unknownCommitments.length ? { unknownCommitments } : undefined);
}

/** One amendment at a time, numbered in order; a renewal only where the text provides one. */
export function checkProposal(
  context: AmendmentContext,
  event: EventOf<'AMENDMENT_PROPOSED'>,
): CheckRefusal | undefined {
  const pending = pendingAmendment(context);
  if (pending) {
    return invalid(
      `amendment ${pending.id} is still ${pending.status.toLowerCase()}: one amendment at a time`,
      {
        pendingAmendment: pending.id,
      },
    );
  }
  const next = `A${context.amendments.length + 1}`;
  if (event.amendmentId !== next) return invalid(`the next amendment is ${next}`, { amendmentId: next });
  if (event.kind !== 'RENEWAL') return undefined;
  if (context.rules.renewal.kind !== 'amendment')
    return invalid('this convention is not renewed by amendment');
  if (context.term?.endsOn == null) return invalid('the current term has no end to renew');
  return undefined;
}

/** A signature of a proposed amendment by a signatory who has not signed it yet. */
export function checkAmendmentSignature(
  roster: Roster,
  context: Pick<ConventionContext, 'amendments'>,
  event: EventOf<'AMENDMENT_SIGNED'>,
): CheckRefusal | undefined {
  const amendment = context.amendments.find((a) => a.id === event.amendmentId);
  if (!amendment) return invalid(`no amendment ${event.amendmentId} on this convention`);
  if (amendment.status !== 'PROPOSED') {
    return invalid(
      `amendment ${amendment.id} is ${amendment.status.toLowerCase()}: there is nothing to sign`,
    );
  }
  return signatoryProblem(roster, amendment.signatures, event.signatoryId, `amendment ${amendment.id}`);
}

/** Only a proposal not yet signed by all may be withdrawn. */
export function checkWithdrawal(
  context: Pick<ConventionContext, 'amendments'>,
  event: EventOf<'AMENDMENT_WITHDRAWN'>,
): CheckRefusal | undefined {
  const amendment = context.amendments.find((a) => a.id === event.amendmentId);
  if (!amendment) return invalid(`no amendment ${event.amendmentId} on this convention`);
  if (amendment.status !== 'PROPOSED') {
    return invalid(
      `amendment ${amendment.id} is ${amendment.status.toLowerCase()}: only a proposal may be withdrawn`,
    );
  }
  return undefined;
}
