import { Field, ID, ObjectType } from '@nestjs/graphql';
import { localDescription } from '../local-time';

@ObjectType()
export class Confirmation {
  @Field(() => ID) partyId!: string;
  @Field() confirmedAt!: string;
  @Field({ description: localDescription('confirmedAt') }) confirmedAtLocal!: string;
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field(() => String, { nullable: true }) evidenceUrl!: string | null;
}
