import { Field, ID, ObjectType } from '@nestjs/graphql';
import { localDescription } from '../local-time';

@ObjectType()
export class Meeting {
  @Field() committee!: string;
  @Field() heldOn!: string;
  @Field(() => [ID]) attendingParties!: string[];
  @Field(() => String, { nullable: true }) minutesUrl!: string | null;
  @Field(() => [String]) decisions!: string[];
  @Field(() => ID) recordedBy!: string;
  @Field() recordedAt!: string;
  @Field({ description: localDescription('recordedAt') }) recordedAtLocal!: string;
  @Field(() => ID, {
    nullable: true,
    description:
      'The recurring commitment it fulfilled. Null for a committee that meets "regularly" (no cadence): its meetings are evidence and fulfil no commitment.',
  })
  commitmentKey!: string | null;
  @Field(() => [ID], {
    nullable: true,
    description:
      'Rules v2: the members that recorded the same meeting after recordedBy, confirming or correcting it (one meeting per committee and day, whoever records it). Null for a convention under rules v1.',
  })
  confirmedBy!: string[] | null;
  @Field(() => Boolean, {
    nullable: true,
    description:
      "Rules v2: whether its attendance reaches the committee's quorum; a meeting short of it is recorded but fulfils nothing. Null for a convention under rules v1 (every meeting counted).",
  })
  quorate!: boolean | null;
}
