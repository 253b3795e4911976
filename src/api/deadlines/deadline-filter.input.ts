import { Field, ID, InputType } from '@nestjs/graphql';

@InputType()
export class DeadlineFilter {
  @Field(() => ID, { nullable: true, description: 'Deadlines of conventions this party is party to.' })
  partyId?: string | null;
  @Field(() => ID, { nullable: true }) conventionId?: string | null;
  @Field(() => String, { nullable: true, description: 'Due strictly before this date (YYYY-MM-DD).' })
  before?: string | null;
}
