import { Field, Int, ObjectType } from '@nestjs/graphql';
import { Fulfilment } from './fulfilment.model';
import { OccurrenceStatus } from './occurrence-status.enum';

@ObjectType({ description: 'One period of a recurring commitment.' })
export class Occurrence {
  @Field(() => Int) index!: number;
  @Field() startsOn!: string;
  @Field() dueOn!: string;
  @Field(() => OccurrenceStatus) status!: OccurrenceStatus;
  @Field(() => Int, { description: 'Fulfilments recorded in this period.' }) fulfilmentCount!: number;
  @Field(() => [Fulfilment]) fulfilments!: Fulfilment[];
}
