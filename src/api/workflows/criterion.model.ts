import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType()
export class Criterion {
  @Field(() => ID) id!: string;
  @Field() label!: string;
}
