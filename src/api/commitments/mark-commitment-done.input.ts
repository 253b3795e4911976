import { Field, ID, InputType } from '@nestjs/graphql';
import { MutationInput } from '../mutation-input';

@InputType()
export class MarkCommitmentDoneInput extends MutationInput {
  @Field(() => ID) commitmentId!: string;
  @Field(() => String, { nullable: true }) note?: string | null;
  @Field(() => String, { nullable: true, description: 'An http(s) link to the evidence.' })
  evidenceUrl?: string | null;
}
