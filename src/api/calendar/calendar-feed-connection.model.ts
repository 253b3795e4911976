import { Field, ObjectType } from '@nestjs/graphql';
import { PageInfo } from '../page-info.model';
import { CalendarFeed } from './calendar-feed.model';

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
