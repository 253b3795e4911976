import { Field, ID, InputType } from '@nestjs/graphql';
import { MutationInput } from '../mutation-input';
import { TerminationCause } from '../conventions/termination-cause.enum';

@InputType()
export class TerminateConventionInput extends MutationInput {
  @Field(() => ID) conventionId!: string;
  @Field({ description: 'Why the party terminates (its letter, « lettre recommandée »).' }) reason!: string;
  @Field(() => TerminationCause, {
    nullable: true,
    description:
      'The right exercised, FORCE_MAJEURE or BREACH (Convention.terminationRights): needed only when the party holds both at once (BAD_USER_INPUT otherwise); absent, the one it holds.',
  })
  cause?: TerminationCause | null;
}
