import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType()
export class Committee {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field() cadence!: string;
  @Field(() => Int) atLeast!: number;
  @Field(() => [ID]) parties!: string[];
  @Field(() => String, {
    nullable: true,
    description:
      'Who must attend for a meeting to count (rules v2): "all" its members, or at least this many of them (as a number). Null: any one member. A meeting short of it is recorded but fulfils nothing.',
  })
  quorum!: string | null;
  @Field() mission!: string;
}
