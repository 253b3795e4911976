import { Field, ObjectType } from '@nestjs/graphql';
import { TerminationCause } from './termination-cause.enum';

@ObjectType()
export class Termination {
  @Field() on!: string;
  @Field(() => TerminationCause) cause!: TerminationCause;
}
