import { startEvent } from './commitments';
import { rulesOf } from '../rules-version';
import { applyAmendment } from '../amendments';
import { IsoInstant } from '../calendar';
import { checkInput, checkState, EventOf, Roster } from '../checks';
import { Amendment, ConventionContext } from '../convention.context';
import { recomputedTerm } from '../convention-dates';
import { allSigned, amendmentById, commitmentInput, updateAmendment } from '../convention-queries';
import { ConventionDefinition } from '../definition';
import { assignContext, dayIn, enqueueFor, Guard, rosterOf } from './kit';
import { predecessorFulfilledOn } from './ordering';
import { signatureOf } from './signature';

/** Amendments (avenants): proposed, signed by all, withdrawn, or lapsing with the convention. */

type Amendments = Pick<ConventionContext, 'amendments'>;

export function recordProposal(context: Amendments, e: EventOf<'AMENDMENT_PROPOSED'>): Amendments {
  const amendment: Amendment = {
    id: e.amendmentId,
    kind: e.kind,
    summary: e.summary,
    proposedBy: e.actor.partyId ?? '',
    proposedAt: e.at,
    effectiveOn: e.effectiveOn,
    changes: e.changes,
    signatures: [],
    status: 'PROPOSED',
    settledAt: null,
    diff: null,
  };
  return { amendments: [...context.amendments, amendment] };
}

/** A signature; the last one settles it: a renewal is then applied, a change waits for its date. */
export function recordSignature(
  roster: Roster,
  context: Amendments,
  e: EventOf<'AMENDMENT_SIGNED'>,
): Amendments {
  const amendment = amendmentById(context, e.amendmentId);
  if (!amendment) throw new Error(`no amendment ${e.amendmentId}`);
  const signatures = [...amendment.signatures, signatureOf(roster, e)];
  const complete = allSigned(roster, signatures);
  const status = !complete ? 'PROPOSED' : amendment.kind === 'RENEWAL' ? 'APPLIED' : 'SIGNED';
  return {
    amendments: updateAmendment(context, e.amendmentId, {
      signatures,
      status,
      settledAt: complete ? e.at : null,
    }),
  };
}

export function recordWithdrawal(context: Amendments, e: EventOf<'AMENDMENT_WITHDRAWN'>): Amendments {
  return { amendments: updateAmendment(context, e.amendmentId, { status: 'WITHDRAWN', settledAt: e.at }) };
}

/** The convention ended: what was still pending lapses. */
export function lapsePending(context: Amendments, at: IsoInstant): Amendments {
  return {
    amendments: context.amendments.map((a) =>
      a.status === 'PROPOSED' || a.status === 'SIGNED'
        ? { ...a, status: 'LAPSED' as const, settledAt: at }
        : a,
    ),
  };
}

export function amendmentGuards(definition: ConventionDefinition) {
  const roster = rosterOf(definition);
  const dayOf = dayIn(definition);
  const amendmentProposable: Guard = ({ context, event }) =>
    event.type === 'AMENDMENT_PROPOSED' &&
    checkInput(roster, context, event) === undefined &&
    checkState(roster, context, event) === undefined;
  const amendmentSignable: Guard = ({ context, event }) =>
    event.type === 'AMENDMENT_SIGNED' && checkState(roster, context, event) === undefined;
  const signatureCompletesRenewal: Guard = ({ context, event }) => {
    if (event.type !== 'AMENDMENT_SIGNED') return false;
    const amendment = amendmentById(context, event.amendmentId);
    return (
      amendment?.kind === 'RENEWAL' &&
      allSigned(definition, [...amendment.signatures, { signatoryId: event.signatoryId }])
    );
  };
  const proposesRenewal: Guard = ({ event }) =>
    event.type === 'AMENDMENT_PROPOSED' && event.kind === 'RENEWAL';
  const amendmentWithdrawable: Guard = ({ context, event }) =>
    event.type === 'AMENDMENT_WITHDRAWN' && checkState(roster, context, event) === undefined;
  const amendmentEffectiveDateReached: Guard = ({ context, event }) => {
    if (event.type !== 'AMENDMENT_TOOK_EFFECT') return false;
    const amendment = amendmentById(context, event.amendmentId);
    if (amendment?.status !== 'SIGNED' || amendment.kind !== 'CHANGE') return false;
    // A signed amendment is settled: without a date of its own it takes effect from then.
    const effectiveOn = amendment.effectiveOn ?? (amendment.settledAt && dayOf(amendment.settledAt));
    return effectiveOn !== null && dayOf(event.at) >= effectiveOn;
  };
  return {
    amendmentProposable,
    amendmentSignable,
    signatureCompletesRenewal,
    proposesRenewal,
    amendmentWithdrawable,
    amendmentEffectiveDateReached,
  };
}

export function amendmentActions(definition: ConventionDefinition) {
  const roster = rosterOf(definition);
  const dayOf = dayIn(definition);
  return {
    recordAmendmentProposal: assignContext(({ context }, e: EventOf<'AMENDMENT_PROPOSED'>) =>
      recordProposal(context, e),
    ),
    recordAmendmentSignature: assignContext(({ context }, e: EventOf<'AMENDMENT_SIGNED'>) =>
      recordSignature(roster, context, e),
    ),
    recordAmendmentWithdrawal: assignContext(({ context }, e: EventOf<'AMENDMENT_WITHDRAWN'>) =>
      recordWithdrawal(context, e),
    ),
    /** The changes apply to rules and terms; new commitments start, removed ones are waived. */
    applyAmendment: enqueueFor(({ context, enqueue }, e: EventOf<'AMENDMENT_TOOK_EFFECT'>) => {
      const amendment = amendmentById(context, e.amendmentId);
      if (!amendment) return;
      const applied = applyAmendment(amendment.id, amendment.changes, context.rules, context.terms);
      const startsOn = dayOf(e.at);
      enqueue.assign(({ spawn }) => ({
        rules: applied.rules,
        terms: applied.terms,
        term: context.term ? recomputedTerm(applied.rules, context.term, context.rulesVersion) : null,
        amendments: updateAmendment(context, amendment.id, { status: 'APPLIED', diff: applied.diff }),
        commitments: {
          ...context.commitments,
          ...Object.fromEntries(
            applied.spawn.map((terms) => [
              terms.id,
              spawn('commitment', { id: terms.id, input: commitmentInput(terms, definition.timeZone) }),
            ]),
          ),
        },
      }));
      for (const key of applied.discharge) {
        const child = context.commitments[key];
        if (child) enqueue.sendTo(child, { type: 'WAIVE', at: e.at });
      }
      for (const terms of applied.spawn) {
        const start = startEvent(startsOn, rulesOf(context.rulesVersion));
        // A new version of a commitment that comes `after` one already fulfilled is owed at once.
        const afterFulfilledOn = terms.after && predecessorFulfilledOn(context, terms.after, dayOf);
        enqueue.sendTo(terms.id, afterFulfilledOn ? { ...start, afterFulfilledOn } : start);
      }
    }),
    lapsePendingAmendments: assignContext(({ context, event }) => lapsePending(context, event.at)),
  };
}
