import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType()
export class Signatory {
  @Field(() => ID) id!: string;
  @Field() title!: string;
  @Field(() => ID) partyId!: string;
}
