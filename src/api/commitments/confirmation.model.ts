import { Field, ID, ObjectType } from '@nestjs/graphql';
import { localDescription } from '../local-time';

@ObjectType()
export class Confirmation {
  @Field(() => ID) partyId!: string;
  @Field(() => ID, {
    nullable: true,
    description:
      "The user who confirmed for this party. For a committee meeting (rules v3), the user who recorded the meeting for this party, null when only another party's record names it; under rules v1 and v2, the user who recorded the meeting, on every party's confirmation.",
  })
  userId!: string | null;
  @Field() confirmedAt!: string;
  @Field({ description: localDescription('confirmedAt') }) confirmedAtLocal!: string;
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field(() => String, { nullable: true }) evidenceUrl!: string | null;
}
