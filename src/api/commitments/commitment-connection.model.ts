import { Field, Int, ObjectType } from '@nestjs/graphql';
import { PageInfo } from '../page-info.model';
import { Commitment } from './commitment.model';

@ObjectType()
export class CommitmentEdge {
  @Field() cursor!: string;
  @Field(() => Commitment) node!: Commitment;
}

@ObjectType()
export class CommitmentConnection {
  @Field(() => [CommitmentEdge]) edges!: CommitmentEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int) totalCount!: number;
}
