import { Field, ID, InputType } from '@nestjs/graphql';
import { MutationInput } from '../mutation-input';

@InputType()
export class GiveNoticeInput extends MutationInput {
  @Field(() => ID) conventionId!: string;
  @Field() reason!: string;
}
