import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'A party system that receives signed event deliveries (Standard Webhooks).' })
export class WebhookEndpoint {
  @Field(() => ID) id!: string;
  @Field(() => ID) partyId!: string;
  @Field() url!: string;
  @Field(() => [String], { nullable: true, description: 'Event types wanted; null for every event.' })
  events!: string[] | null;
  @Field() createdAt!: string;
}
