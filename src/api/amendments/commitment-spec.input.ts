import { Field, ID, Int, InputType } from '@nestjs/graphql';
import { CommitmentShape } from '../workflows/commitment-shape.enum';

@InputType({ description: 'A commitment as an amendment adds it (same fields as in workflows/).' })
export class CommitmentSpecInput {
  @Field(() => ID, { description: 'New key: lowercase letters, digits and dashes.' }) id!: string;
  @Field() article!: string;
  @Field() title!: string;
  @Field() text!: string;
  @Field(() => [ID]) owners!: string[];
  @Field(() => CommitmentShape) shape!: CommitmentShape;
  @Field(() => String, { nullable: true }) due?: string | null;
  @Field(() => String, { nullable: true, description: 'start (default) or end.' }) dueFrom?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'One-off: YYYY-MM-DD, due on that day included (« au plus tard le 31 décembre 2025 »).',
  })
  dueBy?: string | null;
  @Field(() => [String], {
    nullable: true,
    description:
      'With dueFrom end: arises only if the convention ends by one of these (notice, expiry, evaluation, completion, breach, force-majeure).',
  })
  onlyIfEndedBy?: string[] | null;
  @Field(() => ID, {
    nullable: true,
    description:
      'One-off: the key of a one-off commitment (in force, or added by the same amendment) this one comes after: owed only once that one is fulfilled, `due` counted from that day.',
  })
  after?: string | null;
  @Field(() => String, { nullable: true }) every?: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'Recurring with every: due this long after the last day of each period (« au plus tard le 10 du mois suivant »: P10D).',
  })
  dueAfterPeriod?: string | null;
  @Field(() => String, { nullable: true, description: 'MM-DD' }) dueEachYearOn?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'MM-DD, due strictly before it (« avant le 30 avril »).',
  })
  dueEachYearBefore?: string | null;
  @Field(() => Int, { nullable: true }) atLeast?: number | null;
  @Field(() => String, { nullable: true }) committee?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'ISO-8601 duration it stays in effect after the convention ends, or `unlimited` (for good).',
  })
  survives?: string | null;
}
