import { Field, Int, ObjectType } from '@nestjs/graphql';
import { PageInfo } from '../page-info.model';
import { Convention } from './convention.model';

@ObjectType()
export class ConventionEdge {
  @Field() cursor!: string;
  @Field(() => Convention) node!: Convention;
}

@ObjectType()
export class ConventionConnection {
  @Field(() => [ConventionEdge]) edges!: ConventionEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int) totalCount!: number;
}
