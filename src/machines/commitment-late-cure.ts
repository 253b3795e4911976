import { and } from 'xstate';
import type { CommitmentContext, CommitmentEvent } from './commitment.machine';

/**
 * Cured late (`breach.termination: right`): while the right to terminate for breach is open, the
 * convention sends the owners' confirmations of a VIOLATED one-off or standing commitment with
 * `late`; the last owner's fulfils it. No other confirmation of a VIOLATED commitment is accepted,
 * so the histories stored before replay the same.
 */
export function curedLate(context: CommitmentContext, event: CommitmentEvent): boolean {
  return (
    event.type === 'CONFIRM' &&
    event.late === true &&
    context.shape !== 'recurring' &&
    context.owners.includes(event.partyId) &&
    !context.confirmations.some((c) => c.partyId === event.partyId)
  );
}

/** The transitions a VIOLATED commitment takes on a late confirmation. */
export const lateCure = {
  CONFIRM: [
    {
      guard: and(['curedLate', 'completesFulfilment']),
      target: 'fulfilled',
      actions: ['recordFulfilment', 'clearEnd'],
    },
    { guard: 'curedLate', actions: 'recordConfirmation' },
  ],
} as const;
