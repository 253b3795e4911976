import { Field, ID, InputType } from '@nestjs/graphql';
import { MutationInput } from '../mutation-input';

@InputType()
export class ReportBreachInput extends MutationInput {
  @Field(() => ID) commitmentId!: string;
  @Field({ description: 'What the owing party did or failed to do.' }) description!: string;
  @Field({ description: 'An http(s) link to the evidence of the breach.' }) evidenceUrl!: string;
}
