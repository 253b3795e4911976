import { Field, ID, InputType } from '@nestjs/graphql';

@InputType()
export class CreateCalendarFeedInput {
  @Field(() => ID, { description: 'The party whose deadlines the feed lists.' }) partyId!: string;
  @Field(() => String, {
    nullable: true,
    description: 'Whose calendar it is (one line, up to 200 characters).',
  })
  label?: string | null;
}
