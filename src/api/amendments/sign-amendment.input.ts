import { Field, ID, InputType } from '@nestjs/graphql';
import { MutationInput } from '../mutation-input';

@InputType()
export class SignAmendmentInput extends MutationInput {
  @Field(() => ID) conventionId!: string;
  @Field(() => ID, { nullable: true, description: 'Defaults to the pending amendment.' }) amendmentId?:
    string | null;
  @Field(() => ID, {
    nullable: true,
    description: 'Needed only when your party signs through several signatories.',
  })
  signatoryId?: string | null;
}
