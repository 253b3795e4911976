import { Field, InputType } from '@nestjs/graphql';
import { MutationInput } from '../mutation-input';

@InputType()
export class AdvanceClockInput extends MutationInput {
  @Field({ description: 'ISO-8601 instant; never earlier than now.' }) to!: string;
}
