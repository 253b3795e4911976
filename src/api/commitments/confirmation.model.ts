import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType()
export class Confirmation {
  @Field(() => ID) partyId!: string;
  @Field() confirmedAt!: string;
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field(() => String, { nullable: true }) evidenceUrl!: string | null;
}
