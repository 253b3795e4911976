import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType()
export class Committee {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field({
    description:
      'ISO-8601 duration over which the committee must meet (P3M quarterly, P1Y yearly), or "regularly": it meets « régulièrement », with no fixed cadence; its meetings are recorded as evidence, fulfil no commitment, and nothing falls due or is VIOLATED for it.',
  })
  cadence!: string;
  @Field(() => Int, {
    nullable: true,
    description:
      'Meetings required per period (« au moins deux fois par an »: 2). Null for a committee that meets "regularly".',
  })
  atLeast!: number | null;
  @Field(() => [ID]) parties!: string[];
  @Field(() => String, {
    nullable: true,
    description:
      'Who must attend for a meeting to count (rules v2): "all" its members, or at least this many of them (as a number). Null: any one member. A meeting short of it is recorded but fulfils nothing.',
  })
  quorum!: string | null;
  @Field() mission!: string;
}
