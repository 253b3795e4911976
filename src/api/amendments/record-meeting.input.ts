import { Field, ID, InputType } from '@nestjs/graphql';
import { MutationInput } from '../mutation-input';

@InputType()
export class RecordMeetingInput extends MutationInput {
  @Field(() => ID) conventionId!: string;
  @Field({ description: 'Committee id from the definition.' }) committee!: string;
  @Field({ description: 'YYYY-MM-DD' }) heldOn!: string;
  @Field(() => [ID]) attendingParties!: string[];
  @Field(() => String, { nullable: true }) minutesUrl?: string | null;
  @Field(() => [String], { nullable: true }) decisions?: string[] | null;
}
