import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'A durable time trigger of a convention.' })
export class Deadline {
  @Field(() => ID) conventionId!: string;
  @Field({
    description: 'EFFECTIVE_DATE, COMMITMENT_DUE, NOTICE_DEADLINE, TERM_END, TERMINATION, EVALUATION_PERIOD.',
  })
  kind!: string;
  @Field(() => String, { nullable: true, description: 'The commitment concerned, if any.' }) subject!:
    string | null;
  @Field({
    description:
      'The day it fires: the day after the last day it closes (a notice deadline of 24 March fires on the 25th).',
  })
  dueOn!: string;
  @Field({ description: 'The instant it fires (start of `dueOn` in the convention’s time zone).' })
  dueAt!: string;
  @Field({ description: 'The event the scheduler sends when it falls due.' }) eventType!: string;
}
