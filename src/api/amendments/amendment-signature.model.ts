import { Field, ID, ObjectType } from '@nestjs/graphql';
import { localDescription } from '../local-time';

@ObjectType()
export class AmendmentSignature {
  @Field(() => ID) signatoryId!: string;
  @Field(() => ID) partyId!: string;
  @Field() signedAt!: string;
  @Field({ description: localDescription('signedAt') }) signedAtLocal!: string;
}
