import { Field, ID, ObjectType } from '@nestjs/graphql';
import { localDescription } from '../local-time';

@ObjectType()
export class Notice {
  @Field(() => ID) partyId!: string;
  @Field() givenAt!: string;
  @Field({ description: localDescription('givenAt') }) givenAtLocal!: string;
  @Field() givenOn!: string;
  @Field({ description: 'The convention terminates at the start of this day.' }) effectiveOn!: string;
  @Field() reason!: string;
}
