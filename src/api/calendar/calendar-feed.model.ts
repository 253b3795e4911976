import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType({
  description: "A party's calendar feed (GET /calendar/<key>.ics). Its key is never shown again.",
})
export class CalendarFeed {
  @Field(() => ID) id!: string;
  @Field(() => ID) partyId!: string;
  @Field(() => String, { nullable: true }) label!: string | null;
  @Field() createdAt!: string;
  @Field(() => String, { nullable: true }) revokedAt!: string | null;
}
