import { ConventionContext } from '../convention.context';
import { endCauseOf } from '../definition';
import { CheckRefusal, invalid } from './refusal';

/**
 * A commitment that arises only if the convention ends in a given way (`onlyIfEndedBy`) and
 * never arose, the convention having ended otherwise: nothing about it can be done.
 */
export function checkNotLapsed(
  context: Pick<ConventionContext, 'terms' | 'commitments' | 'termination'>,
  commitmentId: string,
): CheckRefusal | undefined {
  if (context.commitments[commitmentId]?.getSnapshot().value !== 'lapsed') return undefined;
  const causes = context.terms[commitmentId]?.onlyIfEndedBy ?? [];
  const endedBy = context.termination ? endCauseOf(context.termination.cause) : 'another cause';
  return invalid(
    `commitment ${commitmentId} never arose: it arises only if the convention ends by ${causes.join(' or ')}, and it ended by ${endedBy}`,
    { commitmentId, onlyIfEndedBy: causes, endedBy },
  );
}
