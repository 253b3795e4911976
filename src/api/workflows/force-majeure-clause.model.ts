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
      'What follows a suspension longer than `maxSuspension`: terminate (the convention terminates on its own, « résiliée de plein droit »; the only consequence the definition format states today).',
  })
  consequence!: string;
  @Field(() => String, {
    nullable: true,
    description:
      "The definition's comment on this clause, usually the words of the source text; null when it gives none.",
  })
  note!: string | null;
}
