import { Field, ID, InputType } from '@nestjs/graphql';
import { ConventionStatus } from './convention-status.enum';

@InputType()
export class ConventionFilter {
  @Field(() => ConventionStatus, { nullable: true }) status?: ConventionStatus | null;
  @Field(() => ID, { nullable: true }) partyId?: string | null;
  @Field(() => ID, { nullable: true }) workflowId?: string | null;
}
