import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType({
  description:
    'Suspension for force majeure: any party may suspend the convention (its deadlines pause); a suspension that lasts longer than `maxSuspension` has the `consequence` stated.',
})
export class ForceMajeureClause {
  @Field({ description: 'ISO-8601 longest suspension allowed (« si la suspension dure plus de six mois »).' })
  maxSuspension!: string;
  @Field({
    description:
      'What follows a suspension longer than `maxSuspension`: terminate (the only consequence the definition format states today; `termination` says whether on its own or by a party).',
  })
  consequence!: string;
  @Field({
    description:
      'How it terminates: "automatic" (on its own, « résiliée de plein droit »; the default) or "right" (the parties other than the one that suspended may terminate it from the day after the limit, « l\'autre partie pourra résilier », with terminateConvention, while it stays suspended).',
  })
  termination!: string;
  @Field(() => String, {
    nullable: true,
    description:
      "The definition's comment on this clause, usually the words of the source text; null when it gives none.",
  })
  note!: string | null;
}
