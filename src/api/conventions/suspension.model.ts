import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType()
export class Suspension {
  @Field(() => ID) partyId!: string;
  @Field() since!: string;
  @Field() reason!: string;
  @Field(() => String, {
    nullable: true,
    description:
      'The last day the suspension may last: the convention terminates if still suspended the day after (rules v1: on this day).',
  })
  limitOn!: string | null;
}
