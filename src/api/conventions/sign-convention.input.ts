import { Field, ID, InputType } from '@nestjs/graphql';
import { MutationInput } from '../mutation-input';

@InputType()
export class SignConventionInput extends MutationInput {
  @Field(() => ID) conventionId!: string;
  @Field(() => ID, {
    nullable: true,
    description: 'Needed only when your party signs through several signatories.',
  })
  signatoryId?: string | null;
}
