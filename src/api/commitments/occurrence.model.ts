import { Field, Int, ObjectType } from '@nestjs/graphql';
import { Fulfilment } from './fulfilment.model';
import { OccurrenceStatus } from './occurrence-status.enum';

@ObjectType({ description: 'One period of a recurring commitment.' })
export class Occurrence {
  @Field(() => Int) index!: number;
  @Field() startsOn!: string;
  @Field() dueOn!: string;
  @Field({
    description:
      'Rules v4: the period fell due before the convention was signed (in force before its signature), or within the grace after it: `dueOn` is the last day of the grace (`TermRule.graceAfterSignature`, a month by default) so that its owner can still record it, and `dueUnderTermsOn` the date its terms gave. False otherwise.',
  })
  late!: boolean;
  @Field(() => String, {
    nullable: true,
    description:
      'A late occurrence (`late`): the due date its terms gave, before the signature. Null otherwise.',
  })
  dueUnderTermsOn!: string | null;
  @Field(() => OccurrenceStatus) status!: OccurrenceStatus;
  @Field(() => Int, { description: 'Fulfilments recorded in this period.' }) fulfilmentCount!: number;
  @Field(() => [Fulfilment]) fulfilments!: Fulfilment[];
}
