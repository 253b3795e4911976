import { Field, Int, ObjectType } from '@nestjs/graphql';
import { Fulfilment } from './fulfilment.model';
import { OccurrenceStatus } from './occurrence-status.enum';

@ObjectType({ description: 'One period of a recurring commitment.' })
export class Occurrence {
  @Field(() => Int) index!: number;
  @Field({ description: 'First day the occurrence is owed (confirmations from then count for it).' })
  startsOn!: string;
  @Field({ description: 'Last day to fulfil it, included; missed, it is VIOLATED the day after.' })
  dueOn!: string;
  @Field({
    description:
      'First day of the period it covers: `startsOn`, except with `dueAfterPeriod` (the relevé of January, owed from 11 January: 1 January).',
  })
  periodStartsOn!: string;
  @Field({
    description:
      'Last day of the period it covers: `dueOn`, except with `dueAfterPeriod` (the relevé of January, due on 10 February: 31 January).',
  })
  periodEndsOn!: string;
  @Field({
    description:
      'Rules v4: the period fell due before the convention was signed (in force before its signature), or within the grace after it: `dueOn` is the last day of the grace (`TermRule.graceAfterSignature`).',
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
