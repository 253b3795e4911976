import { Field, ID, ObjectType } from '@nestjs/graphql';
import { TerminationCause } from './termination-cause.enum';

@ObjectType({
  description:
    "A right to terminate the convention (« l'autre partie pourra résilier »), open now: its holders may exercise it with terminateConvention; it lapses when its ground ends (the convention resumes; the breach is cured late).",
})
export class TerminationRight {
  @Field(() => TerminationCause, {
    description: 'Its ground, and the cause of the termination if exercised: FORCE_MAJEURE or BREACH.',
  })
  cause!: TerminationCause;
  @Field({
    description:
      'The first day it may be exercised: the day after the suspension limit, or after the cure period of a formal notice left without effect.',
  })
  since!: string;
  @Field(() => [ID], {
    description:
      'The parties that may exercise it: all but the one that suspended; for BREACH, those the commitment is owed to (not its owners).',
  })
  holders!: string[];
  @Field(() => String, {
    nullable: true,
    description: 'BREACH: the key of the commitment in breach; null for FORCE_MAJEURE.',
  })
  commitmentKey!: string | null;
}
