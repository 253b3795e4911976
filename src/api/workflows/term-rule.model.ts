import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType({
  description:
    'Term of a definition: fixed with an ISO-8601 duration, until a hard end date, or open-ended; with `endsWhenFulfilled`, it also ends early once those commitments are fulfilled.',
})
export class TermRule {
  @Field({
    description: 'fixed (a duration from the effective date), until (a hard end date) or open-ended.',
  })
  kind!: string;
  @Field(() => String, {
    nullable: true,
    description: 'ISO-8601 length of the first term (kind fixed); null otherwise.',
  })
  duration!: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      "Hard end (kind until): the last day of the convention, YYYY-MM-DD in the definition's time zone (« jusqu'au 30 juin 2021 »); null for the other kinds.",
  })
  endsOn!: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      "The day the convention takes effect, as the definition states it (« prend effet le 1er janvier 2025 »), YYYY-MM-DD in the definition's time zone, whenever it is signed; null: the date agreed when it was created, or the day of its last signature (`Convention.effectiveOn` gives the date fixed).",
  })
  startsOn!: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'Rules v4: a convention in force before its signature owes what fell due before it (or within this period after it) by the last day of this ISO-8601 period counted from the day of its last signature (« dans le mois suivant la signature »): those occurrences and one-offs are `late`, not VIOLATED at signature. Null: the default grace, P1M.',
  })
  graceAfterSignature!: string | null;
  @Field(() => [ID], {
    description:
      'Completion condition: keys of the commitments whose fulfilment (all of them) ends the convention before its term or hard end. Empty: it runs to its term.',
  })
  endsWhenFulfilled!: string[];
  @Field(() => String, { nullable: true }) note!: string | null;
}
