import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Criterion } from './criterion.model';

@ObjectType()
export class EvaluationRule {
  @Field({ description: 'ISO-8601 duration, or "term" for one evaluation due before the term ends.' })
  cadence!: string;
  @Field(() => [ID]) parties!: string[];
  @Field(() => [Criterion]) criteria!: Criterion[];
  @Field({ description: 'What follows a complete evaluation: continue, renew or terminate.' }) then!: string;
  @Field(() => String, {
    nullable: true,
    description:
      "The definition's comment on this clause, usually the words of the source text; null when it gives none.",
  })
  note!: string | null;
}
