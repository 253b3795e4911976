import { Field, ID, InputType } from '@nestjs/graphql';

@InputType()
export class RevokeCalendarFeedInput {
  @Field(() => ID) id!: string;
}
