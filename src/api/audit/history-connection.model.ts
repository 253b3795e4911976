import { Field, Int, ObjectType } from '@nestjs/graphql';
import { PageInfo } from '../page-info.model';
import { HistoryEvent } from './history-event.model';

@ObjectType()
export class HistoryEdge {
  @Field() cursor!: string;
  @Field(() => HistoryEvent) node!: HistoryEvent;
}

@ObjectType()
export class HistoryConnection {
  @Field(() => [HistoryEdge]) edges!: HistoryEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int) totalCount!: number;
}
