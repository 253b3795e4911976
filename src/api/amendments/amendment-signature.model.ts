import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType()
export class AmendmentSignature {
  @Field(() => ID) signatoryId!: string;
  @Field(() => ID) partyId!: string;
  @Field() signedAt!: string;
}
