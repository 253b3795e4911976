import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType()
export class Meeting {
  @Field() committee!: string;
  @Field() heldOn!: string;
  @Field(() => [ID]) attendingParties!: string[];
  @Field(() => String, { nullable: true }) minutesUrl!: string | null;
  @Field(() => [String]) decisions!: string[];
  @Field(() => ID) recordedBy!: string;
  @Field() recordedAt!: string;
  @Field(() => ID, { description: 'The recurring commitment it fulfilled.' }) commitmentKey!: string;
}
