import { Field, ID, InputType } from '@nestjs/graphql';
import { MutationInput } from '../mutation-input';

@InputType()
export class SuspendConventionInput extends MutationInput {
  @Field(() => ID) conventionId!: string;
  @Field({ description: 'The force-majeure event.' }) reason!: string;
}
