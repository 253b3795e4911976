import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType()
export class CommitmentLineage {
  @Field(() => ID) from!: string;
  @Field(() => ID) to!: string;
}
