import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType()
export class Committee {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field() cadence!: string;
  @Field(() => Int) atLeast!: number;
  @Field(() => [ID]) parties!: string[];
  @Field() mission!: string;
}
