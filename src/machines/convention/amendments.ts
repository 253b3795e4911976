import { IsoInstant } from '../calendar';
import { EventOf, Roster } from '../checks';
import { Amendment, ConventionContext } from '../convention.context';
import { allSigned, amendmentById, updateAmendment } from '../convention-queries';
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
