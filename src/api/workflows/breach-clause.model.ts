import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType({
  description:
    'Termination for breach: a party that does not owe a commitment (its creditor) may serve formal notice (« mise en demeure ») on a violated commitment, or on a standing duty whose breach it reported; left unanswered for `curePeriod`, the convention terminates for breach (on its own, or by a creditor: `termination`).',
})
export class BreachClause {
  @Field({
    description:
      'ISO-8601 cure period that runs from the formal notice (« un mois après une mise en demeure »).',
  })
  curePeriod!: string;
  @Field({
    description:
      'How it terminates: "automatic" (on its own the day after the cure period, « résiliée de plein droit »; the default) or "right" (the parties the commitment is owed to may terminate it from that day, « pourra être résiliée par l\'autre partie », with terminateConvention, until its owners cure the breach late).',
  })
  termination!: string;
  @Field(() => String, {
    nullable: true,
    description:
      "The definition's comment on this clause, usually the words of the source text; null when it gives none.",
  })
  note!: string | null;
}
