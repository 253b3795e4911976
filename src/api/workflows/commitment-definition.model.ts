import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { CommitmentShape } from './commitment-shape.enum';

@ObjectType({
  description:
    "`if` on a recurring commitment (« la subvention annuelle est versée si le rapport de l'année précédente a été accepté »).",
})
export class OccurrenceCondition {
  @Field(() => ID, { description: 'The recurring commitment whose occurrence must have been fulfilled.' })
  fulfilled!: string;
  @Field({
    description:
      '`previous`: its last occurrence due before the occurrence of this commitment starts. None (the first period): owed.',
  })
  occurrence!: string;
}

@ObjectType()
export class CommitmentDefinition {
  @Field(() => ID) key!: string;
  @Field() article!: string;
  @Field() title!: string;
  @Field() text!: string;
  @Field(() => [ID]) owners!: string[];
  @Field(() => CommitmentShape) shape!: CommitmentShape;
  @Field(() => String, { nullable: true }) due!: string | null;
  @Field(() => String, { nullable: true }) every!: string | null;
  @Field(() => Int, { nullable: true }) atLeast!: number | null;
  @Field(() => String, { nullable: true }) committee!: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      "What `due` counts from: start (the convention takes effect), end (the convention ends, « dans les quatre mois suivant l'échéance ») or after (the day the commitment named in `after` was fulfilled, « à compter de leur remise »). Null when the commitment has no `due`.",
  })
  dueFrom!: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      "One-off only: the date the commitment is due by, YYYY-MM-DD in the definition's time zone, that day included (« au plus tard le 31 décembre 2025 »); missed, it is VIOLATED the day after. Null: due after `due`, or never.",
  })
  dueBy!: string | null;
  @Field(() => [String], {
    nullable: true,
    description:
      'With dueFrom end only: the ways the convention must end for the commitment to arise, as the definition spells them (notice, expiry, evaluation, completion, breach, force-majeure); « en cas de résiliation pour inexécution »: [breach]. Ended otherwise, the commitment never arises and is LAPSED. Null: it arises however the convention ends.',
  })
  onlyIfEndedBy!: string[] | null;
  @Field(() => String, {
    nullable: true,
    description:
      "One-off only: the id of the one-off commitment this one comes after (« dans un délai d'un mois à compter de leur remise »): owed only once that one is fulfilled, its `due` counted from the day of that fulfilment's last confirmation, in the definition's time zone (no `due`: owed from then, with no deadline). An amendment that changes that commitment (`key` → `key.v2`) keeps the order: the new version is waited for. Null: owed from the start.",
  })
  after!: string | null;
  @Field(() => OccurrenceCondition, {
    nullable: true,
    description:
      'Recurring only: each occurrence is owed only if this condition holds; an occurrence that closes unfulfilled while it does not is NOT_OWED, not VIOLATED (decided when the occurrence closes). Null: every occurrence is owed.',
  })
  condition!: OccurrenceCondition | null;
  @Field(() => String, {
    nullable: true,
    description:
      "Recurring only: calendar day, MM-DD in the definition's time zone, on which each yearly occurrence is due, that day included. Null: occurrences follow `every` from the start, or `dueEachYearBefore`.",
  })
  dueEachYearOn!: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      "Recurring with `every` only: ISO-8601 duration after the last day of its period that each occurrence is due, counted from that day in the definition's time zone (« chaque mois, le relevé du mois précédent au plus tard le 10 »: every P1M from the 1st, P10D: January's due on 10 February, VIOLATED on the 11th). The occurrence is open from the day after the previous one was due; the last one, when the convention ends after its period, is still owed until its due date. Null: due on the period's last day.",
  })
  dueAfterPeriod!: string | null;
  @Field({
    description:
      'With `due` (one-off) or `dueAfterPeriod` (recurring), in whole months or years: due on the last day of the month the duration reaches (« le dernier jour du deuxième mois suivant la réception de la facture »: after the invoice, P2M, received on 10 March: due on 31 May). False: due on the day the duration reaches.',
  })
  dueAtMonthEnd!: boolean;
  @Field(() => String, {
    nullable: true,
    description:
      "Recurring only: calendar day, MM-DD in the definition's time zone, before which each yearly occurrence is due, strictly (« avant le 30 avril de chaque année »: due on 29 April). Null: occurrences follow `every` or `dueEachYearOn`.",
  })
  dueEachYearBefore!: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'ISO-8601 duration the commitment stays in effect after the convention ends (confidentiality « pendant cinq ans après le terme »), or `unlimited`: it stays in effect for good (a confidentiality with no end). Null: it ends with the convention.',
  })
  survives!: string | null;
  @Field(() => ID, {
    nullable: true,
    description:
      'The option (`Workflow.options`) this commitment belongs to: it exists only in the conventions created with that option chosen. Null: in every convention.',
  })
  option!: string | null;
}
