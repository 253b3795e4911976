import { Field, ObjectType } from '@nestjs/graphql';
import { CalendarFeed } from './calendar-feed.model';

@ObjectType()
export class RevokeCalendarFeedPayload {
  @Field(() => CalendarFeed) feed!: CalendarFeed;
}
