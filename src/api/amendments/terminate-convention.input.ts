import { Field, ID, InputType } from '@nestjs/graphql';
import { MutationInput } from '../mutation-input';

@InputType()
export class TerminateConventionInput extends MutationInput {
  @Field(() => ID) conventionId!: string;
  @Field({ description: 'Why the party terminates (its letter, « lettre recommandée »).' }) reason!: string;
}
