import { Field, ID, InputType } from '@nestjs/graphql';

@InputType()
export class AddWebhookInput {
  @Field(() => ID) partyId!: string;
  @Field({ description: 'An http(s) URL.' }) url!: string;
  @Field(() => [String], { nullable: true, description: 'Event types wanted; every event by default.' })
  events?: string[] | null;
}
