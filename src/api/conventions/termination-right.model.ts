import { Field, ID, ObjectType } from '@nestjs/graphql';
import { TerminationCause } from './termination-cause.enum';

@ObjectType({
  description:
    "A right to terminate the convention (« l'autre partie pourra résilier »), open now: its holders may exercise it with terminateConvention; it lapses when its ground ends (the convention resumes).",
})
export class TerminationRight {
  @Field(() => TerminationCause, {
    description: 'Its ground, and the cause of the termination if exercised: FORCE_MAJEURE.',
  })
  cause!: TerminationCause;
  @Field({ description: 'The first day it may be exercised: the day after the suspension limit.' })
  since!: string;
  @Field(() => [ID], { description: 'The parties that may exercise it: all but the one that suspended.' })
  holders!: string[];
}
