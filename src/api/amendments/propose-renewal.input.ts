import { Field, ID, InputType } from '@nestjs/graphql';
import { MutationInput } from '../mutation-input';

@InputType()
export class ProposeRenewalInput extends MutationInput {
  @Field(() => ID) conventionId!: string;
  @Field(() => String, { nullable: true }) summary?: string | null;
}
