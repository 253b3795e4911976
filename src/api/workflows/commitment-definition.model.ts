import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { CommitmentShape } from './commitment-shape.enum';

@ObjectType()
export class CommitmentDefinition {
  @Field(() => ID) key!: string;
  @Field() article!: string;
  @Field() title!: string;
  @Field() text!: string;
  @Field(() => [ID]) owners!: string[];
  @Field(() => CommitmentShape) shape!: CommitmentShape;
  @Field(() => String, { nullable: true }) due!: string | null;
  @Field(() => String, { nullable: true }) every!: string | null;
  @Field(() => Int, { nullable: true }) atLeast!: number | null;
  @Field(() => String, { nullable: true }) committee!: string | null;
}
