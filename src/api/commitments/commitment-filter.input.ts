import { Field, ID, InputType } from '@nestjs/graphql';
import { CommitmentStatus } from './commitment-status.enum';

@InputType()
export class CommitmentFilter {
  @Field(() => ID, { nullable: true, description: 'Commitments owned (alone or jointly) by this party.' })
  partyId?: string | null;
  @Field(() => CommitmentStatus, { nullable: true }) status?: CommitmentStatus | null;
  @Field(() => String, { nullable: true, description: 'Due strictly before this date (YYYY-MM-DD).' })
  dueBefore?: string | null;
  @Field(() => ID, { nullable: true }) conventionId?: string | null;
}
