import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { PageInfo } from '../page-info.model';

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

@ObjectType()
export class CalendarFeedEdge {
  @Field() cursor!: string;
  @Field(() => CalendarFeed) node!: CalendarFeed;
}

@ObjectType()
export class CalendarFeedConnection {
  @Field(() => [CalendarFeedEdge]) edges!: CalendarFeedEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}

@ObjectType()
export class CreateCalendarFeedPayload {
  @Field(() => CalendarFeed) feed!: CalendarFeed;
  @Field({ description: 'The feed URL with its secret key: shown only in this answer.' }) url!: string;
}

@ObjectType()
export class RevokeCalendarFeedPayload {
  @Field(() => CalendarFeed) feed!: CalendarFeed;
}

@InputType()
export class CreateCalendarFeedInput {
  @Field(() => ID, { description: 'The party whose deadlines the feed lists.' }) partyId!: string;
  @Field(() => String, {
    nullable: true,
    description: 'Whose calendar it is (one line, up to 200 characters).',
  })
  label?: string | null;
}

@InputType()
export class RevokeCalendarFeedInput {
  @Field(() => ID) id!: string;
}
