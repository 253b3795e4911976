import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'How a party may end the convention early by notice (« dénonciation »).' })
export class NoticeRule {
  @Field({
    description:
      'period (notice at any time, effective after `period`), anniversary (effective at the next anniversary of the start date, given within `window` before it when stated) or none (no early end).',
  })
  kind!: string;
  @Field(() => String, {
    nullable: true,
    description: 'ISO-8601 notice period (kind period): notice takes effect this long after it is given.',
  })
  period!: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'ISO-8601 window (kind anniversary): notice may only be given within this long before the anniversary (« dans les trois mois précédant la date anniversaire »). Null: at any time before it.',
  })
  window!: string | null;
  @Field(() => String, { nullable: true }) note!: string | null;
}
