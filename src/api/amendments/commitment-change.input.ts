import { Field, ID, Int, InputType } from '@nestjs/graphql';

@InputType({
  description: 'New wording or rules for an existing commitment; omitted fields keep their value.',
})
export class CommitmentChangeInput {
  @Field(() => ID, { description: 'Key of the current version.' }) id!: string;
  @Field(() => String, { nullable: true }) article?: string | null;
  @Field(() => String, { nullable: true }) title?: string | null;
  @Field(() => String, { nullable: true }) text?: string | null;
  @Field(() => [ID], { nullable: true }) owners?: string[] | null;
  @Field(() => String, { nullable: true }) due?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'One-off with a dueBy: the new date it is due by, YYYY-MM-DD, that day included.',
  })
  dueBy?: string | null;
  @Field(() => String, { nullable: true }) every?: string | null;
  @Field(() => Int, { nullable: true }) atLeast?: number | null;
}
