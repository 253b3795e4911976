import { Field, ID, InputType } from '@nestjs/graphql';
import { MutationInput } from '../mutation-input';

@InputType()
export class ServeFormalNoticeInput extends MutationInput {
  @Field(() => ID) commitmentId!: string;
  @Field() reason!: string;
}
