import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType()
export class Suspension {
  @Field(() => ID) partyId!: string;
  @Field() since!: string;
  @Field() reason!: string;
  @Field(() => String, {
    nullable: true,
    description: 'The convention terminates if still suspended that day.',
  })
  limitOn!: string | null;
}
