import { Field, Int, ObjectType } from '@nestjs/graphql';
import { PageInfo } from '../page-info.model';
import { Checkpoint } from './checkpoint.model';

@ObjectType()
export class CheckpointEdge {
  @Field() cursor!: string;
  @Field(() => Checkpoint) node!: Checkpoint;
}

@ObjectType()
export class CheckpointConnection {
  @Field(() => [CheckpointEdge]) edges!: CheckpointEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int) totalCount!: number;
}
