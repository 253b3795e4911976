import { Field, ObjectType } from '@nestjs/graphql';
import { Deadline } from '../deadlines/deadline.model';

@ObjectType()
export class AdvanceClockPayload {
  @Field() now!: string;
  @Field(() => [Deadline], { description: 'Deadlines fired on the way, in the order they fired.' })
  fired!: Deadline[];
}
