import { Field, ID, InputType } from '@nestjs/graphql';
import { MutationInput } from '../mutation-input';
import { AmendmentChangesInput } from './amendment-changes.input';

@InputType()
export class ProposeAmendmentInput extends MutationInput {
  @Field(() => ID) conventionId!: string;
  @Field() summary!: string;
  @Field(() => AmendmentChangesInput) changes!: AmendmentChangesInput;
  @Field(() => String, {
    nullable: true,
    description: 'YYYY-MM-DD; by default the day the last signatory signs.',
  })
  effectiveOn?: string | null;
}
