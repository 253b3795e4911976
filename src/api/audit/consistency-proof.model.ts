import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'Proof that the log of size `fromSize` is a prefix of the log of size `toSize`.' })
export class ConsistencyProof {
  @Field(() => Int) fromSize!: number;
  @Field(() => Int) toSize!: number;
  @Field() fromRoot!: string;
  @Field() toRoot!: string;
  @Field(() => [String]) proof!: string[];
}
