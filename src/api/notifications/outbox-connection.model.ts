import { Field, Int, ObjectType } from '@nestjs/graphql';
import { PageInfo } from '../page-info.model';
import { OutboxMessage } from './outbox-message.model';

@ObjectType()
export class OutboxEdge {
  @Field() cursor!: string;
  @Field(() => OutboxMessage) node!: OutboxMessage;
}

@ObjectType()
export class OutboxConnection {
  @Field(() => [OutboxEdge]) edges!: OutboxEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int) totalCount!: number;
}
