import { Field, ID, InputType } from '@nestjs/graphql';
import { MutationInput } from '../mutation-input';

@InputType()
export class WithdrawAmendmentInput extends MutationInput {
  @Field(() => ID) conventionId!: string;
  @Field(() => ID) amendmentId!: string;
  @Field() reason!: string;
}
