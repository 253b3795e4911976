import { Field, ID, ObjectType } from '@nestjs/graphql';
import { localDescription } from '../local-time';

@ObjectType()
export class Signature {
  @Field(() => ID) signatoryId!: string;
  @Field() title!: string;
  @Field(() => ID) partyId!: string;
  @Field(() => String, { nullable: true }) signedAt!: string | null;
  @Field(() => String, { nullable: true, description: localDescription('signedAt', true) })
  signedAtLocal!: string | null;
  @Field(() => String, { nullable: true, description: 'Name on the token that signed.' })
  signedBy!: string | null;
}
