import { Field, ObjectType } from '@nestjs/graphql';
import { CalendarFeed } from './calendar-feed.model';

@ObjectType()
export class CreateCalendarFeedPayload {
  @Field(() => CalendarFeed) feed!: CalendarFeed;
  @Field({ description: 'The feed URL with its secret key: shown only in this answer.' }) url!: string;
}
