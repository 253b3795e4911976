import { Field, ID, InputType } from '@nestjs/graphql';
import { MutationInput } from '../mutation-input';

@InputType()
export class ResumeConventionInput extends MutationInput {
  @Field(() => ID) conventionId!: string;
}
